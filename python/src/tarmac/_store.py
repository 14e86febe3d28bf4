"""Per-task outputs and artifacts of a recorded run, read from the store's SQLite database.

``tarmac run --json`` carries the pipeline's outputs and each task's state, not each task's
outputs or every ``system.Metrics`` artifact; those are in the run history the CLI keeps
(``<store>/tarmac.sqlite``, the tables ``tarmac runs show`` prints). This module opens it
read-only and never writes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List


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
    """What the database records about one run beyond ``run --json``."""

    task_outputs: Dict[str, Dict[str, Any]]
    artifacts: List[ArtifactRow]


def database_path(store: Path) -> Path:
    """The run history inside a store directory."""
    return store / "tarmac.sqlite"


def read_run(store: Path, run_id: str) -> RunRows:
    """Reads the tasks' output parameters and every artifact of ``run_id``."""
    path = database_path(store)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        task_outputs: Dict[str, Dict[str, Any]] = {}
        for name, outputs_json in connection.execute(
            "SELECT name, outputs_json FROM tasks WHERE run_id = ?", (run_id,)
        ):
            task_outputs[name] = json.loads(outputs_json) if outputs_json else {}
        artifacts = [
            ArtifactRow(producer, key, schema, uri, json.loads(metadata or "{}"))
            for producer, key, schema, uri, metadata in connection.execute(
                "SELECT producer_task, output_key, schema_title, uri, metadata_json FROM artifacts "
                "WHERE run_id = ? ORDER BY producer_task, output_key, created",
                (run_id,),
            )
        ]
        return RunRows(task_outputs, artifacts)
    finally:
        connection.close()
