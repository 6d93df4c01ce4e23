"""Sprig's semver functions: ``semver`` and ``semverCompare`` (Masterminds semver v3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import declare_params, want_str
from pyhelm.semver import Constraints, SemverError, Version


def semver(version: Any) -> Version:
    """Sprig ``semver STR`` → a ``*semver.Version`` (methods Major, Minor, Patch, Prerelease,
    Metadata, Original, Compare...). Raises FuncError with Masterminds' parse error."""
    text = want_str(version)
    try:
        return Version.parse(text)
    except SemverError as err:
        raise FuncError(str(err)) from None


def semver_compare(constraint: Any, version: Any) -> bool:
    """Sprig ``semverCompare CONSTRAINT VERSION`` → whether VERSION satisfies CONSTRAINT.

    Raises FuncError with Masterminds' message for a bad constraint or version.
    """
    con_text, ver_text = want_str(constraint), want_str(version)
    try:
        return Constraints.parse(con_text).check(Version.parse(ver_text))
    except SemverError as err:
        raise FuncError(str(err)) from None


FUNCS: dict[str, Callable[..., Any]] = {
    "semver": semver,
    "semverCompare": semver_compare,
}

# Go parameter types (Sprig's signatures) for the compiler's literal-argument checks.
declare_params(FUNCS, {"semver": ("string",), "semverCompare": ("string", "string")})
