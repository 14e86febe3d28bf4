"""A component that exits 0 after writing invalid JSON to its executor output file.

A Lightweight Python component finds the file in its own executor input
(`--executor_input` on its command line, `outputs.outputFile`), overwrites it
with text that is not JSON and leaves with os._exit(0), before the SDK's
executor could write the real file."""
import sys

from kfp import compiler, dsl

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def garbage() -> str:
    import json
    import os
    import sys
    executor_input = json.loads(sys.argv[sys.argv.index('--executor_input') + 1])
    path = executor_input['outputs']['outputFile']
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write('{"parameterValues": {"Output": not json')
    sys.stdout.flush()
    os._exit(0)


@dsl.component(base_image=PY)
def consume(text: str) -> str:
    return text


@dsl.pipeline(name='bad-executor-output')
def bad_executor_output():
    consume(text=garbage().output)


if __name__ == '__main__':
    compiler.Compiler().compile(bad_executor_output, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
