"""Argument coercion shared by the template function modules.

Go's text/template checks every argument against the Go parameter type of the
function before calling it (``reflect``-based ``validateType``). Python callables
receive plain Go values (see :mod:`pyhelm.engine.runtime`), so each function
checks its own parameters with the ``want_*`` helpers below, which raise
:class:`~pyhelm.engine.errors.ArgTypeError` worded as Go words it:

- ``wrong type for value; expected string; got float64``
- ``invalid value; expected string`` (nil passed where a string/int/bool is wanted)

Parameters of interface type take anything; nil becomes the zero value of map and
slice parameters.

The ``cast_*`` helpers follow ``github.com/spf13/cast`` (``ToInt64``, ``ToInt``,
``ToFloat64``), which Sprig uses for its lenient number conversions, and
:func:`wrap_int64` reproduces Go's two's complement int64 overflow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from pyhelm.engine import runtime
from pyhelm.engine.errors import ArgTypeError

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

#: Go type names used in error messages.
T_STRING = "string"
T_INT = "int"
T_INT64 = "int64"
T_FLOAT64 = "float64"
T_BOOL = "bool"
T_LIST = "[]interface {}"
T_STRINGS = "[]string"
T_MAP = "map[string]interface {}"


class GoStringSlice(list):  # type: ignore[type-arg]
    """A Go ``[]string`` (what ``splitList``, ``toStrings``, ``keys``... return)."""

    __go_type__ = T_STRINGS


class GoIntSlice(list):  # type: ignore[type-arg]
    """A Go ``[]int`` (``until``, ``untilStep``)."""

    __go_type__ = "[]int"


class GoSliceOfSlices(list):  # type: ignore[type-arg]
    """A Go ``[][]interface {}`` (``chunk``)."""

    __go_type__ = "[][]interface {}"


class GoStringMap(dict):  # type: ignore[type-arg]
    """A Go ``map[string]string`` (``split``, ``splitn``)."""

    __go_type__ = "map[string]string"


def _typed_name(value: Any) -> str | None:
    name = getattr(type(value), "__go_type__", None)
    return name if isinstance(name, str) else None


def declare_params(funcs: dict[str, Callable[..., Any]], params: dict[str, tuple[str, ...]]) -> None:
    """Attach Go parameter types to template functions for the compiler.

    ``params`` maps a template name to its Go parameter types, e.g.
    ``{"trunc": ("int", "string")}``; the last type repeats for variadic
    parameters and ``"any"`` stands for ``interface{}``. The compiler
    (:mod:`pyhelm.engine.compiler`) reads the ``__go_params__`` attribute
    (:data:`pyhelm.engine.builtins.GO_PARAMS`) to check literal arguments as
    Go's ``evalArg`` does (``expected string; found 1``, ``cannot assign nil to int``).
    """
    from pyhelm.engine.builtins import GO_PARAMS

    for name, types in params.items():
        setattr(funcs[name], GO_PARAMS, types)


def go_type(value: Any) -> str:
    """Go's ``%T`` name of a value (``float64``, ``[]interface {}``, ``<nil>``): :func:`runtime.type_name`."""
    return runtime.type_name(value)


def wrong_type(expected: str, value: Any) -> ArgTypeError:
    """Build Go's ``wrong type for value; expected T; got U`` (or nil's ``invalid value``) error."""
    if value is None:
        return ArgTypeError(f"invalid value; expected {expected}")
    return ArgTypeError(f"wrong type for value; expected {expected}; got {go_type(value)}")


def want_str(value: Any) -> str:
    """Check a Go ``string`` parameter: return ``value`` if it is a ``str``.

    Raises ArgTypeError otherwise (``bytes`` is ``[]uint8`` in Go and is rejected too).
    """
    if isinstance(value, str):
        return value
    raise wrong_type(T_STRING, value)


