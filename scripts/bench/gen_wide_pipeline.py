"""Compiles a large pipeline with the real KFP compiler, for validate/plan benchmarks.

Usage: python gen_wide_pipeline.py N_TASKS OUT.yaml
Tasks form chains of 10 (each reads the previous one's output), so the DAG has both width and depth.
Every task gets its own component copy, as the compiler does for real pipelines.
"""
import sys

from kfp import compiler, dsl


@dsl.component(base_image="python:3.11-slim")
def step(x: int, label: str, scale: float = 1.0, tags: list = [], options: dict = {}) -> int:
    import json

    text = json.dumps({"x": x, "label": label, "tags": tags}, sort_keys=True)
    if options.get("verbose"):
        print(label, text)
    return int(x * scale) + len(tags)


def build(n_tasks: int):
    @dsl.pipeline(name="bench-wide")
    def wide(seed: int = 1):
        previous = None
        for i in range(n_tasks):
            source = seed if i % 10 == 0 else previous.output
            task = step(x=source, label=f"t{i}", tags=[i, i + 1], options={"verbose": i % 2 == 0})
            task.set_display_name(f"step {i}")
            previous = task

    return wide


if __name__ == "__main__":
    n = int(sys.argv[1])
    compiler.Compiler().compile(build(n), sys.argv[2])
