"""A flaky component that fails twice and succeeds on its third attempt.

Each attempt appends its KFP_RETRY_INDEX to `<state_dir>/attempts` and fails
while that file has fewer than `succeed_on` lines."""
import sys

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'

FLAKY_SH = r'''set -eu
state_dir="$0"; succeed_on="$1"; out="$2"
mkdir -p "$state_dir" "$(dirname "$out")"
echo "${KFP_RETRY_INDEX:-unset}" >> "$state_dir/attempts"
n=$(wc -l < "$state_dir/attempts" | tr -d ' ')
if [ "$n" -lt "$succeed_on" ]; then echo "attempt $n fails" >&2; exit 7; fi
printf 'succeeded on attempt %s' "$n" > "$out"
'''


@dsl.container_component
def flaky(state_dir: str, succeed_on: int, result: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', FLAKY_SH], args=[state_dir, succeed_on, result])


@dsl.pipeline(name='retry-succeeds')
def retry_succeeds(state_dir: str, succeed_on: int = 3) -> str:
    task = flaky(state_dir=state_dir, succeed_on=succeed_on)
    task.set_retry(num_retries=3, backoff_duration='0s')
    task.set_caching_options(False)
    return task.outputs['result']


if __name__ == '__main__':
    compiler.Compiler().compile(retry_succeeds, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
