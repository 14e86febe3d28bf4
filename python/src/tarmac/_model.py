"""The values a run hands back: artifacts, outputs, tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional


@dataclass(frozen=True)
class Artifact:
    """One output artifact: where it is on disk and the metadata its producer wrote.

    ``path`` is the local file or directory (Tarmac's artifact URIs are local paths);
    ``schema_title`` is e.g. ``system.Model`` (empty when only ``run --json`` named it).
    """

    name: str
    uri: str
    path: Path
    metadata: Dict[str, Any] = field(default_factory=dict)
    schema_title: str = ""

    def read_text(self, encoding: str = "utf-8") -> str:
        """The artifact's file content as text."""
        return self.path.read_text(encoding=encoding)


@dataclass(frozen=True)
class Outputs:
    """Output parameters and artifacts of a pipeline or of one task.

    ``artifacts[name]`` is the (first) artifact of that output; ``artifact_lists[name]`` has all
    of them (a collected output of a loop has several). ``outputs["name"]`` returns the parameter
    value, else the artifact.
    """

    parameters: Dict[str, Any] = field(default_factory=dict)
    artifact_lists: Dict[str, List[Artifact]] = field(default_factory=dict)

    @property
    def artifacts(self) -> Dict[str, Artifact]:
        """The first artifact of each artifact output."""
        return {name: items[0] for name, items in self.artifact_lists.items() if items}

    def __getitem__(self, name: str) -> Any:
        if name in self.parameters:
            return self.parameters[name]
        if name in self.artifact_lists and self.artifact_lists[name]:
            return self.artifact_lists[name][0]
        known = sorted([*self.parameters, *self.artifact_lists])
        raise KeyError(f"no output {name!r} (outputs: {', '.join(known) or 'none'})")

    def __contains__(self, name: object) -> bool:
        return name in self.parameters or name in self.artifact_lists


class TaskMap(Mapping[str, "Task"]):
    """The run's task instances by name (``train``, ``condition-1/deploy``, ``for-loop-2[3]/add``).

    A task inside a group can also be found by its own name when only one instance has it:
    ``run.tasks["deploy"]`` finds ``condition-1/deploy``.
    """

    def __init__(self, tasks: List["Task"]) -> None:
        self._tasks = {task.name: task for task in tasks}

    def __getitem__(self, name: str) -> "Task":
        if name in self._tasks:
            return self._tasks[name]
        matches = [task for key, task in self._tasks.items() if key.rsplit("/", 1)[-1] == name]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise KeyError(f"task {name!r} is ambiguous: {', '.join(task.name for task in matches)}")
        raise KeyError(f"no task {name!r} in the run (tasks: {', '.join(self._tasks) or 'none'})")

    def __iter__(self) -> Iterator[str]:
        return iter(self._tasks)

    def __len__(self) -> int:
        return len(self._tasks)


@dataclass(frozen=True)
class Task:
    """One task instance of a run, as ``tarmac run --json`` and the run history record it.

    ``state`` is one of SUCCEEDED, CACHED, SKIPPED, FAILED, NOT_RUN, CANCELED; ``kind`` is
    ``container``, ``importer`` or ``dag`` (a group: condition, loop, nested pipeline).
    """

    name: str
    display_name: str
    state: str
    kind: str
    exit_code: Optional[int]
    attempts: int
    error: Optional[str]
    started: Optional[str]
    finished: Optional[str]
    outputs: Outputs
    _log: Any = field(repr=False, compare=False, default=None)

    @property
    def ran(self) -> bool:
        """True when the task's command ran and succeeded, or the cache served it."""
        return self.state in ("SUCCEEDED", "CACHED")

    def log(self) -> str:
        """What ``tarmac logs RUN TASK`` prints: each attempt's output after a ``==> task (attempt-N.log) <==`` line."""
        return self._log(self.name) if self._log else ""
