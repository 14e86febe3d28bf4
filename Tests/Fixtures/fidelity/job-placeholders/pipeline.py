"""Job placeholders as the KFP backend fills them (issue 18 point 6), after the SDK's
pipeline_with_placeholders test data, which asserts on a cluster that the task name is the task's
and the resource name starts with '<pipeline name>-' (backend/src/v2/driver/resolve.go).
"""
import sys

from kfp import compiler, dsl


@dsl.component(base_image='docker.io/library/python:3.11-slim')
def print_all_placeholders(job_name: str, job_resource_name: str, job_id: str, task_name: str, task_id: str,
                           create_time: str, schedule_time: str) -> str:
    import json
    values = dict(job_name=job_name, job_resource_name=job_resource_name, job_id=job_id, task_name=task_name,
                  task_id=task_id, create_time=create_time, schedule_time=schedule_time)
    for name, value in values.items():
        if '{{' in value or value == '':
            raise RuntimeError(f'{name} was not replaced: {value!r}')
    assert task_name == 'print-all-placeholders'
    assert job_resource_name.startswith('pipeline-with-placeholders-')
    return json.dumps(values, sort_keys=True)


@dsl.pipeline(name='pipeline-with-placeholders')
def pipeline_with_placeholders() -> str:
    task = print_all_placeholders(
        job_name=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
        job_resource_name=dsl.PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER,
        job_id=dsl.PIPELINE_JOB_ID_PLACEHOLDER,
        task_name=dsl.PIPELINE_TASK_NAME_PLACEHOLDER,
        task_id=dsl.PIPELINE_TASK_ID_PLACEHOLDER,
        create_time=dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER,
        schedule_time=dsl.PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER,
    ).set_caching_options(False)
    return task.output


if __name__ == '__main__':
    compiler.Compiler().compile(pipeline_with_placeholders, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
