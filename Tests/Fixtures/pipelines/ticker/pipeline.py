"""One task that writes a line, waits, and writes more, for `tarmac logs --follow`.

It waits for `gate` (a file path) to exist before its last line, so the test decides when it ends and
can check that `logs --follow` printed the first lines while the task was still running.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def ticker(gate: str):
    return dsl.ContainerSpec(image=BUSYBOX,
                             command=['sh', '-c', 'echo "tick 1"; echo "tick 2"; '
                                      'while [ ! -e "$0" ]; do sleep 0.1; done; echo "tick 3"'],
                             args=[gate])


@dsl.pipeline(name='ticker')
def tickers(gate: str = '/nonexistent'):
    ticker(gate=gate).set_display_name('tick')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(tickers, out)
