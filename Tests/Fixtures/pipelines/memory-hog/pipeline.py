"""A busybox task that needs far more memory than its limit (16M): in a container it is killed
by the out-of-memory killer, for the container runner's out-of-memory message."""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def hog(megabytes: int):
    # Command substitution keeps the whole output in the shell's memory.
    return dsl.ContainerSpec(image=BUSYBOX,
                             command=['sh', '-c', 'x="$(head -c "$0"000000 /dev/zero | tr "\\0" a)"; echo "held ${#x} bytes"'],
                             args=[megabytes])


@dsl.pipeline(name='memory-hog')
def memory_hog(megabytes: int = 200):
    hog(megabytes=megabytes).set_memory_limit('16M')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(memory_hog, out)
