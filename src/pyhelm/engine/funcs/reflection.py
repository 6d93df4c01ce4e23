"""Sprig's reflection functions: ``typeOf typeIs typeIsLike kindOf kindIs deepEqual``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from pyhelm.engine import runtime
from pyhelm.engine.funcs._args import declare_params, go_type, int_type, want_str


def kind_of(value: Any) -> str:
    """``kindOf VALUE``: Go ``reflect.Value.Kind().String()`` (``invalid`` for nil, ``slice``, ``map``...)."""
    return runtime.kind_name(value)


def type_of(value: Any) -> str:
    """``typeOf VALUE``: Go ``%T`` of the value (``float64``, ``[]interface {}``, ``<nil>``)."""
    return go_type(value)


def type_is(target: Any, value: Any) -> bool:
    """``typeIs TYPE VALUE``: TYPE equals ``%T`` of VALUE."""
    return want_str(target) == go_type(value)


def type_is_like(target: Any, value: Any) -> bool:
    """``typeIsLike TYPE VALUE``: ``%T`` of VALUE is TYPE or ``*TYPE``."""
    target = want_str(target)
    name = go_type(value)
    return name in (target, "*" + target)


def kind_is(target: Any, value: Any) -> bool:
    """``kindIs KIND VALUE``: KIND equals ``kindOf VALUE``."""
    return want_str(target) == kind_of(value)


def _number_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return int_type(value)
    if isinstance(value, float):
        return "float64"
    return None


def deep_equal(a: Any, b: Any) -> bool:
    """``deepEqual A B``: Go ``reflect.DeepEqual`` on the value model.

    Types must match (``1`` and ``1.0`` differ, ``true`` and ``1`` differ); lists
    and maps compare element-wise; NaN is never equal to itself.
    """
    if a is None or b is None:
        return a is None and b is None
    ta, tb = _number_type(a), _number_type(b)
    if ta is not None or tb is not None:
        if ta != tb:
            return False
        if ta == "float64" and (math.isnan(a) or math.isnan(b)):
            return False
        return a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, bytes | bytearray) or isinstance(b, bytes | bytearray):
        return isinstance(a, bytes | bytearray) and isinstance(b, bytes | bytearray) and a == b
    if go_type(a) != go_type(b):
        return False
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return (isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b)
                and all(deep_equal(x, y) for x, y in zip(a, b, strict=True)))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(deep_equal(a[k], b[k]) for k in a))
    if a is b:
        return True
    return type(a) is type(b) and a == b


FUNCS: dict[str, Callable[..., Any]] = {
    "typeOf": type_of,
    "typeIs": type_is,
    "typeIsLike": type_is_like,
    "kindOf": kind_of,
    "kindIs": kind_is,
    "deepEqual": deep_equal,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "typeOf": ("any",),
        "typeIs": ("string", "any"),
        "typeIsLike": ("string", "any"),
        "kindOf": ("any",),
        "kindIs": ("string", "any"),
        "deepEqual": ("any", "any"),
    },
)
