"""An environment variable whose name is not a shell identifier (issue 18 point 8).

Kubernetes accepts `my-cm-env-var`; the Lightweight Python command starts with `sh -c`, and Debian's dash
(the python images' /bin/sh) drops such a variable before Python starts, so `read_env` sees it missing,
on the cluster as here. `MY_PLAIN_VAR` arrives. Tarmac warns, naming the variable and the shell.
"""
import sys

from kfp import compiler, dsl


@dsl.component(base_image='docker.io/library/python:3.11-slim')
def read_env() -> str:
    import os
    return f"plain={os.environ.get('MY_PLAIN_VAR')} dashed={os.environ.get('my-cm-env-var')}"


@dsl.pipeline(name='env-not-identifier')
def env_not_identifier() -> str:
    task = read_env()
    task.set_env_variable('MY_PLAIN_VAR', 'one')
    task.set_env_variable('my-cm-env-var', 'two')
    return task.output


if __name__ == '__main__':
    compiler.Compiler().compile(env_not_identifier, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
