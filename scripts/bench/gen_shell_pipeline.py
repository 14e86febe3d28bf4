"""Compiles a pipeline of N trivial shell tasks with the real KFP compiler, for the 10,000-task benchmark.

Usage: python gen_shell_pipeline.py wide|chain N OUT.yaml

Every task is a container component (busybox) running `sh -c true`, caching off:
  wide   N independent tasks;
  chain  N tasks one after another (each `.after()` the previous one).
"""
import sys

from kfp import compiler, dsl


@dsl.container_component
def noop():
    return dsl.ContainerSpec(image="busybox", command=["sh", "-c", "true"])


def build(shape: str, n_tasks: int):
    @dsl.pipeline(name=f"bench-{shape}-{n_tasks}")
    def pipeline():
        previous = None
        for _ in range(n_tasks):
            task = noop().set_caching_options(False)
            if shape == "chain" and previous is not None:
                task.after(previous)
            previous = task

    return pipeline


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("wide", "chain"):
        sys.exit(__doc__)
    compiler.Compiler().compile(build(sys.argv[1], int(sys.argv[2])), sys.argv[3])
