"""A component that exits non-zero, a task that depends on it, and an independent
branch that has not started yet when the failure happens (fail-fast).

`fail` exits 3 at once. `gate` sleeps 2 s, so `after-gate` (independent of `fail`)
is still waiting when `fail` ends: fail-fast must not start it. `after-fail`
consumes `fail`'s output: not run.
"""
import os
import sys

from kfp import compiler, dsl
from kfp.dsl import OutputPath

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def fail(code: int, out: OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "failing with $0" >&2; exit "$0"'],
                             args=[code])


@dsl.container_component
def gate(seconds: int, out: OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX,
                             command=['sh', '-c', 'sleep "$0"; mkdir -p "$(dirname "$1")"; printf open > "$1"'],
                             args=[seconds, out])


@dsl.container_component
def echo(text: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0"'], args=[text])


@dsl.pipeline(name='task-fails')
def task_fails(code: int = 3):
    failing = fail(code=code)
    echo(text=failing.outputs['out']).set_display_name('after-fail')
    slow = gate(seconds=2)
    echo(text=slow.outputs['out']).set_display_name('after-gate')


if __name__ == '__main__':
    compiler.Compiler().compile(task_fails, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
