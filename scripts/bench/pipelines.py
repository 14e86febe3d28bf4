"""The pipelines that scripts/bench/run measures, compiled by the real KFP compiler or run by kfp.local.

Usage (with a Python that has kfp 2.17.3 installed):
  python pipelines.py compile OUT_DIR        writes wide-20.yaml, chain-20.yaml and loop-1000.yaml
  python pipelines.py local wide|chain ROOT  runs that pipeline function with kfp.local's
                                             SubprocessRunner(use_venv=False), outputs under ROOT

Every task has caching turned off, so each run measures execution, not cache lookups.
"""
import sys

from kfp import compiler, dsl

WIDTH = 20
LENGTH = 20
ITEMS = 1000


@dsl.component(base_image="python:3.11-slim")
def add(a: int, b: int) -> int:
    return a + b


@dsl.container_component
def echo(message: str):
    return dsl.ContainerSpec(image="busybox", command=["sh", "-c", "echo $0"], args=[message])


@dsl.pipeline(name="bench-wide")
def wide():
    """WIDTH independent trivial Lightweight Python tasks."""
    for i in range(WIDTH):
        add(a=i, b=1).set_caching_options(False)


@dsl.pipeline(name="bench-chain")
def chain():
    """LENGTH trivial Lightweight Python tasks, each reading the previous one's output."""
    value = 0
    for _ in range(LENGTH):
        task = add(a=value, b=1).set_caching_options(False)
        value = task.output


@dsl.pipeline(name="bench-loop")
def loop():
    """A ParallelFor of ITEMS trivial shell commands, at most 8 at once."""
    with dsl.ParallelFor(items=[str(i) for i in range(ITEMS)], parallelism=8) as item:
        echo(message=item).set_caching_options(False)


PIPELINES = {"wide": wide, "chain": chain}


def compile_all(out_dir: str) -> None:
    for name, function in [(f"wide-{WIDTH}", wide), (f"chain-{LENGTH}", chain), (f"loop-{ITEMS}", loop)]:
        compiler.Compiler().compile(function, f"{out_dir}/{name}.yaml")


def run_local(name: str, root: str) -> None:
    from kfp import local

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=root)
    PIPELINES[name]()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "compile":
        compile_all(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "local" and sys.argv[2] in PIPELINES:
        run_local(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
