"""Small KFP pipelines the tests run (compiled by the tests with the real kfp).

No `from __future__ import annotations` here: kfp reads the annotations as types.
"""


from kfp import dsl
from kfp.dsl import Metrics, Output, OutputPath

BUSYBOX = "docker.io/library/busybox:1.36"


@dsl.container_component
def make_text(greeting: str, text: OutputPath(str), report: dsl.Output[dsl.Artifact]):
    return dsl.ContainerSpec(
        image=BUSYBOX,
        command=["sh", "-c", 'mkdir -p "$(dirname "$1")" "$(dirname "$2")"; printf "%s world" "$0" > "$1"; '
                 'printf "report of %s" "$0" > "$2"'],
        args=[greeting, text, report.path],
    )


@dsl.container_component
def fail(code: int):
    return dsl.ContainerSpec(image=BUSYBOX, command=["sh", "-c", 'echo "step one"; echo "failing with $0" >&2; exit "$0"'],
                             args=[code])


@dsl.pipeline(name="shell-outputs")
def shell_outputs(greeting: str = "hello") -> str:
    made = make_text(greeting=greeting)
    return made.outputs["text"]


@dsl.pipeline(name="shell-fails")
def shell_fails(code: int = 3):
    fail(code=code)


@dsl.component(base_image="python:3.11-slim")
def score(accuracy: float, metrics: Output[Metrics]) -> float:
    metrics.log_metric("accuracy", accuracy)
    metrics.log_metric("rows", 30)
    return accuracy


@dsl.pipeline(name="scored")
def scored(accuracy: float = 0.9) -> float:
    return score(accuracy=accuracy).outputs["Output"]
