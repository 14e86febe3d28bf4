"""A loop whose body reads the list it iterates over (issue 18 point 4).

The KFP driver gives each iteration the loop task's inputs minus the items input, plus the item
(backend/src/v2/driver/resolve.go, `resolveInputs`: `delete(inputs.ParameterValues, itemsInput)`), so the
nested loop over the same `loop_parameter` fails there: "parent DAG does not have input parameter
pipelinechannel--loop_parameter". kfp.local passes the list and runs it. Tarmac does as the backend does,
saying why; `show` reads only the item and succeeds in every iteration.
"""
import sys
from typing import List

from kfp import compiler, dsl

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def show(x: int, said: dsl.OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'printf "item %s" "$0" > "$1"'], args=[x, said])


@dsl.pipeline(name='loop-reads-its-list')
def loop_reads_its_list(loop_parameter: List[int] = [1, 2]):
    with dsl.ParallelFor(loop_parameter) as a:
        show(x=a)
        with dsl.ParallelFor(loop_parameter) as b:
            show(x=b)


if __name__ == '__main__':
    compiler.Compiler().compile(loop_reads_its_list, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
