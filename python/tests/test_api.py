"""The Python API against the real tarmac binary and real kfp-compiled pipelines."""

from __future__ import annotations

from pathlib import Path

import pytest

import tarmac
from pipelines import scored, shell_fails, shell_outputs


def test_outputs_of_the_pipeline_and_of_a_task(shared_store: Path) -> None:
    run = tarmac.run(shell_outputs, params={"greeting": "hi"}, store=shared_store, runner="subprocess", cache=False)

    assert run.state == "SUCCEEDED" and run.succeeded
    assert run.outputs["Output"] == "hi world"
    task = run.tasks["make-text"]
    assert task.state == "SUCCEEDED" and task.exit_code == 0 and task.kind == "container"
    assert task.outputs.parameters == {"text": "hi world"}
    report = task.outputs.artifacts["report"]
    assert report.path.is_file() and report.read_text() == "report of hi"
    assert report.schema_title == "system.Artifact"
    assert run.raise_for_state() is run


def test_a_failed_run_is_returned_and_raise_for_state_names_the_task(shared_store: Path) -> None:
    run = tarmac.run(shell_fails, params={"code": 3}, store=shared_store, runner="subprocess")

    assert run.state == "FAILED" and not run.succeeded
    task = run.tasks["fail"]
    assert task.state == "FAILED" and task.exit_code == 3
    assert "failing with 3" in task.log()
    with pytest.raises(tarmac.PipelineFailed) as raised:
        run.raise_for_state()
    message = str(raised.value)
    assert "task fail failed (exit code 3)" in message
    assert message.rstrip().endswith("failing with 3")
    assert raised.value.task is task and raised.value.run is run


def test_metrics_and_the_report(shared_store: Path, tmp_path: Path) -> None:
    run = tarmac.run(scored, params={"accuracy": 0.75}, store=shared_store, runner="subprocess")

    run.raise_for_state()
    assert run.metrics == {"accuracy": 0.75, "rows": 30}
    assert run.metrics_by_artifact == {"score.metrics": {"accuracy": 0.75, "rows": 30}}
    assert run.outputs["Output"] == 0.75
    page = run.report(tmp_path / "report.html")
    assert "accuracy" in page.read_text(encoding="utf-8")


def test_a_yaml_file_and_an_unknown_task(shared_store: Path, tmp_path: Path) -> None:
    from kfp import compiler

    compiled = tmp_path / "shell.yaml"
    compiler.Compiler().compile(shell_outputs, str(compiled))
    run = tarmac.run(compiled, store=shared_store, runner="subprocess")

    assert run.outputs["Output"] == "hello world"
    with pytest.raises(KeyError, match="no task 'nope'"):
        run.tasks["nope"]


def test_an_invalid_pipeline_raises_the_cli_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("pipelineInfo: {name: x}\nroot: {dag: {tasks: {a: {componentRef: {name: missing}}}}}\n")

    with pytest.raises(tarmac.TarmacError) as raised:
        tarmac.run(broken, store=tmp_path / "store", runner="subprocess")
    assert raised.value.exit_code == 65
    assert "tarmac: error:" in str(raised.value)


def test_bad_parameters_raise_with_the_usage_code(tmp_path: Path) -> None:
    with pytest.raises(tarmac.TarmacError) as raised:
        tarmac.run(shell_outputs, params={"nope": 1}, store=tmp_path / "store", runner="subprocess")
    assert raised.value.exit_code == 65
    assert "nope" in str(raised.value)
