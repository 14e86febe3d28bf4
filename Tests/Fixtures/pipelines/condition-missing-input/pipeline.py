"""A dsl.If on an optional pipeline parameter that has no default: when the run
does not supply it, the condition's input is absent (null)."""
import sys
from typing import Optional

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def echo(text: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "$0"'], args=[text])


@dsl.pipeline(name='condition-missing-input')
def condition_missing_input(mode: Optional[str] = None):
    with dsl.If(mode == 'go', name='mode-is-go'):
        echo(text='going')


if __name__ == '__main__':
    compiler.Compiler().compile(condition_missing_input, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
