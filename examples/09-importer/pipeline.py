"""dsl.importer: one URI from a pipeline parameter (default: a relative path to
a file shipped next to this pipeline), one constant gs:// URI, both with
metadata (static values and a value taken from a pipeline parameter).

Tarmac resolves the relative default `data/sample.csv` against the pipeline
file's folder; remote schemes such as gs:// are mapped to local directories
with --uri-map (see README.md).
"""
import os
import sys
from typing import List, NamedTuple

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Model

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def summarize_csv(data: Input[Dataset]) -> NamedTuple(
        'CsvSummary', rows=int, columns=List[str], source=str):
    import csv
    from collections import namedtuple
    with open(data.path, newline='') as f:
        table = list(csv.reader(f))
    header, body = table[0], table[1:]
    source = str(data.metadata.get('source', 'unknown'))
    print(f'{data.uri}: {len(body)} rows, columns {header}, source {source}')
    return namedtuple('CsvSummary', ['rows', 'columns', 'source'])(len(body), header, source)


@dsl.component(base_image=PY)
def inspect_reference(model: Input[Model]) -> str:
    import os
    framework = model.metadata.get('framework', 'unknown')
    if os.path.isfile(model.path):
        first = open(model.path).readline().strip()
        text = f'{framework}: {first}'
    else:
        # Without a --uri-map for gs://tarmac-examples the bytes are not
        # available locally; the artifact record (URI, metadata) still is.
        text = f'{framework}: not downloaded ({model.uri})'
    print(text)
    return text


@dsl.pipeline(name='importer', description='dsl.importer with parameter and constant URIs.')
def importer_pipeline(
    data_uri: str = 'data/sample.csv',
    source_label: str = 'shipped sample',
) -> NamedTuple('Outputs', rows=int, reference=str, data=Dataset):
    data = dsl.importer(
        artifact_uri=data_uri,
        artifact_class=Dataset,
        reimport=False,
        metadata={'source': source_label, 'format': 'csv'},
    )
    # No set_display_name on importers: on a KFP cluster consumers look an
    # importer up by its display name, so renaming it breaks them.
    baseline = dsl.importer(
        artifact_uri='gs://tarmac-examples/models/baseline.txt',
        artifact_class=Model,
        reimport=True,
        metadata={'framework': 'plain-text', 'version': 1},
    )
    summary = summarize_csv(data=data.output)
    reference = inspect_reference(model=baseline.output)
    Outputs = NamedTuple('Outputs', rows=int, reference=str, data=Dataset)
    return Outputs(rows=summary.outputs['rows'], reference=reference.output,
                   data=data.output)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(importer_pipeline, out)
