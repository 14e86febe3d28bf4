"""``tarmac.run``: run a pipeline with the CLI and read back what it did."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union

from . import _cli, _store
from ._errors import PipelineFailed, TarmacError
from ._model import Artifact, Outputs, Task, TaskMap

PipelineSource = Union[str, "os.PathLike[str]", Callable[..., Any]]


class Run:
    """A finished run: its state, outputs, tasks and metrics.

    Built from ``tarmac run --json`` and the store's run history; nothing is raised for a failed
    run until you call :meth:`raise_for_state`.
    """

    def __init__(self, document: Dict[str, Any], store: Path, pipeline_file: str) -> None:
        self.id: str = document["run_id"]
        self.pipeline: str = document["pipeline"]
        self.state: str = document["state"]
        self.store = store
        self.pipeline_file = pipeline_file
        self.json = document
        #: What the CLI wrote on stderr (progress lines, failure blocks).
        self.stderr: str = ""
        rows = _store.read_run(store, self.id)
        self._artifacts = rows.artifacts
        outputs = document.get("outputs") or {}
        schemas = {row.uri: row.schema_title for row in rows.artifacts}
        self.outputs = Outputs(
            dict(outputs.get("parameters") or {}),
            {
                name: [_artifact(name, item, schemas) for item in items]
                for name, items in (outputs.get("artifacts") or {}).items()
            },
        )
        self.tasks = TaskMap([self._task(item, rows) for item in document.get("tasks") or []])

    @property
    def succeeded(self) -> bool:
        """True when the run's state is SUCCEEDED."""
        return self.state == "SUCCEEDED"

    @property
    def metrics(self) -> Dict[str, Any]:
        """Every value of every ``system.Metrics`` artifact of the run, by metric name.

        When two artifacts hold the same name, each is kept as ``"<task>.<name>"`` instead.
        :attr:`metrics_by_artifact` has them grouped by ``"<task>.<output>"``.
        """
        grouped = self.metrics_by_artifact
        counts: Dict[str, int] = {}
        for values in grouped.values():
            for name in values:
                counts[name] = counts.get(name, 0) + 1
        flat: Dict[str, Any] = {}
        for artifact, values in grouped.items():
            task = artifact.rsplit(".", 1)[0]
            for name, value in values.items():
                flat[name if counts[name] == 1 else f"{task}.{name}"] = value
        return flat

    @property
    def metrics_by_artifact(self) -> Dict[str, Dict[str, Any]]:
        """``{"<task>.<output>": {metric: value}}`` for each ``system.Metrics`` artifact."""
        return {
            f"{row.producer_task}.{row.output_key}": dict(row.metadata)
            for row in self._artifacts
            if row.schema_title == "system.Metrics" and row.metadata
        }

    @property
    def failed_tasks(self) -> List[Task]:
        """The task instances that failed, in the order they started (groups left out)."""
        return [task for task in self.tasks.values() if task.state == "FAILED" and task.kind != "dag"]

    def report(self, path: Union[str, "os.PathLike[str]"]) -> Path:
        """Writes the self-contained HTML report (``tarmac report RUN -o PATH``) and returns its path."""
        target = Path(path)
        _cli.checked(["report", self.id, "-o", str(target), "--store", str(self.store)])
        return target

    def raise_for_state(self) -> "Run":
        """Raises :class:`PipelineFailed` unless the run succeeded; returns the run otherwise."""
        if self.succeeded:
            return self
        failed = self.failed_tasks
        task = failed[0] if failed else None
        message = f"pipeline {self.pipeline} run {self.id[:8]} {self.state}"
        if task is None:
            raise PipelineFailed(message, self, None)
        detail = f" (exit code {task.exit_code})" if task.exit_code is not None else ""
        message += f": task {task.name} failed{detail}"
        if len(failed) > 1:
            message += f" (also failed: {', '.join(other.name for other in failed[1:])})"
        error_lines = _last_lines(task.error or "", 10)
        if error_lines:
            message += "\n" + "\n".join(f"  {line}" for line in error_lines)
        log_lines = _last_lines(task.log(), 10)
        if log_lines:
            message += f"\nlast lines of its log:\n" + "\n".join(f"  {line}" for line in log_lines)
        raise PipelineFailed(message, self, task)

    def __repr__(self) -> str:
        return f"<tarmac.Run {self.id[:8]} {self.pipeline} {self.state}>"

    def _task(self, item: Dict[str, Any], rows: _store.RunRows) -> Task:
        name = item["name"]
        artifacts: Dict[str, List[Artifact]] = {}
        for row in rows.artifacts:
            if row.producer_task == name:
                artifacts.setdefault(row.output_key, []).append(
                    Artifact(row.output_key, row.uri, Path(row.uri), row.metadata, row.schema_title)
                )
        return Task(
            name=name, display_name=item.get("display_name", name), state=item["state"], kind=item.get("kind", ""),
            exit_code=item.get("exit_code"), attempts=int(item.get("attempts") or 0), error=item.get("error"),
            started=item.get("started"), finished=item.get("finished"),
            outputs=Outputs(dict(rows.task_outputs.get(name) or {}), artifacts), _log=self._log,
        )

    def _log(self, task: str) -> str:
        return _cli.checked(["logs", self.id, task, "--store", str(self.store)])


