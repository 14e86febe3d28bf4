"""f-strings over pipeline channels, pipeline/task placeholders, `.after()`.

* an f-string mixing a pipeline parameter and an upstream output becomes one
  constant with nested {{$.inputs.parameters[...]}} references;
* dsl.PIPELINE_JOB_NAME_PLACEHOLDER / PIPELINE_TASK_NAME_PLACEHOLDER /
  PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER as Python task arguments and as
  container arguments (busybox);
* ordering without data flow via .after().
"""
import os
import sys
from typing import NamedTuple

from kfp import compiler, dsl
from kfp.dsl import Artifact, Output

PY = 'python:3.11-slim'
BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.component(base_image=PY)
def pick_word(words: str, index: int) -> str:
    return words.split(',')[index].strip()


@dsl.component(base_image=PY)
def greet(message: str, job_name: str, task_name: str, created: str) -> str:
    # Job name and time differ per run: print them, return only the message.
    print(f'job={job_name} task={task_name} created={created}')
    assert task_name, 'task name placeholder was not resolved'
    return message


@dsl.component(base_image=PY)
def shout(text: str) -> str:
    return text.upper()


@dsl.container_component
def run_info(label: str, info: Output[Artifact]):
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=['sh', '-c', r'''set -eu
mkdir -p "$(dirname "$1")"
printf 'label=%s\njob=%s\ntask=%s\n' "$2" "$3" "$4" > "$1"
cat "$1"
''', 'run-info'],
        args=[info.path, label, dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
              dsl.PIPELINE_TASK_NAME_PLACEHOLDER],
    )


@dsl.pipeline(name='placeholders',
              description='f-strings, pipeline placeholders and .after().')
def placeholders(greeting: str = 'Hello', words: str = 'moon, world, sun',
                 index: int = 1) -> NamedTuple('Outputs', message=str, loud=str):
    word = pick_word(words=words, index=index)
    hello = greet(
        message=f'{greeting}, {word.output}!',
        job_name=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
        task_name=dsl.PIPELINE_TASK_NAME_PLACEHOLDER,
        # Only an argument that is exactly a placeholder is resolved on a
        # cluster; 'text {{$.pipeline_job_create_time_utc}}' would stay literal.
        created=dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER,
    )
    loud = shout(text=hello.output)
    info = run_info(label=f'after {greeting}')
    info.after(loud)  # no data flows from shout to run-info
    Outputs = NamedTuple('Outputs', message=str, loud=str)
    return Outputs(message=hello.output, loud=loud.output)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(placeholders, out)
