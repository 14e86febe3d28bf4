"""A task whose whole process group ignores SIGTERM, for the second-Ctrl-C test (issue 17.4): the first
interrupt cannot end it (SIGKILL would follow only after the grace period), the second must kill it at once,
before tarmac exits. `marker` makes its processes easy to find.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def stubborn(marker: str):
    return dsl.ContainerSpec(image=BUSYBOX,
                             command=['sh', '-c', "trap '' TERM; sleep 300 & echo \"started $0\"; sleep 301; wait"],
                             args=[marker])


@dsl.pipeline(name='stubborn')
def stubborn_pipeline(marker: str = 'tarmac-stubborn'):
    stubborn(marker=marker).set_display_name('stubborn')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(stubborn_pipeline, out)
