"""Retries as the backend compiles them (issue 18 point 7), after the SDK's pipeline_with_retry test.

`check_attempt` fails until `{{retries}}` (Argo's 0-based attempt index, substituted in a retried
task's inputs) equals `wanted`, so every task succeeds only on its last allowed attempt, and only
if the attempt index is substituted and the retry policy of a sub-pipeline task reaches the tasks
inside it that have none of their own (backend/src/v2/compiler/visitor.go).
"""
import sys
from typing import NamedTuple

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def check_attempt(attempt: str, wanted: str, said: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', 'echo "attempt $0 of wanted $1"; [ "$0" = "$1" ] || exit 3; printf "%s" "$0" > "$2"'],
        args=[attempt, wanted, said])


@dsl.pipeline(name='retry-inner-none')
def inner_none() -> str:
    return check_attempt(attempt='{{retries}}', wanted='1').outputs['said']


@dsl.pipeline(name='retry-inner-own')
def inner_own() -> str:
    return check_attempt(attempt='{{retries}}', wanted='2').set_retry(num_retries=2).outputs['said']


@dsl.pipeline(name='retry-inherited')
def retry_inherited() -> NamedTuple('Outputs', own=str, inherited=str, overridden=str):
    own = check_attempt(attempt='{{retries}}', wanted='2').set_retry(num_retries=2, backoff_duration='0s')
    inherited = inner_none().set_retry(num_retries=1, backoff_duration='0s')
    overridden = inner_own().set_retry(num_retries=1, backoff_duration='0s')
    Outputs = NamedTuple('Outputs', own=str, inherited=str, overridden=str)
    return Outputs(own=own.outputs['said'], inherited=inherited.output, overridden=overridden.output)


if __name__ == '__main__':
    compiler.Compiler().compile(retry_inherited, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
