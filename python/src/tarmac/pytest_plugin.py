"""The pytest plugin (registered through the ``pytest11`` entry point of tarmac-kfp).

- a ``tarmac`` fixture: a :class:`TarmacSession` whose ``run(...)`` is :func:`tarmac.run` with a
  store shared by the whole pytest session, under pytest's cache directory
  (``.pytest_cache/d/tarmac-store``), so Python environments are built once and reused by later
  sessions;
- ``--tarmac-runner RUNNER`` (default: the CLI's ``auto``) and ``--tarmac-store DIR``;
- for each task of each run, a JUnit property ``tarmac:<task>`` = its state (and
  ``tarmac:run`` = the run id, pipeline and state), so ``--junitxml`` reports show them in CI.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, List, Optional

import pytest

from ._run import PipelineSource, Run, run


def pytest_addoption(parser: pytest.Parser) -> None:
    """Adds ``--tarmac-runner`` and ``--tarmac-store``."""
    group = parser.getgroup("tarmac", "Kubeflow pipelines run by Tarmac")
    group.addoption("--tarmac-runner", default=None, help="where tasks run: auto, podman, docker or subprocess (default: auto)")
    group.addoption("--tarmac-store", default=None,
                    help="the store the tarmac fixture uses (default: <pytest cache dir>/d/tarmac-store)")


class TarmacSession:
    """What the ``tarmac`` fixture gives a test: :meth:`run` with the session's store and runner."""

    def __init__(self, store: Path, runner: Optional[str], record: Callable[[str, object], None]) -> None:
        self.store = store
        self.runner = runner
        self._record = record
        self.runs: List[Run] = []

    def run(self, pipeline: PipelineSource, params: Optional[dict] = None, **options: Any) -> Run:
        """:func:`tarmac.run` with this session's store and runner (both can be overridden)."""
        options.setdefault("store", self.store)
        options.setdefault("runner", self.runner)
        result = run(pipeline, params, **options)
        self.runs.append(result)
        prefix = "tarmac" if len(self.runs) == 1 else f"tarmac[{len(self.runs)}]"
        self._record(f"{prefix}:run", f"{result.id} {result.pipeline} {result.state}")
        for task in result.tasks.values():
            if task.kind != "dag":
                self._record(f"{prefix}:{task.name}", task.state)
        return result


def _store(config: pytest.Config) -> Path:
    chosen = config.getoption("--tarmac-store")
    if chosen:
        return Path(chosen).absolute()
    if config.cache is not None:
        return Path(config.cache.mkdir("tarmac-store"))
    return Path(os.environ.get("TARMAC_STORE", ".tarmac")).absolute()


@pytest.fixture(scope="session")
def tarmac_store(pytestconfig: pytest.Config) -> Path:
    """The store every run of this pytest session uses (``--tarmac-store``, else under pytest's cache)."""
    return _store(pytestconfig)


@pytest.fixture
def tarmac(tarmac_store: Path, request: pytest.FixtureRequest) -> TarmacSession:
    """Runs pipelines with the session's store and ``--tarmac-runner``; records task states as JUnit properties.

    The properties go to the test's ``user_properties`` (what ``record_property`` does, without its
    warning under the default ``junit_family``); ``-o junit_family=xunit1`` keeps the XML valid
    against the xunit1 schema that allows them.
    """

    def record(name: str, value: object) -> None:
        request.node.user_properties.append((name, value))

    return TarmacSession(tarmac_store, request.config.getoption("--tarmac-runner"), record)
