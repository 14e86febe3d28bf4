"""The exceptions of the Python API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:
    from ._run import Run, Task


class TarmacError(Exception):
    """The tarmac CLI refused or failed (bad pipeline, bad parameters, usage, internal error).

    ``exit_code`` is the CLI's exit code (65 invalid input, 2 usage, 70 internal: see the README);
    the message is the CLI's own ``tarmac: error: …`` text.
    """

    def __init__(self, message: str, exit_code: Optional[int] = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    @classmethod
    def from_process(cls, arguments: Sequence[str], exit_code: int, stderr: str) -> "TarmacError":
        """The error for a CLI call that exited with ``exit_code``."""
        text = stderr.strip() or f"tarmac {' '.join(arguments)} exited with {exit_code}"
        return cls(text, exit_code)


class PipelineFailed(AssertionError):
    """A run did not succeed (raised by :meth:`Run.raise_for_state`).

    The message names the failing task and ends with the last lines of its error and log, so a
    failing pytest shows what went wrong without opening the store. ``run`` and ``task`` (the first
    failed task, or None when the run failed or was canceled without one) are attributes.

    It is an ``AssertionError``, so pytest reports it as a test failure, not an error.
    """

    def __init__(self, message: str, run: "Run", task: "Optional[Task]") -> None:
        super().__init__(message)
        self.run = run
        self.task = task
