"""kfp-kubernetes `set_timeout` (activeDeadlineSeconds) of 2 s on a task that sleeps 600 s: the task
must fail as timed out, and in a container the container must be removed."""
import os
import sys

from kfp import compiler, dsl, kubernetes

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def slow(marker: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "sleeping $0"; sleep 600'], args=[marker])


@dsl.pipeline(name='deadline')
def deadline(marker: str = 'tarmac-deadline'):
    task = slow(marker=marker)
    task.set_caching_options(False)
    kubernetes.set_timeout(task, 2)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(deadline, out)