def run(
    pipeline: PipelineSource,
    params: Optional[Mapping[str, Any]] = None,
    *,
    store: Union[str, "os.PathLike[str]", None] = None,
    runner: Optional[str] = None,
    cache: Union[bool, str] = True,
    args: Sequence[str] = (),
    env: Optional[Mapping[str, str]] = None,
    timeout: Optional[float] = None,
) -> Run:
    """Runs a pipeline with ``tarmac run`` and returns the finished :class:`Run`.

    ``pipeline`` is a compiled ``pipeline.yaml``, a ``pipeline.py`` (or ``"pipeline.py:function"``),
    or a ``@dsl.pipeline`` function (compiled first with your ``kfp`` into a temporary YAML).
    ``params`` are the run parameters (JSON values); ``store`` the store directory (default
    ``$TARMAC_STORE``, else ``./.tarmac``); ``runner`` is ``auto``, ``podman``, ``docker`` or
    ``subprocess``; ``cache`` is True (read and write the execution cache), False (``--no-cache``)
    or a ``--cache-mode`` (``read``, ``write``, ``off``...). ``args`` are passed to ``tarmac run``
    as they are (``["--mount", "/data:/data:ro"]``).

    A failed run is returned, not raised (call :meth:`Run.raise_for_state`); a pipeline the CLI
    refuses (invalid IR, bad parameters, usage) raises :class:`TarmacError`.
    """
    store_dir = Path(store if store is not None else os.environ.get("TARMAC_STORE", ".tarmac")).absolute()
    with tempfile.TemporaryDirectory(prefix="tarmac-run-") as scratch:
        source = _pipeline_file(pipeline, store_dir / "pipelines")
        arguments = ["run", source, "--json", "--store", str(store_dir)]
        if runner:
            arguments += ["--runner", runner]
        if cache is False:
            arguments.append("--no-cache")
        elif isinstance(cache, str):
            arguments += ["--cache-mode", cache]
        if params:
            params_file = Path(scratch) / "params.json"
            params_file.write_text(json.dumps(dict(params)), encoding="utf-8")
            arguments += ["--params-file", str(params_file)]
        arguments += list(args)
        finished = _cli.call(arguments, env=env, timeout=timeout)
    if finished.returncode not in (0, 1) or not finished.stdout.strip():
        raise TarmacError.from_process(arguments, finished.returncode, finished.stderr or "")
    document = json.loads(finished.stdout)
    result = Run(document, store_dir, source)
    result.stderr = finished.stderr
    return result


def _pipeline_file(pipeline: PipelineSource, directory: Path) -> str:
    """The path to give ``tarmac run``: a file as it is, or a function compiled into ``directory``.

    The compiled YAML is kept (under ``<store>/pipelines/``, where the CLI keeps the YAML of a
    ``pipeline.py``) so that ``tarmac report`` can draw the run's graph from it later.
    """
    if callable(pipeline) and not isinstance(pipeline, (str, os.PathLike)):
        try:
            from kfp import compiler
        except ImportError as error:
            raise TarmacError("running a @dsl.pipeline function needs kfp (pip install kfp)") from error
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=directory, delete=False) as handle:
            target = Path(handle.name)
        compiler.Compiler().compile(pipeline, str(target))
        named = directory / f"{getattr(pipeline, 'name', None) or 'pipeline'}-{_digest(target)}.yaml"
        target.replace(named)
        return str(named)
    return os.fspath(pipeline)


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _artifact(name: str, item: Dict[str, Any], schemas: Dict[str, str]) -> Artifact:
    path = item.get("path") or item.get("uri") or ""
    uri = item.get("uri", path)
    return Artifact(name, uri, Path(path), dict(item.get("metadata") or {}), schemas.get(uri, ""))


def _last_lines(text: str, count: int) -> List[str]:
    lines = [line for line in text.rstrip().splitlines()]
    return lines[-count:]
