"""Artifacts written where the component chose (issue 18 point 3, kfp 2.15+): `artifact.set_path(...)` puts
`custom_path` in the executor output, and the launcher uploads the file or directory from there to the
artifact's URI (backend/src/v2/component/launcher_v2.go, `uploadOutputArtifacts`, `retrieveArtifactPath`).
`train` writes a directory and a file outside its artifact paths; `read` finds both through its inputs.
With `plant=True`, `plant_link` points its artifact at a directory holding a symbolic link, which Tarmac refuses.
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Model, Output

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.component(base_image=PYTHON)
def train(text: str, model: Output[Model], report: Output[Dataset]):
    import os
    import tempfile
    own = tempfile.mkdtemp(prefix='model-')
    os.makedirs(os.path.join(own, 'weights'))
    with open(os.path.join(own, 'weights', 'w.txt'), 'w') as f:
        f.write(text)
    model.set_path(own)
    report_path = os.path.join(tempfile.mkdtemp(prefix='report-'), 'report.txt')
    with open(report_path, 'w') as f:
        f.write(text.upper())
    report.set_path(report_path)


@dsl.component(base_image=PYTHON)
def read(model: Input[Model], report: Input[Dataset]) -> str:
    import os
    with open(os.path.join(model.path, 'weights', 'w.txt')) as f:
        weights = f.read()
    with open(report.path) as f:
        return f'{weights} / {f.read()}'


@dsl.component(base_image=PYTHON)
def plant_link(data: Output[Dataset]):
    import os
    import tempfile
    own = tempfile.mkdtemp(prefix='planted-')
    with open(os.path.join(own, 'real.txt'), 'w') as f:
        f.write('real')
    os.symlink('/etc/hostname', os.path.join(own, 'link'))
    data.set_path(own)


@dsl.pipeline(name='custom-path')
def custom_path(text: str = 'own path', plant: bool = False) -> str:
    trained = train(text=text)
    with dsl.If(plant == True):  # noqa: E712 (a pipeline condition, not a Python comparison)
        plant_link()
    return read(model=trained.outputs['model'], report=trained.outputs['report']).output


if __name__ == '__main__':
    compiler.Compiler().compile(custom_path, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
