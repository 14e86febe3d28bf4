"""A container component whose image exists nowhere: the container runner must fail the task
with a message naming the image (and the engine's own error)."""
import os
import sys

from kfp import compiler, dsl

MISSING = 'localhost/tarmac-no-such-image:0.0'


@dsl.container_component
def absent():
    return dsl.ContainerSpec(image=MISSING, command=['sh', '-c', 'echo never'])


@dsl.pipeline(name='missing-image')
def missing_image():
    absent()


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(missing_image, out)
