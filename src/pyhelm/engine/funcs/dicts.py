"""Sprig's dict functions (``dict.go``): ``dict get set unset hasKey pluck dig keys values pick
omit merge mergeOverwrite deepCopy`` and their ``must`` variants.

Go map iteration order is random, so ``keys``/``values`` order is unspecified in Helm;
here it is the dict's insertion order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import (
    T_MAP,
    GoStringSlice,
    declare_params,
    go_type,
    strval,
    want_dict,
    want_str,
)
from pyhelm.engine.funcs.defaults import is_empty


def dict_(*items: Any) -> dict[str, Any]:
    """``dict K1 V1 K2 V2...``: keys through strval; a trailing key without value maps to ""."""
    out: dict[str, Any] = {}
    for i in range(0, len(items), 2):
        key = strval(items[i])
        out[key] = items[i + 1] if i + 1 < len(items) else ""
    return out


def get(d: Any, key: Any) -> Any:
    """``get DICT KEY``: the value, or "" when KEY is absent."""
    d, key = want_dict(d), want_str(key)
    return d[key] if key in d else ""


def set_(d: Any, key: Any, value: Any) -> dict[str, Any]:
    """``set DICT KEY VALUE``: store VALUE in DICT (mutating it) and return DICT.

    A nil DICT raises Go's ``assignment to entry in nil map`` panic text.
    """
    if d is None:
        want_str(key)
        raise FuncError("assignment to entry in nil map")
    d, key = want_dict(d), want_str(key)
    d[key] = value
    return d


def unset(d: Any, key: Any) -> dict[str, Any]:
    """``unset DICT KEY``: delete KEY from DICT (mutating it) and return DICT."""
    d, key = want_dict(d), want_str(key)
    d.pop(key, None)
    return d


def has_key(d: Any, key: Any) -> bool:
    """``hasKey DICT KEY``: whether KEY is present."""
    d, key = want_dict(d), want_str(key)
    return key in d


def pluck(key: Any, *dicts: Any) -> list[Any]:
    """``pluck KEY DICTS...``: the values of KEY in each dict that has it."""
    key = want_str(key)
    return [d[key] for d in (want_dict(x) for x in dicts) if key in d]


def keys(*dicts: Any) -> list[str]:
    """``keys DICTS...``: all keys of all dicts (Go order is random; here insertion order)."""
    return GoStringSlice(k for d in (want_dict(x) for x in dicts) for k in d)


def values(d: Any) -> list[Any]:
    """``values DICT``: the values (Go order is random; here insertion order)."""
    return list(want_dict(d).values())


def pick(d: Any, *names: Any) -> dict[str, Any]:
    """``pick DICT KEYS...``: a new dict with only KEYS."""
    d = want_dict(d)
    wanted = [want_str(k) for k in names]
    return {k: d[k] for k in wanted if k in d}


def omit(d: Any, *names: Any) -> dict[str, Any]:
    """``omit DICT KEYS...``: a new dict without KEYS."""
    d = want_dict(d)
    dropped = {want_str(k) for k in names}
    return {k: v for k, v in d.items() if k not in dropped}


def _interface_conversion(value: Any, want: str) -> FuncError:
    got = "nil" if value is None else go_type(value)
    return FuncError(f"interface conversion: interface {{}} is {got}, not {want}")


def dig(*args: Any) -> Any:
    """``dig KEYS... DEFAULT DICT``: walk nested dicts by KEYS; DEFAULT when a key is missing.

    Fewer than three arguments, a non-string key or a non-dict step raise FuncError
    with Go's panic text.
    """
    if len(args) < 3:
        raise FuncError("dig needs at least three arguments")
    current, fallback = args[-1], args[-2]
    if not isinstance(current, dict):
        raise _interface_conversion(current, T_MAP)
    path = list(args[:-2])
    for key in path:
        if not isinstance(key, str):
            raise _interface_conversion(key, "string")
    for i, key in enumerate(path):
        if key not in current:
            return fallback
        step = current[key]
        if i == len(path) - 1:
            return step
        if not isinstance(step, dict):
            raise _interface_conversion(step, T_MAP)
        current = step
    return fallback


def merge_into(dst: dict[str, Any], src: dict[str, Any], overwrite: bool) -> None:
    """Merge ``src`` into ``dst`` in place with mergo's map rules, as Sprig calls it.

    Nested dicts merge recursively (in place); otherwise a key is set to the
    ``src`` value when ``overwrite`` or when it is missing or empty in ``dst``
    (Sprig ``empty`` rules; an empty nested dict is replaced too). A nil ``src``
    value is copied only when ``overwrite``. Values are shared, not copied, as Go
    shares maps and slices.
    """
    for key, value in src.items():
        if value is None:
            if overwrite:
                dst[key] = None
            continue
        current = dst.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merge_into(current, value, overwrite)
            if not is_empty(current):
                continue
        if overwrite or key not in dst or is_empty(current):
            dst[key] = value


def merge(dst: Any, *srcs: Any) -> dict[str, Any]:
    """``merge DST SRCS...`` / ``mustMerge``: deep-merge SRCS into DST (DST values win); returns DST."""
    target = want_dict(dst)
    for src in srcs:
        merge_into(target, want_dict(src), overwrite=False)
    return target


def merge_overwrite(dst: Any, *srcs: Any) -> dict[str, Any]:
    """``mergeOverwrite DST SRCS...`` / ``mustMergeOverwrite``: deep-merge, SRCS values win; returns DST."""
    target = want_dict(dst)
    for src in srcs:
        merge_into(target, want_dict(src), overwrite=True)
    return target


def deep_copy(value: Any) -> Any:
    """``deepCopy VALUE`` / ``mustDeepCopy``: a copy sharing no list or dict with VALUE.

    nil raises FuncError with the reflect panic text copystructure produces.
    """
    if value is None:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    return _copy(value)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        copied = {k: _copy(v) for k, v in value.items()}
        return copied if type(value) is dict else type(value)(copied)
    if isinstance(value, list):
        items = [_copy(v) for v in value]
        return items if type(value) is list else type(value)(items)
    if isinstance(value, tuple):
        return [_copy(v) for v in value]
    if isinstance(value, bytearray):
        return bytearray(value)
    return value


FUNCS: dict[str, Callable[..., Any]] = {
    "dict": dict_,
    "get": get,
    "set": set_,
    "unset": unset,
    "hasKey": has_key,
    "pluck": pluck,
    "keys": keys,
    "pick": pick,
    "omit": omit,
    "values": values,
    "dig": dig,
    "merge": merge,
    "mustMerge": merge,
    "mergeOverwrite": merge_overwrite,
    "mustMergeOverwrite": merge_overwrite,
    "deepCopy": deep_copy,
    "mustDeepCopy": deep_copy,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "dict": ("any",),
        "get": ("map[string]interface {}", "string"),
        "set": ("map[string]interface {}", "string", "any"),
        "unset": ("map[string]interface {}", "string"),
        "hasKey": ("map[string]interface {}", "string"),
        "pluck": ("string", "map[string]interface {}"),
        "keys": ("map[string]interface {}",),
        "pick": ("map[string]interface {}", "string"),
        "omit": ("map[string]interface {}", "string"),
        "values": ("map[string]interface {}",),
        "dig": ("any",),
        "merge": ("map[string]interface {}", "map[string]interface {}"),
        "mergeOverwrite": ("map[string]interface {}", "map[string]interface {}"),
        "deepCopy": ("any",),
    },
)
