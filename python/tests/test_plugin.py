"""The pytest plugin: the fixture, its options, JUnit properties and the per-session store.

Each case runs a real pytest session in a subprocess (pytester), as a user's CI would.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

USER_TEST = '''
from kfp import dsl
from kfp.dsl import Metrics, Output


@dsl.component(base_image="python:3.11-slim")
def score(accuracy: float, metrics: Output[Metrics]) -> float:
    metrics.log_metric("accuracy", accuracy)
    return accuracy


@dsl.pipeline(name="plugin-scored")
def scored(accuracy: float = 0.5) -> float:
    return score(accuracy=accuracy).outputs["Output"]


def test_scored(tarmac):
    run = tarmac.run(scored, params={"accuracy": 0.5}, cache=False)
    run.raise_for_state()
    assert run.metrics["accuracy"] == 0.5
    assert run.store == tarmac.store
'''


def _task_directories(store: Path) -> list:
    return sorted(path.parent for path in (store / "artifacts").glob("plugin-scored/*/score/attempt-0.log"))


def _environments(store: Path) -> list[str]:
    """The store's Python environments (named by digest), without uv's cache directory beside them."""
    return sorted(path.name for path in (store / "envs").iterdir() if path.is_dir() and path.name != "uv-cache")


def test_the_fixture_keeps_its_store_in_the_pytest_cache_and_reuses_environments(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TEST)

    first = pytester.runpytest_subprocess("--tarmac-runner", "subprocess", "--junitxml", "first.xml", "-p", "no:randomly")
    first.assert_outcomes(passed=1)
    store = pytester.path / ".pytest_cache" / "d" / "tarmac-store"
    assert (store / "tarmac.sqlite").is_file()
    environments = _environments(store)
    assert len(environments) == 1
    [first_task] = _task_directories(store)
    assert (first_task / "environment.log").is_file()  # the first session built the venv

    second = pytester.runpytest_subprocess("--tarmac-runner", "subprocess")
    second.assert_outcomes(passed=1)
    assert _environments(store) == environments
    second_task = next(path for path in _task_directories(store) if path != first_task)
    assert (second_task / "attempt-0.log").is_file()  # the task ran again (cache=False) ...
    assert not (second_task / "environment.log").exists()  # ... in the environment the first session built

    properties = {
        element.get("name"): element.get("value")
        for element in ElementTree.parse(pytester.path / "first.xml").iter("property")
    }
    assert properties["tarmac:score"] == "SUCCEEDED"
    assert properties["tarmac:run"].endswith("plugin-scored SUCCEEDED")


def test_tarmac_store_option_and_a_failing_pipeline(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.makepyfile(test_user='''
from kfp import dsl


@dsl.container_component
def fail():
    return dsl.ContainerSpec(image="docker.io/library/busybox:1.36", command=["sh", "-c", "echo broken >&2; exit 4"])


@dsl.pipeline(name="plugin-fails")
def fails():
    fail()


def test_fails(tarmac):
    tarmac.run(fails).raise_for_state()
''')
    store = tmp_path / "chosen-store"

    result = pytester.runpytest_subprocess("--tarmac-runner", "subprocess", "--tarmac-store", str(store))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*PipelineFailed: pipeline plugin-fails run * FAILED: task fail failed (exit code 4)*", "*broken*"])
    assert (store / "tarmac.sqlite").is_file()
    assert not (pytester.path / ".pytest_cache" / "d" / "tarmac-store").exists()
