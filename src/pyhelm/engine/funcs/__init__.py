"""Template function library: Sprig's functions as Helm registers them.

Each module in this package exposes ``FUNCS: dict[str, Callable]`` mapping the
template name to a plain Python callable taking Go values (see
:mod:`pyhelm.engine.runtime`). :func:`sprig_functions` merges them.
Helm's own functions (``include``, ``tpl``, ``toYaml``...) live in
:mod:`pyhelm.engine.helmfuncs` because some need the rendering context.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_MODULES = (
    "strings",
    "lists",
    "dicts",
    "math",
    "defaults",
    "conversion",
    "reflection",
    "regex",
    "paths",
    "urls",
    "dates",
    "crypto",
    "encoding",
    "semver",
    "uuid",
    "network",
)

# Sprig functions Helm removes from the map it installs (pkg/engine/funcs.go).
_HELM_REMOVED = ("env", "expandenv")


def sprig_functions() -> dict[str, Callable[..., Any]]:
    """Return a fresh ``{name: callable}`` map of every Sprig function Helm exposes.

    Modules not written yet are skipped, so the map grows as the library does.
    """
    funcs: dict[str, Callable[..., Any]] = {}
    for module_name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{module_name}":
                raise
            continue
        funcs.update(module.FUNCS)
    for name in _HELM_REMOVED:
        funcs.pop(name, None)
    return funcs
