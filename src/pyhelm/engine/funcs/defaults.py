"""Sprig's defaults functions: ``default empty coalesce all any ternary fail`` and the JSON
helpers Helm keeps from Sprig (``toPrettyJson toRawJson mustToJson mustToPrettyJson
mustToRawJson mustFromJson``; Helm's own ``toJson``/``fromJson`` live in helmfuncs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import declare_params, want_bool, want_str


def is_empty(value: Any) -> bool:
    """Sprig ``empty``: nil, false, 0, 0.0, "" and empty lists/maps/bytes are empty; structs never."""
    if value is None:
        return True
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str | bytes | bytearray | list | tuple | dict):
        return len(value) == 0
    return False


def default(default_value: Any, *given: Any) -> Any:
    """``default DEFAULT [VALUE]``: VALUE unless it is missing or empty, else DEFAULT."""
    if not given or is_empty(given[0]):
        return default_value
    return given[0]


def empty(value: Any) -> bool:
    """``empty VALUE``: see :func:`is_empty`."""
    return is_empty(value)


def coalesce(*values: Any) -> Any:
    """``coalesce VALUES...``: the first non-empty value, else nil."""
    for value in values:
        if not is_empty(value):
            return value
    return None


def all_(*values: Any) -> bool:
    """``all VALUES...``: true when no value is empty (true for no values)."""
    return all(not is_empty(v) for v in values)


def any_(*values: Any) -> bool:
    """``any VALUES...``: true when some value is non-empty."""
    return any(not is_empty(v) for v in values)


def ternary(if_true: Any, if_false: Any, condition: Any) -> Any:
    """``ternary TRUE FALSE BOOL``: TRUE when BOOL, else FALSE. BOOL must be a Go bool."""
    return if_true if want_bool(condition) else if_false


def fail(message: Any) -> str:
    """``fail MESSAGE``: always raises FuncError(MESSAGE)."""
    raise FuncError(want_str(message))


def _marshal(value: Any, *, indent: str = "", escape_html: bool = True) -> str:
    from pyhelm.codec import json as gojson

    try:
        return gojson.marshal(value, indent=indent, escape_html=escape_html)
    except ValueError as err:
        raise FuncError(str(err)) from err


def must_to_json(value: Any) -> str:
    """``mustToJson VALUE``: Go ``json.Marshal``; unsupported values raise FuncError."""
    return _marshal(value)


def must_to_pretty_json(value: Any) -> str:
    """``mustToPrettyJson VALUE``: ``json.MarshalIndent(v, "", "  ")``; errors raise FuncError."""
    return _marshal(value, indent="  ")


def must_to_raw_json(value: Any) -> str:
    """``mustToRawJson VALUE``: JSON without HTML escaping; errors raise FuncError."""
    return _marshal(value, escape_html=False)


def _swallow(func: Callable[[Any], str]) -> Callable[[Any], str]:
    def wrapper(value: Any) -> str:
        try:
            return func(value)
        except FuncError:
            return ""

    wrapper.__name__ = func.__name__.replace("must_", "")
    wrapper.__doc__ = f"Like ``{func.__name__}`` but returns \"\" on error, as Sprig does."
    return wrapper


to_pretty_json = _swallow(must_to_pretty_json)
to_raw_json = _swallow(must_to_raw_json)


def must_from_json(text: Any) -> Any:
    """``mustFromJson STRING``: Go ``json.Unmarshal`` into interface{} (numbers float64); errors raise."""
    from pyhelm.codec import json as gojson

    try:
        return gojson.unmarshal(want_str(text))
    except ValueError as err:
        raise FuncError(str(err)) from err


FUNCS: dict[str, Callable[..., Any]] = {
    "default": default,
    "empty": empty,
    "coalesce": coalesce,
    "all": all_,
    "any": any_,
    "ternary": ternary,
    "fail": fail,
    "toPrettyJson": to_pretty_json,
    "toRawJson": to_raw_json,
    "mustToJson": must_to_json,
    "mustToPrettyJson": must_to_pretty_json,
    "mustToRawJson": must_to_raw_json,
    "mustFromJson": must_from_json,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "default": ("any", "any"),
        "empty": ("any",),
        "coalesce": ("any",),
        "all": ("any",),
        "any": ("any",),
        "ternary": ("any", "any", "bool"),
        "fail": ("string",),
        "toPrettyJson": ("any",),
        "toRawJson": ("any",),
        "mustToJson": ("any",),
        "mustToPrettyJson": ("any",),
        "mustToRawJson": ("any",),
        "mustFromJson": ("string",),
    },
)
