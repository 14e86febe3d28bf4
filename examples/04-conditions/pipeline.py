"""dsl.If / dsl.Elif / dsl.Else driven by upstream outputs and parameters.

With the default parameters the text has 14 characters, so the `medium`
branch (the Elif) runs; the `long` (If) and `short` (Else) branches are skipped.
"""
import os
import sys
from typing import NamedTuple

from kfp import compiler, dsl

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def measure(text: str) -> NamedTuple('Measured', length=int, first_word=str,
                                     vowel_ratio=float, has_digits=bool):
    from collections import namedtuple
    vowels = sum(1 for c in text.lower() if c in 'aeiou')
    words = text.split()
    return namedtuple('Measured', ['length', 'first_word', 'vowel_ratio', 'has_digits'])(
        len(text), words[0] if words else '', round(vowels / max(len(text), 1), 4),
        any(c.isdigit() for c in text))


@dsl.component(base_image=PY)
def announce(label: str, detail: str = '') -> str:
    message = f'{label}: {detail}' if detail else label
    print(message)
    return message


@dsl.pipeline(name='conditions',
              description='If/Elif/Else on upstream outputs, nested If, parameter conditions.')
def conditions(
    text: str = 'hello kubeflow',
    long_after: int = 20,
    verbose: bool = True,
    vowel_limit: float = 0.5,
) -> NamedTuple('Outputs', length=int, first_word=str):
    m = measure(text=text)

    # Branch on an integer output compared with a parameter and a literal.
    with dsl.If(m.outputs['length'] > long_after, name='is-long'):
        announce(label='long', detail=text)
    with dsl.Elif(m.outputs['length'] >= 5, name='is-medium'):
        medium = announce(label='medium', detail=text)
        # Nested condition on a string output, inside the Elif branch.
        with dsl.If(m.outputs['first_word'] == 'hello', name='greets'):
            announce(label='greeting detected').after(medium)
        with dsl.Else(name='no-greeting'):
            announce(label='no greeting').after(medium)
    with dsl.Else(name='is-short'):
        announce(label='short', detail=text)

    # Conditions on a bool parameter and on a float output.
    with dsl.If(verbose == True, name='verbose-on'):
        announce(label='verbose mode')
    with dsl.If(m.outputs['vowel_ratio'] < vowel_limit, name='few-vowels'):
        announce(label='few vowels')
    # A bool output compared with a literal: false by default, so skipped.
    with dsl.If(m.outputs['has_digits'] == True, name='has-digits'):
        announce(label='contains digits')

    Outputs = NamedTuple('Outputs', length=int, first_word=str)
    return Outputs(length=m.outputs['length'], first_word=m.outputs['first_word'])


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(conditions, out)
