"""dsl.OneOf for a parameter and an artifact, returned as pipeline outputs.

`choose_mode` maps the `budget` parameter to a mode; exactly one branch of the
If/Elif/Else runs and its outputs surface through dsl.OneOf. With the default
budget (7) the mode is `balanced`, so the Elif branch runs.
"""
import os
import sys
from typing import NamedTuple

from kfp import compiler, dsl
from kfp.dsl import Input, Model, Output

PY = 'python:3.11-slim'


@dsl.component(base_image=PY)
def choose_mode(budget: int) -> str:
    if budget >= 10:
        return 'thorough'
    if budget >= 5:
        return 'balanced'
    return 'quick'


@dsl.component(base_image=PY)
def build_model(mode: str, layers: int, model: Output[Model]) -> str:
    with open(model.path, 'w') as f:
        f.write(f'mode={mode}\nlayers={layers}\n')
    model.metadata['mode'] = mode
    model.metadata['layers'] = layers
    return f'{mode} model with {layers} layers'


@dsl.component(base_image=PY)
def inspect_model(description: str, model: Input[Model]) -> str:
    content = open(model.path).read().strip().replace('\n', ';')
    text = f'{description} [{content}]'
    print(text)
    return text


@dsl.pipeline(name='oneof', description='dsl.OneOf parameter and artifact outputs.')
def oneof_pipeline(budget: int = 7) -> NamedTuple('Outputs', description=str,
                                                   model=Model, inspected=str):
    mode = choose_mode(budget=budget)
    with dsl.If(mode.output == 'thorough', name='thorough'):
        big = build_model(mode=mode.output, layers=12)
    with dsl.Elif(mode.output == 'balanced', name='balanced'):
        mid = build_model(mode=mode.output, layers=6)
    with dsl.Else(name='quick'):
        small = build_model(mode=mode.output, layers=2)
    description = dsl.OneOf(big.outputs['Output'], mid.outputs['Output'],
                            small.outputs['Output'])
    model = dsl.OneOf(big.outputs['model'], mid.outputs['model'],
                      small.outputs['model'])
    inspected = inspect_model(description=description, model=model)
    Outputs = NamedTuple('Outputs', description=str, model=Model, inspected=str)
    return Outputs(description=description, model=model, inspected=inspected.output)


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(oneof_pipeline, out)
