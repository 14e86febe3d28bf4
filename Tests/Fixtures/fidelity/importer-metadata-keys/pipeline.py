"""Importer metadata whose keys are placeholders (issue 18 point 5).

The SDK compiles a pipeline parameter used as a metadata key into a
`{{$.inputs.parameters['metadata-N']}}` key; Tarmac resolves keys as well as values (the KFP backend keeps
both literal: `validate --cluster-compat` says so). `read` prints the metadata the importer recorded.
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.component(base_image=PYTHON)
def read(data: Input[Dataset]) -> str:
    import json
    return json.dumps(data.metadata, sort_keys=True)


@dsl.pipeline(name='importer-metadata-keys')
def importer_metadata_keys(key: str = 'owner', name: str = 'ada', version: int = 3) -> str:
    imported = dsl.importer(artifact_uri='data.csv', artifact_class=Dataset, reimport=True,
                            metadata={key: [name, 'fixed'], 'version': version, 'plain': 'text'})
    return read(data=imported.output).output


if __name__ == '__main__':
    compiler.Compiler().compile(importer_metadata_keys, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
