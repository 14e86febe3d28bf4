"""An importer that downloads into the run's workspace (issue 18 point 1, kfp 2.15+):
`dsl.importer(..., download_to_workspace=True)`. The backend's importer downloads the artifact to
/kfp-workspace/.artifacts/<path of its URI> (component/importer_launcher.go, `LocalWorkspacePathForURI`), the
driver marks it `_kfp_workspace` for its consumers (driver/resolve.go, `setWorkspaceFlag`), which then read it
there (launcher_v2.go: not downloaded again, `.path` rebased under the workspace) and get the workspace mounted
(driver.go, `needsWorkspaceMount`). `show` says where it reads the data and returns it. kfp.local 2.17.3 copies the
file into its workspace too, but its consumer reads the original (the copy's `custom_path` does not reach it).
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input

PYTHON = 'docker.io/library/python:3.11-slim'


@dsl.component(base_image=PYTHON)
def show(data: Input[Dataset]) -> str:
    print(f'reading {data.path}')
    with open(data.path) as f:
        return f.read()


@dsl.pipeline(name='workspace-import', pipeline_config=dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(size='1Gi')))
def workspace_import(uri: str) -> str:
    imported = dsl.importer(artifact_uri=uri, artifact_class=Dataset, download_to_workspace=True)
    return show(data=imported.output).output


if __name__ == '__main__':
    compiler.Compiler().compile(workspace_import, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
