"""pyhelm: Helm, the package manager for Kubernetes, implemented in Python.

The Python API (see :mod:`pyhelm.api`): :func:`load_chart`, :func:`values_from_files`,
:func:`render` (per-template output) and :func:`template` (the ``helm template`` stream).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "load_chart", "render", "template", "values_from_files"]


def __getattr__(name: str) -> Any:
    """Import the API lazily so ``import pyhelm`` (and the CLI) stays fast."""
    if name in ("load_chart", "render", "template", "values_from_files"):
        from pyhelm import api

        return getattr(api, name)
    raise AttributeError(f"module 'pyhelm' has no attribute {name!r}")
