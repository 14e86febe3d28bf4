"""Tarmac: run Kubeflow Pipelines v2 pipelines on one machine, from Python and pytest.

    import tarmac
    run = tarmac.run("pipeline.yaml", params={"threshold": 0.8}, runner="subprocess")
    run.raise_for_state()
    assert run.metrics["accuracy"] > 0.9
    assert run.tasks["deploy"].state == "SUCCEEDED"

A thin layer over the ``tarmac`` command (``tarmac run --json``, ``tarmac logs``, ``tarmac report``)
that this wheel installs into the environment's ``bin/``.
"""

from __future__ import annotations

from ._cli import binary
from ._errors import PipelineFailed, TarmacError
from ._model import Artifact, Outputs, Task, TaskMap
from ._run import Run, run

__all__ = ["Artifact", "Outputs", "PipelineFailed", "Run", "Task", "TaskMap", "TarmacError", "binary", "run", "__version__"]


def _version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - Python < 3.8
        return "unknown"
    try:
        return version("tarmac-kfp")
    except PackageNotFoundError:
        return "unknown"


#: The installed distribution's version (the same as ``tarmac --version``'s).
__version__ = _version()
