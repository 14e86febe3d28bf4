"""dsl.ExitHandler with an exit task that receives dsl.PipelineTaskFinalStatus,
and a task marked .ignore_upstream_failure().

`should_fail` (default False) makes `maybe-fail` raise, to exercise the failure
path: then `after-maybe-fail` is not run, `report-result` still runs with its
default input, the exit task sees state FAILED and the run fails.
"""
import os
import sys

from kfp import compiler, dsl
from kfp.dsl import PipelineTaskFinalStatus

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def notify(message: str, status: PipelineTaskFinalStatus) -> str:
    text = (f'{message}: state={status.state} task={status.pipeline_task_name} '
            f'error={status.error_code}/{status.error_message}')
    print(text)
    return status.state


@dsl.component(base_image=PY)
def prepare(message: str) -> str:
    return message.strip().capitalize()


@dsl.component(base_image=PY)
def maybe_fail(text: str, should_fail: bool) -> str:
    if should_fail:
        raise RuntimeError(f'asked to fail while processing {text!r}')
    return f'{text} (processed)'


@dsl.component(base_image=PY)
def after_maybe_fail(text: str) -> str:
    return f'{text} (checked)'


@dsl.component(base_image=PY)
def report_result(result: str = 'no result: upstream failed') -> str:
    print(result)
    return result


@dsl.pipeline(name='exit-handler',
              description='ExitHandler + PipelineTaskFinalStatus + ignore_upstream_failure.')
def exit_handler(message: str = 'hello exit handler', should_fail: bool = False):
    exit_task = notify(message=message)
    exit_task.set_caching_options(False)
    with dsl.ExitHandler(exit_task, name='main-work'):
        prepared = prepare(message=message)
        risky = maybe_fail(text=prepared.output, should_fail=should_fail)
        after_maybe_fail(text=risky.output)
        # Runs once `maybe-fail` is final, whether it succeeded or failed.
        report_result(result=risky.output).ignore_upstream_failure()


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(exit_handler, out)
