"""Components that try to make Tarmac read, write or record outside their task directory.

`outside` is a directory outside the pipeline root holding `secret.txt`. Lightweight Python components write
a crafted executor output file (`@TASK@` and `@OUTSIDE@` are replaced by their task directory and `outside`) and leave with os._exit(0);
shell components plant symbolic links and FIFOs where Tarmac reads or writes. Only `healthy`, `metadata-keys`
and `plant-log-link` (whose second attempt succeeds) may succeed.
"""
import sys

from kfp import compiler, dsl

PY = 'python:3.11-slim'
BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.component(base_image=PY)
def report_artifact(text: str, outside: str, out: dsl.Output[dsl.Artifact]):
    import json, os, sys
    path = json.loads(sys.argv[sys.argv.index('--executor_input') + 1])['outputs']['outputFile']
    with open(path, 'w') as f:
        f.write(text.replace('@TASK@', os.path.dirname(path)).replace('@OUTSIDE@', outside))
    sys.stdout.flush()
    os._exit(0)


@dsl.component(base_image=PY)
def report_int(text: str) -> int:
    import json, os, sys
    path = json.loads(sys.argv[sys.argv.index('--executor_input') + 1])['outputs']['outputFile']
    with open(path, 'w') as f:
        f.write(text)
    sys.stdout.flush()
    os._exit(0)


@dsl.component(base_image=PY)
def consume_int(n: int) -> int:
    return n


@dsl.container_component
def wrong_type_file(value: dsl.OutputPath(int)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "not a number" > "$0"'], args=[value])


@dsl.container_component
def link_parameter(target: str, value: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'ln -s "$0" "$1"'], args=[target, value])


@dsl.container_component
def fifo_parameter(value: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkfifo "$0"'], args=[value])


@dsl.container_component
def link_artifact(target: str, out: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'ln -s "$0" "$1"'], args=[target, out.path])


@dsl.container_component
def plant_log_link(outside: str, marker: dsl.OutputPath(str)):
    # Attempt 0 plants attempt 1's log as a link to a file in `outside` and fails; attempt 1 succeeds.
    script = ('task=$(dirname "$(dirname "$(dirname "$1")")"); '
              'if [ "$KFP_RETRY_INDEX" = 0 ]; then ln -s "$0/planted-log" "$task/attempt-1.log"; '
              'echo planted; exit 1; fi; echo second attempt; echo ok > "$1"')
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', script], args=[outside, marker])


@dsl.container_component
def healthy():
    return dsl.ContainerSpec(image=BUSYBOX, command=['echo', 'healthy'])


@dsl.pipeline(name='hostile-outputs')
def hostile_outputs(outside: str):
    healthy().set_display_name('healthy')
    report_artifact(text='{"artifacts": {"out": {"artifacts": [{"uri": "@OUTSIDE@/by-uri"}]}}}', outside=outside).set_display_name('absolute-uri')
    report_artifact(text='{"artifacts": {"out": {"artifacts": [{"uri": "@TASK@/../../../../../../../../@OUTSIDE@/by-dots"}]}}}',
                    outside=outside).set_display_name('dotdot-uri')
    report_artifact(text='{"artifacts": {"out": {"artifacts": [{"uri": "../../by-relative"}]}}}', outside=outside).set_display_name('relative-uri')
    report_artifact(text='{"artifacts": {"out": {"artifacts": [{"metadata": '
                         '{"../../../by-meta": 1, "/tmp/by-meta": "v", "": "empty", "a/../../b": true}}]}}}',
                    outside=outside).set_display_name('metadata-keys')
    wrong = report_int(text='{"parameterValues": {"Output": "not a number"}}').set_display_name('wrong-type')
    consume_int(n=wrong.output).set_display_name('after-wrong-type')
    wrong_file = wrong_type_file().set_display_name('wrong-type-file')
    consume_int(n=wrong_file.output).set_display_name('after-wrong-type-file')
    link_parameter(target=f'{outside}/secret.txt').set_display_name('link-parameter')
    fifo_parameter().set_display_name('fifo-parameter')
    link_artifact(target=outside).set_display_name('link-artifact')
    plant_log_link(outside=outside).set_display_name('plant-log-link').set_retry(num_retries=1, backoff_duration='0s')


if __name__ == '__main__':
    compiler.Compiler().compile(hostile_outputs, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
