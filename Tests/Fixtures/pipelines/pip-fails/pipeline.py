"""A Lightweight Python component whose package cannot be installed: pip's index is a directory that
does not exist (file:///tarmac-no-such-index), so pip fails at once and offline. The failure must name
the package. (An http://127.0.0.1:PORT index does not do: KFP also passes it as --trusted-host, which
pip cannot parse with a port, and without a port pip retries for seconds.)"""
import sys

from kfp import compiler, dsl


@dsl.component(base_image='python:3.11-slim', packages_to_install=['tarmac-no-such-package==1.0'], pip_index_urls=['file:///tarmac-no-such-index'])
def needs_package() -> str:
    import tarmac_no_such_package  # noqa: F401  (never reached: pip fails first)
    return 'unreachable'


@dsl.pipeline(name='pip-fails')
def pip_fails():
    needs_package()


if __name__ == '__main__':
    compiler.Compiler().compile(pip_fails, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
