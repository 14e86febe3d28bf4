"""Shared set-up of the tarmac-kfp tests.

They drive the real ``tarmac`` binary (``$TARMAC_BINARY``, set by scripts/test-wheel to the
packaged one, else the one the wheel installed) and compile pipelines with the real kfp.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

BUSYBOX = "docker.io/library/busybox:1.36"


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store for the API tests of a session. Its ``envs`` links to ``$TMPDIR/tarmac-e2e-envs``, which the
    Swift end-to-end tests share too (environments are content-addressed and built under a lock), so a Python
    environment is built once per machine, not once per session. pytester's stores stay separate."""
    store = tmp_path_factory.mktemp("store")
    envs = Path(tempfile.gettempdir()) / "tarmac-e2e-envs"
    envs.mkdir(exist_ok=True)
    os.symlink(envs, store / "envs")
    return store
