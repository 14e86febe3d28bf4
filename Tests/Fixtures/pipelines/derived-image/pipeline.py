"""Two Lightweight Python components that differ only in their install set (six 1.16.0 / 1.15.0), for the derived
images of the container runner: each gets its own image, a rerun reuses them, and the outputs are those of the
compiled command (TARMAC_DERIVED_IMAGES=0). `old` opts out of the cache, so no cache entry is ever made with its image.
"""
import os
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Output

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.component(base_image=PYTHON, packages_to_install=['six==1.16.0'])
def new(word: str, note: Output[Dataset]) -> str:
    import six
    with open(note.path, 'w') as f:
        f.write(f'{word} with six {six.__version__}')
    return six.__version__


@dsl.component(base_image=PYTHON, packages_to_install=['six==1.15.0'])
def old(word: str) -> str:
    import six
    return f'{word} {six.__version__}'


@dsl.pipeline(name='derived-image')
def derived_image(word: str = 'hello') -> str:
    new(word=word)
    return old(word=word).set_caching_options(False).output


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(derived_image, out)
