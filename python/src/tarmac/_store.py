"""Per-task outputs and artifacts of a recorded run, from ``tarmac runs show RUN --json``.

``tarmac run --json`` carries the pipeline's outputs and each task's state, not each task's
outputs or every ``system.Metrics`` artifact; ``runs show --json`` (docs/json-schemas.md) has both,
so this package never reads the store's database itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

from . import _cli


@dataclass(frozen=True)
class ArtifactRow:
    """One artifact a task of the run produced."""

    producer_task: str
    output_key: str
    schema_title: str
    uri: str
    metadata: Dict[str, Any]


@dataclass(frozen=True)
class RunRows:
    """What the run history records about one run beyond ``run --json``."""

    task_outputs: Dict[str, Dict[str, Any]]
    artifacts: List[ArtifactRow]


def read_run(store: Path, run_id: str) -> RunRows:
    """Reads the tasks' output parameters and every artifact of ``run_id`` (``runs show --json``)."""
    document = json.loads(_cli.checked(["runs", "show", run_id, "--json", "--store", str(store)]))
    task_outputs: Dict[str, Dict[str, Any]] = {
        task["name"]: dict(task.get("outputs") or {}) for task in document.get("tasks") or []
    }
    artifacts = [
        ArtifactRow(item["task"], item["output"], item.get("type", ""), item["uri"], dict(item.get("metadata") or {}))
        for item in document.get("artifacts") or []
    ]
    artifacts.sort(key=lambda row: (row.producer_task, row.output_key))
    return RunRows(task_outputs, artifacts)
