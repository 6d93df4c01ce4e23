"""Sprig's list functions (``list.go``): ``list first rest push concat uniq slice chunk``...

Sprig accepts any Go slice or array (``[]interface{}``, ``[]string``, ``[]byte``...)
through reflection; here that is a list, tuple or bytes. Non-``must`` variants panic
on a bad type, which Go reports exactly like the ``must`` variant's error, so both
raise :class:`~pyhelm.engine.errors.FuncError` with the same text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import GoSliceOfSlices, cast_int, declare_params, want_int
from pyhelm.engine.funcs.defaults import is_empty
from pyhelm.engine.funcs.reflection import deep_equal, kind_of

NIL_DEREF = "runtime error: invalid memory address or nil pointer dereference"


def as_list(value: Any, what: str) -> list[Any]:
    """Items of a Go slice/array value; otherwise FuncError ``<what> on type KIND``.

    nil raises Go's nil-pointer panic text, as ``reflect.TypeOf(nil).Kind()`` does.
    ``what`` is Sprig's message prefix, e.g. ``Cannot push``.
    """
    if isinstance(value, list):
        return value
    if isinstance(value, tuple | bytes | bytearray):
        return list(value)
    if value is None:
        raise FuncError(NIL_DEREF)
    raise FuncError(f"{what} {kind_of(value)}")


def list_(*items: Any) -> list[Any]:
    """``list ITEMS...`` (also ``tuple``): a new list."""
    return list(items)


def push(lst: Any, value: Any) -> list[Any]:
    """``append LIST V`` / ``push`` / ``mustAppend`` / ``mustPush``: a new list with V at the end."""
    return [*as_list(lst, "Cannot push on type"), value]


def prepend(lst: Any, value: Any) -> list[Any]:
    """``prepend LIST V`` / ``mustPrepend``: a new list with V first."""
    return [value, *as_list(lst, "Cannot prepend on type")]


def first(lst: Any) -> Any:
    """``first LIST`` / ``mustFirst``: the first item, nil when empty."""
    items = as_list(lst, "Cannot find first on type")
    return items[0] if items else None


def last(lst: Any) -> Any:
    """``last LIST`` / ``mustLast``: the last item, nil when empty."""
    items = as_list(lst, "Cannot find last on type")
    return items[-1] if items else None


def rest(lst: Any) -> list[Any]:
    """``rest LIST`` / ``mustRest``: all but the first item."""
    return list(as_list(lst, "Cannot find rest on type")[1:])


def initial(lst: Any) -> list[Any]:
    """``initial LIST`` / ``mustInitial``: all but the last item."""
    return list(as_list(lst, "Cannot find initial on type")[:-1])


def reverse(lst: Any) -> list[Any]:
    """``reverse LIST`` / ``mustReverse``: a reversed copy."""
    return list(reversed(as_list(lst, "Cannot find reverse on type")))


def compact(lst: Any) -> list[Any]:
    """``compact LIST`` / ``mustCompact``: the items that are not empty (Sprig ``empty``)."""
    return [v for v in as_list(lst, "Cannot compact on type") if not is_empty(v)]


def _contains(items: list[Any], needle: Any) -> bool:
    return any(deep_equal(needle, item) for item in items)


def uniq(lst: Any) -> list[Any]:
    """``uniq LIST`` / ``mustUniq``: items without deep-equal duplicates, first kept."""
    out: list[Any] = []
    for item in as_list(lst, "Cannot find uniq on type"):
        if not _contains(out, item):
            out.append(item)
    return out


def without(lst: Any, *omit: Any) -> list[Any]:
    """``without LIST ITEMS...`` / ``mustWithout``: the items not deep-equal to any of ITEMS."""
    omitted = list(omit)
    return [v for v in as_list(lst, "Cannot find without on type") if not _contains(omitted, v)]


def has(needle: Any, haystack: Any) -> bool:
    """``has NEEDLE LIST`` / ``mustHas``: whether LIST holds a deep-equal item; nil LIST → false."""
    if haystack is None:
        return False
    return _contains(as_list(haystack, "Cannot find has on type"), needle)


def slice_(lst: Any, *indices: Any) -> Any:
    """``slice LIST [START [END]]`` / ``mustSlice``: ``LIST[START:END]`` (indices via cast.ToInt).

    An empty list gives nil; indices out of range raise Go's reflect panic text.
    """
    if isinstance(lst, str):
        raise FuncError("list should be type of slice or array but string")
    if lst is None:
        raise FuncError(NIL_DEREF)
    if not isinstance(lst, list | tuple | bytes | bytearray):
        raise FuncError(f"list should be type of slice or array but {kind_of(lst)}")
    n = len(lst)
    if n == 0:
        return None
    start = cast_int(indices[0]) if indices else 0
    end = cast_int(indices[1]) if len(indices) >= 2 else n
    if start < 0 or end < start or end > n:
        raise FuncError("reflect.Value.Slice: slice index out of bounds")
    if isinstance(lst, bytes | bytearray) or (isinstance(lst, list) and type(lst) is not list):
        return type(lst)(lst[start:end])  # Go's reflect slicing keeps []byte, []string...
    return list(lst[start:end])


def concat(*lists: Any) -> list[Any]:
    """``concat LISTS...``: one list of all items; a non-list argument raises FuncError."""
    out: list[Any] = []
    for lst in lists:
        if lst is None:
            raise FuncError(NIL_DEREF)
        if not isinstance(lst, list | tuple | bytes | bytearray):
            raise FuncError(f"Cannot concat type {kind_of(lst)} as list")
        out.extend(lst)
    return out


def chunk(size: Any, lst: Any) -> list[list[Any]]:
    """``chunk SIZE LIST`` / ``mustChunk``: consecutive sub-lists of SIZE items (the last may be shorter).

    Follows Sprig's float arithmetic, so SIZE <= 0 raises Go's ``makeslice`` panic text.
    """
    size = want_int(size)
    items = as_list(lst, "Cannot chunk type")
    n = len(items)
    count = _go_int(_go_div(float(n - 1), float(size)), floor_plus_one=True)
    if count < 0:
        raise FuncError("runtime error: makeslice: len out of range")
    out: list[list[Any]] = GoSliceOfSlices()
    for i in range(count):
        clen = size
        if i == count - 1:
            clen = _go_int(math.fmod(float(n), float(size)) if size else math.nan)
            if clen == 0:
                clen = size
        if clen < 0:
            raise FuncError("runtime error: makeslice: len out of range")
        out.append(items[i * size: i * size + clen])
    return out


def _go_div(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _go_int(value: float, *, floor_plus_one: bool = False) -> int:
    """Go ``int(math.Floor(v)[+1])`` on amd64: NaN/Inf/out of range become MinInt64."""
    if math.isnan(value) or math.isinf(value):
        return -(1 << 63)
    value = math.floor(value) + (1 if floor_plus_one else 0)
    return int(value)


FUNCS: dict[str, Callable[..., Any]] = {
    "list": list_,
    "tuple": list_,
    "append": push,
    "push": push,
    "mustAppend": push,
    "mustPush": push,
    "prepend": prepend,
    "mustPrepend": prepend,
    "first": first,
    "mustFirst": first,
    "rest": rest,
    "mustRest": rest,
    "last": last,
    "mustLast": last,
    "initial": initial,
    "mustInitial": initial,
    "reverse": reverse,
    "mustReverse": reverse,
    "compact": compact,
    "mustCompact": compact,
    "uniq": uniq,
    "mustUniq": uniq,
    "without": without,
    "mustWithout": without,
    "has": has,
    "mustHas": has,
    "slice": slice_,
    "mustSlice": slice_,
    "concat": concat,
    "chunk": chunk,
    "mustChunk": chunk,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "list": ("any",),
        "push": ("any", "any"),
        "prepend": ("any", "any"),
        "first": ("any",),
        "last": ("any",),
        "rest": ("any",),
        "initial": ("any",),
        "reverse": ("any",),
        "compact": ("any",),
        "uniq": ("any",),
        "without": ("any", "any"),
        "has": ("any", "any"),
        "slice": ("any", "any"),
        "concat": ("any",),
        "chunk": ("int", "any"),
    },
)
