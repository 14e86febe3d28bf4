"""Finding and calling the ``tarmac`` executable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Mapping, Optional, Sequence

from ._errors import TarmacError


def binary() -> str:
    """The ``tarmac`` executable this package drives.

    ``$TARMAC_BINARY`` when set; else the one the wheel installed into this environment's
    ``bin/`` (next to this Python); else the first ``tarmac`` on ``PATH``.
    """
    explicit = os.environ.get("TARMAC_BINARY")
    if explicit:
        return explicit
    candidates = [Path(sysconfig.get_path("scripts")) / "tarmac", Path(sys.executable).parent / "tarmac"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("tarmac")
    if found:
        return found
    raise TarmacError(
        "the tarmac executable was not found (pip install tarmac-kfp installs it into the "
        "environment's bin/; or set TARMAC_BINARY)"
    )


def call(
    arguments: Sequence[str],
    *,
    env: Optional[Mapping[str, str]] = None,
    cwd: Optional[os.PathLike[str] | str] = None,
    timeout: Optional[float] = None,
    stderr_to_terminal: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Runs ``tarmac ARGUMENTS`` and returns the finished process (stdout always captured).

    With ``stderr_to_terminal`` the CLI's progress lines go to this process's stderr as they come
    (what pytest shows for a failing test); otherwise stderr is captured too.
    """
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run(
        [binary(), *arguments],
        stdout=subprocess.PIPE,
        stderr=None if stderr_to_terminal else subprocess.PIPE,
        text=True,
        env=full_env,
        cwd=None if cwd is None else str(cwd),
        timeout=timeout,
        check=False,
    )


def checked(arguments: Sequence[str], **options: object) -> str:
    """Runs ``tarmac ARGUMENTS`` and returns its stdout; a non-zero exit raises :class:`TarmacError`."""
    finished = call(arguments, **options)  # type: ignore[arg-type]
    if finished.returncode != 0:
        raise TarmacError.from_process(arguments, finished.returncode, finished.stderr or "")
    return finished.stdout
