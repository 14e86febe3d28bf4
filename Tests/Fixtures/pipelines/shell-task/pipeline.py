"""One task running the shell script given as the `script` parameter: the fault-injection cases of
scripts/chaos (issue 17) pass the hostile part (a daemon, a FIFO, a long sleep) on the command line.
"""
import os
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def shell(script: str, out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; eval "$0"', script, out.path])


@dsl.pipeline(name='shell-task')
def shell_task(script: str = 'echo hello > "$1"'):
    shell(script=script).set_display_name('t')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(shell_task, out)