def want_int(value: Any, go_name: str = T_INT) -> int:
    """Check a Go ``int``/``int64`` parameter (``go_name`` names it in errors).

    Accepts ``int`` (not ``bool``); a sized int of another Go type (an ``int64``
    from Sprig's math) is rejected as Go rejects it. A ``float`` is rejected, as Go
    rejects a values-file float64 (``wrong type for value; expected int; got float64``).
    Returns a plain ``int``.
    Raises ArgTypeError.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        actual = int_type(value)
        if actual != T_INT and actual != go_name:
            raise wrong_type(go_name, value)
        return int(value)
    raise wrong_type(go_name, value)


def want_float(value: Any) -> float:
    """Check a Go ``float64`` parameter; a plain ``int`` (an untyped template constant) is converted.

    Raises ArgTypeError for anything else.
    """
    if isinstance(value, float):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and int_type(value) == T_INT:
        return float(value)
    raise wrong_type(T_FLOAT64, value)


def want_bool(value: Any) -> bool:
    """Check a Go ``bool`` parameter. Raises ArgTypeError."""
    if isinstance(value, bool):
        return value
    raise wrong_type(T_BOOL, value)


def want_list(value: Any) -> list[Any]:
    """Check a Go ``[]interface{}`` parameter: a list (tuple accepted), nil → ``[]``.

    Returns the list itself (not a copy) so callers may observe Go aliasing.
    Raises ArgTypeError for other types.
    """
    if isinstance(value, list) and _typed_name(value) in (None, T_LIST):
        return value
    if isinstance(value, tuple):
        return list(value)
    if value is None:
        return []
    raise wrong_type(T_LIST, value)


def want_strs(value: Any) -> list[str]:
    """Check a Go ``[]string`` parameter: a list whose items are all ``str``; nil → ``[]``.

    Raises ArgTypeError naming ``[]string`` (Go would see ``[]interface {}``).
    """
    if value is None:
        return []
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    if isinstance(value, list | tuple):
        raise ArgTypeError(f"wrong type for value; expected {T_STRINGS}; got {T_LIST}")
    raise wrong_type(T_STRINGS, value)


def want_dict(value: Any) -> dict[str, Any]:
    """Check a Go ``map[string]interface{}`` parameter; nil → a new empty dict.

    Returns the dict itself (not a copy): Sprig functions mutate their map argument.
    A named type whose underlying type is ``map[string]interface{}`` (Helm's
    ``common.Values``/``chartutil.Values``) is accepted, as Go assigns it; other map
    types (``map[string]string``, ``engine.files``) and other values raise ArgTypeError.
    """
    if isinstance(value, dict):
        name = _typed_name(value)
        if name is None or name == T_MAP or name.endswith(".Values"):
            return value
    elif value is None:
        return {}
    raise wrong_type(T_MAP, value)


def want_variadic(values: tuple[Any, ...], check: Any) -> list[Any]:
    """Apply a ``want_*`` checker to each element of a Go variadic parameter."""
    return [check(v) for v in values]


def go_int64(value: int) -> int:
    """A Go ``int64`` result: wrapped to 64 bits and typed (``runtime.GoInt``) so ``typeOf`` says int64."""
    return runtime.GoInt(wrap_int64(value), "int64")


def int_type(value: int) -> str:
    """Go type name of an integer value: ``int`` unless it carries a sized type (``int64``, ``uint8``)."""
    name = getattr(value, "go_type", None)
    return name if isinstance(name, str) else T_INT


def wrap_int64(value: int) -> int:
    """Reduce a Python int to Go int64 with two's complement overflow."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value > INT64_MAX else value


def float_to_int64(value: float) -> int:
    """Go's ``int64(f)`` conversion on amd64: truncation; NaN/±Inf/out of range → INT64_MIN."""
    if math.isnan(value) or math.isinf(value):
        return INT64_MIN
    truncated = int(value)
    if truncated < INT64_MIN or truncated > INT64_MAX:
        return INT64_MIN
    return truncated


_ZERO_DECIMAL = re.compile(r"^(.*\d)\.0+$")
_INT_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def parse_go_int(text: str, base: int = 0, bits: int = 64) -> int | None:
    """Go's ``strconv.ParseInt(text, base, bits)``; ``None`` when Go returns an error.

    Base 0 reads the prefixes ``0x``/``0o``/``0b``/``0`` (octal) and allows ``_``
    between digits, as Go does.
    """
    s = text
    sign = 1
    if s[:1] in ("+", "-"):
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    magnitude = _parse_go_uint(s, base)
    if magnitude is None:
        return None
    result = sign * magnitude
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if result < low or result > high:
        return None
    return result


