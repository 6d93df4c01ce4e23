"""The ``.Files`` object of templates (Helm ``engine.files``, a ``map[string][]byte``).

:class:`Files` is a ``dict`` of chart-relative path → ``bytes`` so that ``range``,
``index``, ``len`` and ``%v`` treat it as the Go map it is, with the Go methods
``Get``, ``GetBytes``, ``Glob``, ``Lines``, ``AsConfig`` and ``AsSecrets`` as attributes.
The engine must look methods up before map keys (Go does: ``.Files.Get`` is the
method, ``.Files.foo`` the map entry, whose zero value is an empty ``[]byte``).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pyhelm.engine.errors import FuncError


class Files(dict):
    """Chart files for templates: ``{name: bytes}`` plus Helm's accessor methods."""

    __go_type__ = "engine.files"

    def __missing__(self, name: str) -> bytes:
        """A missing entry reads as Go's zero ``[]byte`` (``{{ .Files.nope }}`` prints ``[]``)."""
        return b""

    @classmethod
    def from_chart_files(cls, files: Iterable[Any]) -> Files:
        """Build from ``chart.files`` (objects with ``name`` and ``data``); later duplicates win."""
        out = cls()
        for f in files:
            out[f.name] = f.data
        return out

    def GetBytes(self, name: str) -> bytes:  # noqa: N802 - Go method name
        """The raw content of ``name``; empty bytes when absent (Helm logs a warning)."""
        return self.get(name) or b""

    def Get(self, name: str) -> str:  # noqa: N802
        """The content of ``name`` as a string (invalid UTF-8 kept as replacement runes); ``""`` if absent."""
        return self.GetBytes(name).decode("utf-8", errors="replace")

    def Glob(self, pattern: str) -> Files:  # noqa: N802
        """The files whose names match a gobwas/glob ``pattern`` with ``/`` as separator.

        ``*`` stays within a path segment, ``**`` crosses segments, ``?`` is one
        non-separator character, ``[abc]``/``[!abc]``/``[a-z]`` classes, ``{a,b}``
        alternatives, ``\\`` escapes. An invalid pattern matches every file (Helm falls
        back to ``**``).
        """
        regex = _compile_glob(pattern)
        out = Files()
        for name, data in self.items():
            if regex is None or regex.fullmatch(name):
                out[name] = data
        return out

    def Lines(self, path: str) -> list[str]:  # noqa: N802
        """The lines of ``path`` without the final newline; ``[]`` when absent.

        Raises :class:`FuncError` ``runtime error: index out of range [-1]`` for an
        empty file, as Helm's implementation panics on it.
        """
        data = self.get(path)
        if data is None:
            return []
        text = data.decode("utf-8", errors="replace")
        if not text:
            raise FuncError("runtime error: index out of range [-1]")
        if text.endswith("\n"):
            text = text[:-1]
        return text.split("\n")

    def AsConfig(self) -> str:  # noqa: N802
        """A YAML map ``{basename: content}`` for a ConfigMap's ``data`` (Helm ``toYAML``, no final newline)."""
        return _to_yaml({_base(name): data.decode("utf-8", errors="replace") for name, data in self._sorted()})

    def AsSecrets(self) -> str:  # noqa: N802
        """A YAML map ``{basename: base64(content)}`` for a Secret's ``data``."""
        return _to_yaml({_base(name): base64.b64encode(data).decode("ascii") for name, data in self._sorted()})

    def _sorted(self) -> list[tuple[str, bytes]]:
        return sorted(self.items())


def _base(name: str) -> str:
    trimmed = name.rstrip("/")
    if not trimmed:
        return "/" if name else "."
    return trimmed.rsplit("/", 1)[-1]


def _to_yaml(value: dict[str, str]) -> str:
    from pyhelm.codec import yaml as goyaml

    try:
        text = goyaml.dump(value)
    except Exception:  # Helm's toYAML returns "" when marshalling fails
        return ""
    return text[:-1] if text.endswith("\n") else text


# ---------------------------------------------------------------------------
# gobwas/glob with '/' as the separator


class _GlobSyntaxError(ValueError):
    pass


class _UnclosedBraces(ValueError):
    """gobwas/glob accepts an unterminated ``{...`` but the result matches nothing."""


@lru_cache(maxsize=256)
def _compile_glob(pattern: str) -> re.Pattern[str] | None:
    """The regex for a glob, or None when the glob does not compile (match everything)."""
    try:
        body, _ = _glob_sequence(pattern, 0, top=True)
    except _UnclosedBraces:
        return _NEVER
    except _GlobSyntaxError:
        return None
    return re.compile(body, re.DOTALL)


_NEVER = re.compile(r"(?!)")


def _glob_sequence(pattern: str, i: int, *, top: bool) -> tuple[str, int]:
    """Translate from ``i`` until the end (top level) or an unnested ``,``/``}`` (inside braces)."""
    out: list[str] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            if pattern.startswith("**", i):
                out.append(".*")
                i += 2
                while i < len(pattern) and pattern[i] == "*":
                    i += 1
            else:
                out.append("[^/]*")
                i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            cls, i = _glob_class(pattern, i + 1)
            out.append(cls)
        elif ch == "{":
            alts, i = _glob_alternatives(pattern, i + 1)
            out.append(alts)
        elif ch in ",}" and not top:
            return "".join(out), i
        elif ch == "\\":
            if i + 1 >= len(pattern):
                raise _GlobSyntaxError(pattern)
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    if not top:
        raise _UnclosedBraces(pattern)
    return "".join(out), i


def _glob_alternatives(pattern: str, i: int) -> tuple[str, int]:
    options: list[str] = []
    while True:
        body, i = _glob_sequence(pattern, i, top=False)
        options.append(body)
        if pattern[i] == "}":
            return "(?:" + "|".join(options) + ")", i + 1
        i += 1  # skip ','


def _glob_class(pattern: str, i: int) -> tuple[str, int]:
    negate = i < len(pattern) and pattern[i] == "!"
    if negate:
        i += 1
    parts: list[str] = []
    while True:
        if i >= len(pattern):
            raise _GlobSyntaxError(pattern)
        ch = pattern[i]
        if ch == "]":
            break
        if ch == "\\" and i + 1 < len(pattern):
            ch = pattern[i + 1]
            i += 1
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            hi = pattern[i + 2]
            if hi < ch:
                raise _GlobSyntaxError(pattern)
            parts.append(f"{re.escape(ch)}-{re.escape(hi)}")
            i += 3
        else:
            parts.append(re.escape(ch))
            i += 1
    if not parts:
        raise _GlobSyntaxError(pattern)
    return ("[^" if negate else "[") + "".join(parts) + "]", i + 1
