"""Two independent tasks that sleep long after announcing themselves, for the interrupt test.

Each starts a background `sleep` of its own as well, so cancelling must end the whole process
group, not just the shell. `marker` makes the processes easy to find.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def sleeper(marker: str):
    return dsl.ContainerSpec(image=BUSYBOX,
                             command=['sh', '-c', 'sleep 300 & echo "started $0"; sleep 301; wait'],
                             args=[marker])


@dsl.pipeline(name='sleeper')
def sleepers(marker: str = 'tarmac-sleeper'):
    sleeper(marker=marker).set_display_name('one')
    sleeper(marker=marker).set_display_name('two')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(sleepers, out)
