"""Sixteen independent tasks that each note when they really started, then sleep a few seconds: with
--max-parallel 16 they must all start at once, on any number of cores."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def nap(seconds: int, started: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; date +%s.%N > "$1"; sleep "$0"'],
                             args=[seconds, started])


@dsl.pipeline(name='wide-naps')
def wide_naps(seconds: int = 4):
    for index in range(16):
        nap(seconds=seconds).set_display_name(f'nap-{index}')


if __name__ == '__main__':
    compiler.Compiler().compile(wide_naps, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
