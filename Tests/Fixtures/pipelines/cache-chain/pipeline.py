"""Three branches for the execution-cache tests (container components, so no Python environment).

- produce(text) -> measure: `produce` upper-cases its text, so `abc` and `ABC` give identical bytes and
  `measure` may hit even though `produce` reran (content-addressed keys; the KFP backend would miss).
- label(prefix) -> join(size, label): changing `prefix` reruns exactly `label` and `join`.
- produce-2 has caching disabled (it always runs) and writes fixed bytes, so its consumer `measure-2`
  hits on every rerun.
"""
import sys

from kfp import compiler, dsl
from kfp.dsl import Artifact, Dataset, Input, Output, OutputPath

BUSYBOX = 'docker.io/library/busybox:1.36'


@dsl.container_component
def produce(text: str, data: Output[Dataset]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; printf %s "$0" | tr a-z A-Z > "$1"'],
                             args=[text, data.path])


@dsl.container_component
def measure(data: Input[Dataset], size: OutputPath(int)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; wc -c < "$0" | tr -d " " > "$1"'],
                             args=[data.path, size])


@dsl.container_component
def label(prefix: str, out: OutputPath(str)):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$(dirname "$1")"; printf "%s-label" "$0" > "$1"'],
                             args=[prefix, out])


@dsl.container_component
def join(size: int, label: str, report: Output[Artifact]):
    return dsl.ContainerSpec(image=BUSYBOX, command=['sh', '-c', 'mkdir -p "$2"; printf "%s:%s" "$1" "$0" > "$2/report.txt"'],
                             args=[size, label, report.path])


@dsl.pipeline(name='cache-chain')
def cache_chain(text: str = 'abc', prefix: str = 'p') -> Artifact:
    produced = produce(text=text)
    size = measure(data=produced.outputs['data'])
    named = label(prefix=prefix)
    fixed = produce(text='fixed').set_caching_options(False)
    measure(data=fixed.outputs['data'])
    return join(size=size.outputs['size'], label=named.outputs['out']).outputs['report']


if __name__ == '__main__':
    compiler.Compiler().compile(cache_chain, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
