"""Compiles a pipeline of N trivial shell tasks with the real KFP compiler, for the 10,000-task benchmark.

Usage: python gen_shell_pipeline.py [--unpatched] [--cached] wide|chain|loop N OUT.yaml

Every task is a container component (busybox) running `sh -c true`, caching off (on with --cached,
for the cached-rerun benchmark):
  wide   N independent tasks;
  chain  N tasks one after another (each `.after()` the previous one);
  loop   one task in a `dsl.ParallelFor` over a pipeline parameter whose default is the list 1..N
         (`sh -c true <item>`, like `seq N | xargs -n 1 sh -c true`): N iterations from one small IR.

The KFP compiler is cubic in the number of same-named tasks: it finds a free name `noop-K` by trying
K = 2, 3, ... against a list, and re-sanitizes every sibling's name for each task. Unpatched, 1,000
tasks take about 30 s of CPU and 10,000 would take hours. Two of its pure helpers are replaced by
equivalent faster ones (a set instead of a list, a memoized regex sanitizer); the compiled YAML is
byte-identical (checked at 1,000 tasks with `--unpatched`).
"""
import functools
import sys

from kfp import compiler, dsl
from kfp.dsl import utils


def _make_name_unique_by_adding_index(name, collection, delimiter):
    """utils.make_name_unique_by_adding_index with a set: the same result, without the K * len(collection) scans."""
    if name not in collection:
        return name
    taken = set(collection)
    index = 2
    while f"{name}{delimiter}{index}" in taken:
        index += 1
    return f"{name}{delimiter}{index}"


def patch_compiler() -> None:
    utils.make_name_unique_by_adding_index = _make_name_unique_by_adding_index
    utils.maybe_rename_for_k8s = functools.lru_cache(maxsize=None)(utils.maybe_rename_for_k8s)


@dsl.container_component
def noop():
    return dsl.ContainerSpec(image="busybox", command=["sh", "-c", "true"])


@dsl.container_component
def noop_item(item: int):
    return dsl.ContainerSpec(image="busybox", command=["sh", "-c", "true", item])


CACHED = False


def build_loop(n_items: int):
    @dsl.pipeline(name=f"bench-loop-{n_items}")
    def pipeline(items: list = list(range(1, n_items + 1))):
        with dsl.ParallelFor(items=items) as item:
            noop_item(item=item).set_caching_options(CACHED)

    return pipeline


def build(shape: str, n_tasks: int):
    if shape == "loop":
        return build_loop(n_tasks)
    @dsl.pipeline(name=f"bench-{shape}-{n_tasks}")
    def pipeline():
        previous = None
        for _ in range(n_tasks):
            task = noop().set_caching_options(CACHED)
            if shape == "chain" and previous is not None:
                task.after(previous)
            previous = task

    return pipeline


if __name__ == "__main__":
    if "--cached" in sys.argv:
        sys.argv.remove("--cached")
        CACHED = True
    if "--unpatched" in sys.argv:
        sys.argv.remove("--unpatched")
    else:
        patch_compiler()
    if len(sys.argv) != 4 or sys.argv[1] not in ("wide", "chain", "loop"):
        sys.exit(__doc__)
    compiler.Compiler().compile(build(sys.argv[1], int(sys.argv[2])), sys.argv[3])
