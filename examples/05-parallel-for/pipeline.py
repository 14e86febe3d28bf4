"""dsl.ParallelFor in its forms, and dsl.Collected of parameters and artifacts.

* a raw list of dicts with item field access and parallelism=2;
* a list produced by an upstream task (parameters and artifacts collected);
* a loop over a pipeline parameter with a nested loop inside (collected twice).
"""
import os
import sys
from typing import List, NamedTuple

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Output

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def describe_item(name: str, weight: str, factor: float) -> str:
    # `weight` is declared str: for a raw list of dicts with mixed value types
    # the SDK types every item field as STRING, so the number 1 arrives as '1'.
    text = f'{name}={int(weight) * factor:g}'
    print(text)
    return text


@dsl.component(base_image=PY)
def join_texts(texts: List[str]) -> str:
    return ','.join(sorted(texts))


@dsl.component(base_image=PY)
def make_numbers(count: int) -> List[int]:
    return list(range(1, count + 1))


@dsl.component(base_image=PY)
def square(x: int) -> int:
    return x * x


@dsl.component(base_image=PY)
def write_number(x: int, part: Output[Dataset]):
    with open(part.path, 'w') as f:
        f.write(f'{x}\n')
    part.metadata['value'] = x


@dsl.component(base_image=PY)
def sum_values(values: List[int]) -> int:
    print(values)
    # Numbers travel as JSON doubles: the collected list may be [1.0, 4.0, ...].
    return int(sum(values))


@dsl.component(base_image=PY)
def merge_parts(parts: Input[List[Dataset]], merged: Output[Dataset]) -> int:
    numbers = sorted(int(open(p.path).read().strip()) for p in parts)
    with open(merged.path, 'w') as f:
        f.write('\n'.join(str(n) for n in numbers) + '\n')
    merged.metadata['parts'] = len(numbers)
    return len(numbers)


@dsl.component(base_image=PY)
def make_label(group: str, index: int) -> str:
    return f'{group}{index}'


@dsl.component(base_image=PY)
def count_labels(labels: List[str]) -> str:
    # A KFP cluster flattens values collected across nested loops into one
    # list; kfp.local (2.17.3) passes a list of per-outer-iteration lists.
    # Accept both shapes.
    flat = []
    for entry in labels:
        flat.extend(entry if isinstance(entry, list) else [entry])
    return f'{len(flat)}:' + '|'.join(sorted(flat))


@dsl.pipeline(name='parallel-for',
              description='ParallelFor over raw, upstream and parameter lists; Collected.')
def parallel_for(
    count: int = 4,
    factor: float = 1.5,
    groups: List[str] = ['x', 'y'],
) -> NamedTuple('Outputs', described=str, sum_of_squares=int, merged=Dataset,
                labels=str):
    # 1. Raw list of dicts, item field access, at most 2 iterations at a time.
    # (A dict key called `name` would clash with the loop channel's own `name`
    # attribute in the SDK, so the keys here are `fruit` and `weight`.)
    with dsl.ParallelFor(
            items=[{'fruit': 'apple', 'weight': 1}, {'fruit': 'banana', 'weight': 2},
                   {'fruit': 'cherry', 'weight': 3}],
            parallelism=2) as item:
        described = describe_item(name=item.fruit, weight=item.weight, factor=factor)
    joined = join_texts(texts=dsl.Collected(described.output))

    # 2. List from an upstream output; collect parameters and artifacts.
    numbers = make_numbers(count=count)
    with dsl.ParallelFor(items=numbers.output, parallelism=2) as n:
        squared = square(x=n)
        written = write_number(x=n)
    total = sum_values(values=dsl.Collected(squared.output))
    merged = merge_parts(parts=dsl.Collected(written.outputs['part']))

    # 3. Loop over a pipeline parameter with a nested loop over a raw list.
    with dsl.ParallelFor(items=groups) as group:
        with dsl.ParallelFor(items=[1, 2, 3]) as index:
            label = make_label(group=group, index=index)
    labels = count_labels(labels=dsl.Collected(label.output))

    Outputs = NamedTuple('Outputs', described=str, sum_of_squares=int,
                         merged=Dataset, labels=str)
    return Outputs(described=joined.output, sum_of_squares=total.output,
                   merged=merged.outputs['merged'], labels=labels.output)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(parallel_for, out)
