"""Sprig's type conversion functions: ``atoi int int64 float64 toString toStrings toDecimal``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pyhelm.engine.funcs._args import (
    INT64_MAX,
    INT64_MIN,
    cast_float64,
    cast_int,
    cast_int64,
    declare_params,
    format_v,
    go_int64,
    parse_go_int,
    strval,
    want_str,
)
from pyhelm.engine.funcs.strings import strslice

_DECIMAL = re.compile(r"^[+-]?[0-9]+$")


def atoi(text: Any) -> int:
    """``atoi STRING``: Go ``strconv.Atoi`` with errors ignored.

    A syntax error gives 0; an out-of-range number gives the clamped int64 bound,
    as ``Atoi`` returns alongside its range error.
    """
    text = want_str(text)
    if not _DECIMAL.match(text):
        return 0
    value = int(text)
    return max(INT64_MIN, min(INT64_MAX, value))


def to_int(value: Any) -> int:
    """``int VALUE``: spf13/cast ``ToInt`` (``"12"`` → 12, ``"0x1F"`` → 31, ``2.7`` → 2, junk → 0)."""
    return cast_int(value)


def to_int64(value: Any) -> int:
    """``int64 VALUE``: spf13/cast ``ToInt64`` (typed int64)."""
    return go_int64(cast_int64(value))


def to_float64(value: Any) -> float:
    """``float64 VALUE``: spf13/cast ``ToFloat64`` (junk → 0)."""
    return cast_float64(value)


def to_string(value: Any) -> str:
    """``toString VALUE``: Sprig ``strval`` (str as-is, bytes decoded, else ``%v``: 1e6 → ``1e+06``)."""
    return strval(value)


def to_strings(value: Any) -> list[str]:
    """``toStrings VALUE``: Sprig ``strslice`` (list → strval of each non-nil item)."""
    return strslice(value)


def to_decimal(value: Any) -> int:
    """``toDecimal VALUE``: ``%v`` of VALUE read as an octal number (``"0777"`` → 511); errors → 0."""
    parsed = parse_go_int(format_v(value), base=8)
    return go_int64(0 if parsed is None else parsed)


FUNCS: dict[str, Callable[..., Any]] = {
    "atoi": atoi,
    "int": to_int,
    "int64": to_int64,
    "float64": to_float64,
    "toString": to_string,
    "toStrings": to_strings,
    "toDecimal": to_decimal,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "atoi": ("string",),
        "int": ("any",),
        "int64": ("any",),
        "float64": ("any",),
        "toString": ("any",),
        "toStrings": ("any",),
        "toDecimal": ("any",),
    },
)
