"""Build hook: ship the native ``tarmac`` binary in the wheel, as ruff and uv do.

``scripts/package`` sets ``TARMAC_BINARY`` (the release binary to ship) and ``TARMAC_WHEEL_PLATFORM``
(the platform tag that fits the binary's glibc symbol versions, e.g. ``manylinux_2_35_x86_64``).
The binary goes to the wheel's ``.data/scripts/``, which installers put into the environment's
``bin/`` unchanged; the wheel is tagged ``py3-none-<platform>`` (any Python 3, no ABI: the Python
package is pure, the binary is a separate executable).
"""

from __future__ import annotations

import os
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TarmacBinaryHook(BuildHookInterface):
    """Adds the binary and the platform tag to a wheel build."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Called by hatchling before the wheel is written."""
        if self.target_name != "wheel":
            return
        binary = os.environ.get("TARMAC_BINARY")
        platform = os.environ.get("TARMAC_WHEEL_PLATFORM")
        if not binary or not platform:
            raise RuntimeError(
                "build the wheel with scripts/package: it sets TARMAC_BINARY (the release binary) "
                "and TARMAC_WHEEL_PLATFORM (its platform tag)"
            )
        if not os.access(binary, os.X_OK):
            raise RuntimeError(f"TARMAC_BINARY={binary} is not an executable file")
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform}"
        build_data["shared_scripts"][binary] = "tarmac"
