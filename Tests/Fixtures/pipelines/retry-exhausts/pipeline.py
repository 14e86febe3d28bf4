"""A component that always fails, retried twice (3 attempts), then a consumer."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def always_fails(state_dir: str, result: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', 'mkdir -p "$0"; echo "${KFP_RETRY_INDEX:-unset}" >> "$0/attempts"; exit 5'],
        args=[state_dir, result])


@dsl.container_component
def consume(text: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0"'], args=[text])


@dsl.pipeline(name='retry-exhausts')
def retry_exhausts(state_dir: str):
    task = always_fails(state_dir=state_dir)
    task.set_retry(num_retries=2, backoff_duration='0s')
    task.set_caching_options(False)
    consume(text=task.outputs['result'])


if __name__ == '__main__':
    compiler.Compiler().compile(retry_exhausts, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
