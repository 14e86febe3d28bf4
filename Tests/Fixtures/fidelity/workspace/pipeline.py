"""A run's workspace (issue 18 point 1, kfp 2.14+): `dsl.PipelineConfig(workspace=...)` and
`dsl.WORKSPACE_PATH_PLACEHOLDER`. The backend gives the run one volume, mounted at /kfp-workspace in each
task that names it, and puts that path in the placeholder (backend/src/v2/driver/resolve.go, driver.go).
`write` leaves a file there, `count` and `read` find it in later tasks.
"""
import sys

from kfp import compiler, dsl

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.component(base_image=PYTHON)
def write(workspace: str, text: str) -> str:
    import os
    os.makedirs(os.path.join(workspace, 'notes'), exist_ok=True)
    with open(os.path.join(workspace, 'notes', 'note.txt'), 'w') as f:
        f.write(text)
    return 'written'


@dsl.component(base_image=PYTHON)
def count(workspace: str) -> str:
    import os
    return str(os.path.getsize(os.path.join(workspace, 'notes', 'note.txt')))


@dsl.component(base_image=PYTHON)
def read(workspace: str, size: str) -> str:
    import os
    with open(os.path.join(workspace, 'notes', 'note.txt')) as f:
        return f'{f.read()} ({size} bytes)'


@dsl.pipeline(name='workspace', pipeline_config=dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(size='1Gi')))
def workspace(text: str = 'left in the workspace') -> str:
    wrote = write(workspace=dsl.WORKSPACE_PATH_PLACEHOLDER, text=text)
    counted = count(workspace=dsl.WORKSPACE_PATH_PLACEHOLDER).after(wrote)
    return read(workspace=dsl.WORKSPACE_PATH_PLACEHOLDER, size=counted.output).output


if __name__ == '__main__':
    compiler.Compiler().compile(workspace, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
