"""A fan-out of tasks that sleep known amounts, for the timing test. Each process writes its own start
and end time (`date +%s.%N`) to `<state_dir>/<seconds>.start` and `.end`, so the test can compare the
times Tarmac records with what each process saw, never with a wall-clock bound."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def nap(seconds: str, state_dir: str):
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', 'date +%s.%N > "$1/$0.start"; sleep "$0"; date +%s.%N > "$1/$0.end"'],
        args=[seconds, state_dir])


@dsl.pipeline(name='fan-out-sleeps')
def fan_out_sleeps(state_dir: str):
    with dsl.ParallelFor(['0.7', '0.2', '0.5', '0.3']) as seconds:
        nap(seconds=seconds, state_dir=state_dir).set_caching_options(False)


if __name__ == '__main__':
    compiler.Compiler().compile(fan_out_sleeps, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
