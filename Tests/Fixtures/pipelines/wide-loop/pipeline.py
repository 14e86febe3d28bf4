"""A 40-task loop for the report's graph: `start`, then 20 iterations of `produce` -> `consume`
(an artifact, `data`, between them), so the report draws 42 boxes in one loop group with 20
iteration groups and 40 labelled artifact edges. Shell components: fast with the subprocess runner.
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import Artifact, Input, Output

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def say(word: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['echo'], args=[word])


@dsl.container_component
def produce(item: int, data: Output[Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; echo "item $0" > "$1"'],
                             args=[item, data.path])


@dsl.container_component
def consume(data: Input[Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['cat'], args=[data.path])


@dsl.pipeline(name='wide-loop')
def wide_loop():
    start = say(word='start')
    with dsl.ParallelFor(items=list(range(20))) as item:
        made = produce(item=item).after(start)
        consume(data=made.outputs['data'])


if __name__ == '__main__':
    compiler.Compiler().compile(wide_loop, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
