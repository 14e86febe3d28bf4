"""Six tasks that each write their own text to an output artifact: five at the root and one in a loop
iteration. The colliding-names test (issue 17.6) renames the root task keys to `a`, `a]`, `tâsk`, `tésk`
and `<loop>.0` (keys the compiler never writes, but IR may hold) and checks that no two share a task
directory.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def w(text: str, out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; printf %s "$0" > "$1"'],
                             args=[text, out.path])


@dsl.pipeline(name='names')
def names():
    for index in range(5):
        w(text=f'root {index}')
    with dsl.ParallelFor(['loop 0']) as item:
        w(text=item)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(names, out)
