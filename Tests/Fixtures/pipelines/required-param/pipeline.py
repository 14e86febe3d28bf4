"""A pipeline with a required parameter (no default) and an int parameter."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def echo(text: str, n: int):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0 $1"'], args=[text, n])


@dsl.pipeline(name='required-param')
def required_param(name: str, n: int = 1):
    echo(text=name, n=n)


if __name__ == '__main__':
    compiler.Compiler().compile(required_param, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
