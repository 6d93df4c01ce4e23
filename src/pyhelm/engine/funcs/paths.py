"""Sprig's path functions: Go ``path`` (``base dir clean ext isAbs``) and ``path/filepath``
on a Unix host (``osBase osClean osDir osExt osIsAbs``, identical there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyhelm.engine.funcs._args import declare_params, want_str


def go_clean(path: str) -> str:
    """Go ``path.Clean``: collapse slashes, drop ``.``, resolve ``..``; "" → "."."""
    if path == "":
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def base(path: Any) -> str:
    """``base PATH``: the last element (Go ``path.Base``): "" → ".", "/" → "/"."""
    path = want_str(path)
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    return path[path.rfind("/") + 1:]


def dir_(path: Any) -> str:
    """``dir PATH``: everything but the last element, cleaned (Go ``path.Dir``)."""
    path = want_str(path)
    return go_clean(path[: path.rfind("/") + 1])


def clean(path: Any) -> str:
    """``clean PATH``: Go ``path.Clean``."""
    return go_clean(want_str(path))


def ext(path: Any) -> str:
    """``ext PATH``: the suffix from the last dot of the last element, or ""."""
    path = want_str(path)
    for i in range(len(path) - 1, -1, -1):
        if path[i] == "/":
            break
        if path[i] == ".":
            return path[i:]
    return ""


def is_abs(path: Any) -> bool:
    """``isAbs PATH``: whether PATH starts with ``/``."""
    return want_str(path).startswith("/")


FUNCS: dict[str, Callable[..., Any]] = {
    "base": base,
    "dir": dir_,
    "clean": clean,
    "ext": ext,
    "isAbs": is_abs,
    "osBase": base,
    "osClean": clean,
    "osDir": dir_,
    "osExt": ext,
    "osIsAbs": is_abs,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "base": ("string",),
        "dir": ("string",),
        "clean": ("string",),
        "ext": ("string",),
        "isAbs": ("string",),
    },
)