def _parse_go_uint(s: str, base: int) -> int | None:
    if not s:
        return None
    underscores_ok = False
    if base == 0:
        base, underscores_ok = 10, True
        low = s.lower()
        if low.startswith(("0x", "0o", "0b")) and len(s) > 2:
            base = {"x": 16, "o": 8, "b": 2}[low[1]]
            s = s[2:]
            if s.startswith("_"):
                s = s[1:]
                if not s:
                    return None
        elif s[0] == "0" and len(s) > 1:
            base, s = 8, s[1:]
            if s.startswith("_"):
                s = s[1:]
    if "_" in s:
        if not underscores_ok or s.startswith("_") or s.endswith("_") or "__" in s:
            return None
        s = s.replace("_", "")
    digits = _INT_DIGITS.get(base)
    if digits is None:
        raise ValueError(f"unsupported base {base}")
    if not s or any(c not in digits for c in s):
        return None
    return int(s, base)


_FLOAT_RE = re.compile(r"^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$")
_HEX_FLOAT_RE = re.compile(r"^[+-]?0[xX](?:[0-9a-fA-F_]*\.?[0-9a-fA-F_]*)[pP][+-]?\d+$")
_SPECIAL_FLOATS = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf, "infinity": math.inf,
                   "+infinity": math.inf, "-infinity": -math.inf, "nan": math.nan, "+nan": math.nan,
                   "-nan": math.nan}


def parse_go_float(text: str) -> float | None:
    """Go's ``strconv.ParseFloat(text, 64)``; ``None`` when Go returns an error.

    Out-of-range values are an error in Go (``None``); ``inf``/``nan`` spellings
    are accepted case-insensitively; hexadecimal floats need a ``p`` exponent.
    """
    special = _SPECIAL_FLOATS.get(text.lower())
    if special is not None:
        return special
    if _FLOAT_RE.match(text):
        try:
            value = float(text)
        except ValueError:
            return None
        return None if math.isinf(value) else value
    if _HEX_FLOAT_RE.match(text):
        try:
            sign = -1.0 if text.startswith("-") else 1.0
            value = sign * float.fromhex(text.lstrip("+-").replace("_", ""))
        except (ValueError, OverflowError):
            return None
        return None if math.isinf(value) else value
    return None


def _trim_zero_decimal(text: str) -> str:
    """spf13/cast's trimZeroDecimal: ``"12.00"`` → ``"12"``; anything else unchanged."""
    match = _ZERO_DECIMAL.match(text)
    return match.group(1) if match else text


def cast_int64(value: Any) -> int:
    """spf13/cast ``ToInt64``: lenient conversion, 0 for anything unconvertible.

    int → itself; float → truncated (Go conversion); bool → 0/1; nil → 0;
    str → ``strconv.ParseInt(s, 0, 0)`` after trimming a ``.000`` suffix (errors → 0);
    other types (lists, maps...) → 0.
    """
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return wrap_int64(int(value))
    if isinstance(value, float):
        return float_to_int64(value)
    if isinstance(value, str):
        parsed = parse_go_int(_trim_zero_decimal(value))
        return 0 if parsed is None else parsed
    number = _json_number(value)
    if number is not None:
        return cast_int64(number)
    return 0


def cast_int(value: Any) -> int:
    """spf13/cast ``ToInt`` (Go int is 64-bit on Helm's platforms): same as :func:`cast_int64`."""
    return cast_int64(value)


def cast_float64(value: Any) -> float:
    """spf13/cast ``ToFloat64``: int/float as numbers, bool → 0/1, str via ``ParseFloat``, else 0."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        parsed = parse_go_float(value)
        return 0.0 if parsed is None else parsed
    number = _json_number(value)
    if number is not None:
        return cast_float64(number)
    return 0.0


def _json_number(value: Any) -> str | None:
    """Text of a ``json.Number``-like object (``__go_type__ == "json.Number"``), else None."""
    if getattr(value, "__go_type__", None) == "json.Number":
        return str(value)
    return None


def strval(value: Any) -> str:
    """Sprig's ``strval``: str as-is, bytes decoded, Stringers, else Go ``%v`` (:func:`runtime.to_go_string`)."""
    return runtime.to_go_string(value)


def format_v(value: Any) -> str:
    """Go's ``fmt.Sprint(value)`` (``%v``): :func:`runtime.format_v`."""
    return runtime.format_v(value)
