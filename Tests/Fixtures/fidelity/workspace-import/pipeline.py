"""An importer that downloads into the run's workspace (issue 18 point 1, kfp 2.15+):
`dsl.importer(..., download_to_workspace=True)`. The backend's importer downloads the artifact to
/kfp-workspace/.artifacts/<path of its URI> (component/importer_launcher.go, `LocalWorkspacePathForURI`), the
driver marks it `_kfp_workspace` for its consumers (driver/resolve.go, `setWorkspaceFlag`), which then read it
there (launcher_v2.go: not downloaded again, `.path` rebased under the workspace) and get the workspace mounted
(driver.go, `needsWorkspaceMount`). `show` reads the copy and says where it found it.
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.component(base_image=PYTHON)
def show(data: Input[Dataset]) -> str:
    print(f'reading {data.path}')
    with open(data.path) as f:
        text = f.read()
    return f"{text} (from the workspace: {'/.artifacts/' in data.path})"


@dsl.pipeline(name='workspace-import', pipeline_config=dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(size='1Gi')))
def workspace_import(uri: str) -> str:
    imported = dsl.importer(artifact_uri=uri, artifact_class=Dataset, download_to_workspace=True)
    return show(data=imported.output).output


if __name__ == '__main__':
    compiler.Compiler().compile(workspace_import, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
