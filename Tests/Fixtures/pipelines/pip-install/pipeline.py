"""A container task that runs `pip install` from PyPI in python:3.11-slim, for the proxy tests.

Behind this machine's TLS-intercepting proxy, pip in a container fails with CERTIFICATE_VERIFY_FAILED
unless the proxy's CA bundle is mounted and named (`--inherit-proxy`). No pip cache (a cached index
page would hide the network), no retries (the failure is quick).
"""
import os
import sys

from kfp import compiler, dsl

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.container_component
def install(package: str):
    return dsl.ContainerSpec(image=PYTHON, command=[
        'sh', '-c', 'pip install --no-cache-dir --retries 0 --timeout 30 --disable-pip-version-check "$0"'
        ' && python3 -c "import importlib.metadata as m; print(\'installed\', m.version(\'$0\'))"'],
        args=[package])


@dsl.pipeline(name='pip-install')
def pip_install(package: str = 'six'):
    install(package=package)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(pip_install, out)
