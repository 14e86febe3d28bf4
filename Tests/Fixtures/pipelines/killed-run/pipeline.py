"""For the kill -9 test: `quick` finishes at once, `slow` sleeps `seconds` (with a background sleep of
its own, so its whole process group must be ended), then `report` joins both.

The test kills tarmac while `slow` sleeps, then reruns with seconds=0: `quick` must come from the
cache, `slow` and `report` run, and the killed run shows as INTERRUPTED with no process left behind.
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import OutputPath

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def quick(out: OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$0")"; printf quick > "$0"'], args=[out])


@dsl.container_component
def slow(seconds: int, marker: str, out: OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX,
                             command=['sh', '-c', 'sleep "$0" & echo "slow $1"; wait; mkdir -p "$(dirname "$2")"; printf slow > "$2"'],
                             args=[seconds, marker, out])


@dsl.container_component
def report(a: str, b: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0 $1"'], args=[a, b])


@dsl.pipeline(name='killed-run')
def killed_run(seconds: int = 300, marker: str = 'tarmac-killed'):
    first = quick()
    second = slow(seconds=seconds, marker=marker)
    report(a=first.output, b=second.output)


if __name__ == '__main__':
    compiler.Compiler().compile(killed_run, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
