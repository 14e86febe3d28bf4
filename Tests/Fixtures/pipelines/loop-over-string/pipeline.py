"""A ParallelFor whose items are a string at run time.

The SDK refuses to loop over a STRING channel, but cannot check a field of an
outer loop's item: here the inner loop iterates over `group.members` of each
element of `groups`. A string
that holds a JSON array is iterated (ir-semantics 4.2.4); any other string, such
as the default "abc", fails the inner loop task."""
import sys
from typing import List

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def echo(text: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0"'], args=[text])


@dsl.pipeline(name='loop-over-string')
def loop_over_string(groups: List[dict] = [{'members': 'abc'}]):
    with dsl.ParallelFor(items=groups) as group:
        with dsl.ParallelFor(items=group.members) as item:
            echo(text=item)


if __name__ == '__main__':
    compiler.Compiler().compile(loop_over_string, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
