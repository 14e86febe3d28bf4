"""Shared set-up of the tarmac-kfp tests.

They drive the real ``tarmac`` binary (``$TARMAC_BINARY``, set by scripts/test-wheel to the
packaged one, else the one the wheel installed) and compile pipelines with the real kfp.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

BUSYBOX = "docker.io/library/busybox:1.36"


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    """One store for the API tests of a session, so the Python environment is built once."""
    return tmp_path_factory.mktemp("store")
