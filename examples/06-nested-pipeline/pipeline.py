"""Pipelines used as components (two levels deep).

`clean_text` (pipeline) is used inside `summarize_text` (pipeline), which the
top-level pipeline calls twice: once relying on its `top_n` default, once
overriding it. The nested pipelines return a parameter and an artifact.
"""
import os
import sys
from typing import NamedTuple

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Markdown, Output

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def normalize(text: str, lowercase: bool = True) -> str:
    import re
    cleaned = re.sub(r'[^A-Za-z ]+', ' ', text)
    cleaned = ' '.join(cleaned.split())
    return cleaned.lower() if lowercase else cleaned


@dsl.component(base_image=PY)
def count_words(text: str, top_n: int, counts: Output[Dataset]) -> str:
    from collections import Counter
    ranked = sorted(Counter(text.split()).items(), key=lambda kv: (-kv[1], kv[0]))
    with open(counts.path, 'w') as f:
        f.write('word,count\n')
        for word, n in ranked:
            f.write(f'{word},{n}\n')
    counts.metadata['distinct_words'] = len(ranked)
    return ' '.join(word for word, _ in ranked[:top_n])


@dsl.component(base_image=PY)
def compare(first_top: str, second_top: str, first_counts: Input[Dataset],
            second_counts: Input[Dataset], comparison: Output[Markdown]) -> str:
    a, b = set(first_top.split()), set(second_top.split())
    shared = ' '.join(sorted(a & b)) or '(none)'
    rows_a = len(open(first_counts.path).read().splitlines()) - 1
    rows_b = len(open(second_counts.path).read().splitlines()) - 1
    with open(comparison.path, 'w') as f:
        f.write('# Comparison\n\n')
        f.write(f'* first top words: {first_top} ({rows_a} distinct)\n')
        f.write(f'* second top words: {second_top} ({rows_b} distinct)\n')
        f.write(f'* shared: {shared}\n')
    return shared


@dsl.pipeline
def clean_text(raw: str) -> str:
    """Innermost pipeline: one task, one string output."""
    return normalize(text=raw).output


@dsl.pipeline
def summarize_text(text: str, top_n: int = 3) -> NamedTuple(
        'Summary', top_words=str, counts=Dataset):
    """Middle pipeline: calls clean_text, returns a parameter and an artifact."""
    cleaned = clean_text(raw=text)
    counted = count_words(text=cleaned.output, top_n=top_n)
    Summary = NamedTuple('Summary', top_words=str, counts=Dataset)
    return Summary(top_words=counted.outputs['Output'],
                   counts=counted.outputs['counts'])


@dsl.pipeline(name='nested-pipeline',
              description='Pipelines as components, with defaults and outputs.')
def nested_pipeline(
    first: str = 'The cat sat. The cat ran! A dog sat, the dog slept.',
    second: str = 'The dog barked; the dog ran. Cats and dogs!',
) -> NamedTuple('Outputs', shared=str, first_top=str, second_counts=Dataset,
                comparison=Markdown):
    s1 = summarize_text(text=first)                 # top_n default (3)
    s1.set_display_name('summarize first (default top_n)')
    s2 = summarize_text(text=second, top_n=2)       # top_n overridden
    s2.set_display_name('summarize second (top_n=2)')
    c = compare(first_top=s1.outputs['top_words'], second_top=s2.outputs['top_words'],
                first_counts=s1.outputs['counts'], second_counts=s2.outputs['counts'])
    Outputs = NamedTuple('Outputs', shared=str, first_top=str,
                         second_counts=Dataset, comparison=Markdown)
    return Outputs(shared=c.outputs['Output'], first_top=s1.outputs['top_words'],
                   second_counts=s2.outputs['counts'],
                   comparison=c.outputs['comparison'])


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(nested_pipeline, out)
