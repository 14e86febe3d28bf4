"""A container component that exits 0 without writing its declared
OutputPath(str) parameter, and a consumer of that output."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def forgetful(value: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "not writing $0"'], args=[value])


@dsl.container_component
def consume(text: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0"'], args=[text])


@dsl.pipeline(name='missing-output')
def missing_output():
    consume(text=forgetful().outputs['value'])


if __name__ == '__main__':
    compiler.Compiler().compile(missing_output, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
