"""What the KFP backend does that the SDK's local runner does differently, pinned (issue 18 point 10).

- A `Collected` of a task inside two nested loops is one flat list, outer index major
  (backend/src/v2/driver/resolve.go, `CollectInputs`): `join` receives 6 strings, not 2 lists of 3.
- A bare `{{$.inputs.artifacts['data']}}` for an artifact list is left literal by the launcher, which
  substitutes only `.uri`/`.path` (backend/src/v2/component/launcher_v2.go): `bare` writes the text.
- An exit task's `PipelineTaskFinalStatus.state` is `COMPLETE` or `FAILED` (resolve.go, final status).
"""
import sys
from typing import List

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Output

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def pair(a: int, b: int, said: dsl.OutputPath(str), out: Output[Dataset]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'printf "%s-%s" "$0" "$1" | tee "$2" > "$3"'],
                             args=[a, b, said, out.path])


@dsl.component(base_image='docker.io/library/python:3.11-slim')
def join(items: List[str]) -> str:
    return ','.join(items)


@dsl.container_component
def bare(data: Input[List[Dataset]], said: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'printf "%s" "$0" > "$1"'], args=[data, said])


@dsl.container_component
def fail_after(joined: str):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'echo "failing after $0"; exit 4'], args=[joined])


@dsl.component(base_image='docker.io/library/python:3.11-slim')
def notify(status: dsl.PipelineTaskFinalStatus) -> str:
    return status.state


@dsl.pipeline(name='cluster-pins')
def cluster_pins(outer: List[int] = [1, 2], inner: List[int] = [10, 20, 30]):
    with dsl.ParallelFor(outer) as o:
        with dsl.ParallelFor(inner) as i:
            made = pair(a=o, b=i)
    joined = join(items=dsl.Collected(made.outputs['said']))
    bare(data=dsl.Collected(made.outputs['out']))
    with dsl.ExitHandler(notify()):
        fail_after(joined=joined.output)


if __name__ == '__main__':
    compiler.Compiler().compile(cluster_pins, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
