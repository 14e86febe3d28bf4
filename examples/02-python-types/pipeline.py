"""Lightweight Python components with every parameter and artifact type.

Shows: str/int/float/bool/list/dict/Optional parameters (pipeline inputs and
component inputs), single and NamedTuple returns, OutputPath parameters, and
Dataset, Model, Metrics, ClassificationMetrics, HTML, Markdown and Artifact
artifacts as outputs and as inputs, plus InputPath/OutputPath artifacts.
"""
import os
import sys
from typing import Dict, List, NamedTuple, Optional

from kfp import compiler, dsl
from kfp.dsl import (HTML, Artifact, ClassificationMetrics, Dataset, Input,
                     InputPath, Markdown, Metrics, Model, Output, OutputPath)

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def describe_params(
    text: str,
    count: int,
    ratio: float,
    enabled: bool,
    tags: list,
    options: dict,
    note: Optional[str] = None,
    suffix: str = '!',
) -> NamedTuple('Described', summary=str, scaled=float, upper_tags=List[str],
                lengths=Dict[str, int], is_long=bool, total=int):
    from collections import namedtuple
    assert isinstance(count, int) and isinstance(ratio, float)
    assert isinstance(enabled, bool) and isinstance(tags, list)
    assert isinstance(options, dict)
    summary = f'{text}{suffix} x{count} enabled={enabled} note={note}'
    upper_tags = [str(t).upper() for t in tags]
    lengths = {str(t): len(str(t)) for t in tags}
    total = count + len(tags) + len(options)
    Described = namedtuple(
        'Described', ['summary', 'scaled', 'upper_tags', 'lengths', 'is_long', 'total'])
    print(summary)
    return Described(summary, round(count * ratio, 6), upper_tags, lengths,
                     len(text) > 10, total)


@dsl.component(base_image=PY)
def produce_artifacts(
    summary: str,
    rows: int,
    lengths: Dict[str, int],
    dataset: Output[Dataset],
    model: Output[Model],
    metrics: Output[Metrics],
    classification: Output[ClassificationMetrics],
    page: Output[HTML],
    notes: Output[Markdown],
    blob: Output[Artifact],
    checksum: OutputPath(str),
):
    import hashlib
    import json
    import os
    with open(dataset.path, 'w') as f:
        f.write('id,value\n')
        for i in range(rows):
            f.write(f'{i},{i * i}\n')
    dataset.metadata['rows'] = rows
    dataset.metadata['columns'] = ['id', 'value']

    with open(model.path, 'w') as f:
        json.dump({'kind': 'lookup',
                   'weights': {k: int(v) for k, v in lengths.items()}}, f, sort_keys=True)
    model.metadata['framework'] = 'json-lookup'
    model.metadata['version'] = 1

    metrics.log_metric('rows', rows)
    metrics.log_metric('mean_value', sum(i * i for i in range(rows)) / rows)
    metrics.log_metric('summary_length', len(summary))

    classification.log_confusion_matrix(['cat', 'dog'], [[5, 1], [2, 7]])
    classification.log_roc_curve(
        fpr=[0.0, 0.25, 1.0], tpr=[0.0, 0.75, 1.0], threshold=[1.0, 0.5, 0.0])

    with open(page.path, 'w') as f:
        f.write(f'<html><body><h1>{summary}</h1><p>{rows} rows</p></body></html>\n')
    with open(notes.path, 'w') as f:
        f.write(f'# Notes\n\n* summary: `{summary}`\n* rows: {rows}\n')

    os.makedirs(blob.path, exist_ok=True)  # an artifact may be a directory
    for name, size in sorted(lengths.items()):
        # Numbers inside a dict/list parameter travel as JSON doubles: 5 -> 5.0.
        with open(os.path.join(blob.path, f'{name}.txt'), 'w') as f:
            f.write(name * int(size))
    blob.metadata['files'] = len(lengths)

    digest = hashlib.sha256(open(dataset.path, 'rb').read()).hexdigest()
    with open(checksum, 'w') as f:
        f.write(digest[:16])


@dsl.component(base_image=PY)
def consume_artifacts(
    dataset: Input[Dataset],
    model: Input[Model],
    metrics: Input[Metrics],
    classification: Input[ClassificationMetrics],
    page: Input[HTML],
    notes: Input[Markdown],
    blob: Input[Artifact],
    checksum: str,
    report: Output[Markdown],
) -> str:
    import json
    import os
    rows = open(dataset.path).read().strip().splitlines()[1:]
    weights = json.load(open(model.path))['weights']
    blob_files = sorted(os.listdir(blob.path))
    matrix = classification.metadata['confusionMatrix']['rows']
    correct = int(sum(r['row'][i] for i, r in enumerate(matrix)))
    total = int(sum(sum(r['row']) for r in matrix))
    lines = [
        '# Artifact report',
        '',
        f'* dataset rows: {len(rows)} (metadata says {int(dataset.metadata["rows"])})',
        f'* model framework: {model.metadata["framework"]}, weights: {len(weights)}',
        f'* metrics rows: {int(metrics.metadata["rows"])}',
        f'* classification accuracy: {correct}/{total}',
        f'* html bytes: {len(open(page.path).read())}',
        f'* markdown first line: {open(notes.path).readline().strip()}',
        f'* blob files: {", ".join(blob_files)}',
        f'* checksum: {checksum}',
    ]
    with open(report.path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    return f'{len(rows)} rows, {len(blob_files)} files, accuracy {correct}/{total}'


@dsl.component(base_image=PY)
def copy_with_paths(source: InputPath('Dataset'), copy: OutputPath('Dataset'),
                    header: Optional[str] = None) -> int:
    """InputPath/OutputPath artifacts; `header` is an unset Optional."""
    data = open(source).read()
    with open(copy, 'w') as f:
        if header is not None:
            f.write(header + '\n')
        f.write(data)
    return len(data.splitlines())


@dsl.pipeline(name='python-types',
              description='Every parameter and artifact type in Python components.')
def python_types(
    text: str = 'typed values',
    count: int = 4,
    ratio: float = 0.5,
    enabled: bool = True,
    tags: list = ['alpha', 'beta', 'gamma'],
    options: dict = {'mode': 'full', 'level': 2},
    note: Optional[str] = None,
) -> NamedTuple('Outputs', summary=str, total=int, report=Markdown,
                model=Model, copied_lines=int):
    described = describe_params(text=text, count=count, ratio=ratio,
                                enabled=enabled, tags=tags, options=options,
                                note=note)
    produced = produce_artifacts(summary=described.outputs['summary'],
                                 rows=described.outputs['total'],
                                 lengths=described.outputs['lengths'])
    consumed = consume_artifacts(
        dataset=produced.outputs['dataset'],
        model=produced.outputs['model'],
        metrics=produced.outputs['metrics'],
        classification=produced.outputs['classification'],
        page=produced.outputs['page'],
        notes=produced.outputs['notes'],
        blob=produced.outputs['blob'],
        checksum=produced.outputs['checksum'],
    )
    copied = copy_with_paths(source=produced.outputs['dataset'])
    Outputs = NamedTuple('Outputs', summary=str, total=int, report=Markdown,
                         model=Model, copied_lines=int)
    return Outputs(summary=consumed.outputs['Output'],
                   total=described.outputs['total'],
                   report=consumed.outputs['report'],
                   model=produced.outputs['model'],
                   copied_lines=copied.outputs['Output'])


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(python_types, out)
