"""31 short tasks for the live view's layout tests: 24 siblings named by the compiler (work, work-2 …
work-24, which sort naturally), a ParallelFor over a literal list, a condition and a loop the compiler
named itself (so their display names come from the DSL: `If rounds > 0`, `for item in [1, 2, 3, 4]`),
a task with a display name of its own, and a final task after all of them.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def work(seconds: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'sleep "$0"'], args=[seconds])


@dsl.container_component
def square(number: int):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'sleep 0.3; echo $(($0 * $0))'], args=[number])


@dsl.pipeline(name='wide-fan-out')
def wide_fan_out(rounds: int = 1, seconds: str = '0.6'):
    start = work(seconds='0.1').set_display_name('prepare data')
    siblings = []
    for _ in range(24):
        siblings.append(work(seconds=seconds).after(start))
    with dsl.ParallelFor(items=[1, 2, 3, 4]) as number:
        square(number=number).after(start)
    with dsl.If(rounds > 0):
        work(seconds='0.2').after(start).set_display_name('announce')
    work(seconds='0.1').after(*siblings).set_display_name('summarize')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(wide_fan_out, out)
