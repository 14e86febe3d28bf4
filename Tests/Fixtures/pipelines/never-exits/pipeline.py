"""A task that never exits (for --task-timeout) next to an independent healthy task."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def hang(marker: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "hanging $0"; sleep 1000 & sleep 1001; wait'], args=[marker])


@dsl.container_component
def healthy():
    return dsl.ContainerSpec(image=BUSYBOX, command=['echo', 'healthy'])


@dsl.pipeline(name='never-exits')
def never_exits(marker: str):
    hang(marker=marker).set_display_name('hang')
    healthy().set_display_name('healthy')


if __name__ == '__main__':
    compiler.Compiler().compile(never_exits, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
