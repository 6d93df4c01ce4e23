"""Helm's own template functions (helm.sh/helm/v4/pkg/engine/funcs.go).

This module holds the serialization functions: ``toYaml mustToYaml toYamlPretty
fromYaml fromYamlArray toJson mustToJson fromJson fromJsonArray toToml mustToToml
fromToml``. Each follows Helm's error convention: the plain ``to*`` forms swallow
errors (``""``, or the error text for ``toToml``), the ``from*`` forms report them
inside the result (``{"Error": msg}`` / ``[msg]``), the ``must*`` forms raise
:class:`FuncError` (``error calling NAME: msg``). The late-bound ``include``, ``tpl``,
``required`` and ``lookup`` are added by the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyhelm.codec import json as gojson
from pyhelm.codec import toml as gotoml
from pyhelm.codec import yaml as goyaml
from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import want_str

__all__ = [
    "FUNCS",
    "from_json",
    "from_json_array",
    "from_toml",
    "from_yaml",
    "from_yaml_array",
    "must_to_json",
    "must_to_toml",
    "must_to_yaml",
    "to_json",
    "to_toml",
    "to_yaml",
    "to_yaml_pretty",
]


def _trim_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def to_yaml(value: Any) -> str:
    """``toYaml VALUE``: sigs.k8s.io/yaml ``Marshal`` without the final newline; "" on error."""
    try:
        return _trim_newline(goyaml.dump(value))
    except goyaml.YAMLError:
        return ""


def must_to_yaml(value: Any) -> str:
    """``mustToYaml VALUE``: as ``toYaml``; errors raise FuncError
    (``error marshaling into JSON: json: unsupported value: NaN``)."""
    try:
        return _trim_newline(goyaml.dump(value))
    except goyaml.YAMLError as err:
        raise FuncError(str(err)) from None


def to_yaml_pretty(value: Any) -> str:
    """``toYamlPretty VALUE``: go-yaml v3 encoder with 2-space indent, no final newline; "" on error."""
    try:
        return _trim_newline(goyaml.dump_pretty(value))
    except goyaml.YAMLError:
        return ""


def from_yaml(text: Any) -> dict[str, Any]:
    """``fromYaml STRING``: the document as a map; on error ``{"Error": message}``.

    Raises ArgTypeError when STRING is not a string.
    """
    source = want_str(text)
    try:
        return goyaml.load_map(source)
    except goyaml.YAMLError as err:
        return {"Error": str(err)}


def from_yaml_array(text: Any) -> list[Any]:
    """``fromYamlArray STRING``: the document as a list (null → ``[]``); on error ``[message]``."""
    source = want_str(text)
    try:
        result = goyaml.load_list(source)
    except goyaml.YAMLError as err:
        return [str(err)]
    return [] if result is None else result


def to_json(value: Any) -> str:
    """``toJson VALUE``: Go ``json.Marshal``; "" on error (NaN, Inf)."""
    try:
        return gojson.marshal(value)
    except ValueError:
        return ""


def must_to_json(value: Any) -> str:
    """``mustToJson VALUE``: Go ``json.Marshal``; errors raise FuncError (``json: unsupported value: NaN``)."""
    try:
        return gojson.marshal(value)
    except ValueError as err:
        raise FuncError(str(err)) from None


def _json_decode(text: str) -> tuple[Any, str | None, str | None]:
    """(value, syntax error, first type error) of Go's ``json.Unmarshal``."""
    try:
        value, type_error = gojson.unmarshal_lenient(text)
    except gojson.JSONError as err:
        return None, str(err), None
    return value, None, type_error


def from_json(text: Any) -> dict[str, Any] | None:
    """``fromJson STRING``: Go ``json.Unmarshal`` into a map; on error ``{"Error": message}``.

    ``null`` gives None (Go's nil map, which ``toJson`` prints as ``null``). A number out
    of float64 range leaves a null in the map and adds the ``Error`` key, as Go does.
    """
    value, error, type_error = _json_decode(want_str(text))
    if error is not None:
        return {"Error": error}
    if value is None:
        return None
    if not isinstance(value, dict):
        kind = gojson.go_type_name(value)
        return {"Error": f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"}
    if type_error is not None:
        value["Error"] = type_error
    return value


def from_json_array(text: Any) -> list[Any] | None:
    """``fromJsonArray STRING``: Go ``json.Unmarshal`` into a slice; on error ``[message]``.

    ``null`` gives None (a nil slice).
    """
    value, error, type_error = _json_decode(want_str(text))
    if error is not None:
        return [error]
    if value is not None and not isinstance(value, list):
        kind = gojson.go_type_name(value)
        return [f"json: cannot unmarshal {kind} into Go value of type []interface {{}}"]
    if type_error is not None:
        return [type_error]
    return value


_NIL_PANIC = "reflect: call of reflect.Value.Type on zero Value"


def to_toml(value: Any) -> str:
    """``toToml VALUE``: BurntSushi TOML; on error the error's text.

    A nil VALUE makes the Go encoder panic, which surfaces as FuncError.
    """
    if value is None:
        raise FuncError(_NIL_PANIC)
    try:
        return gotoml.dump(value)
    except gotoml.TOMLError as err:
        return str(err)


def must_to_toml(value: Any) -> str:
    """``mustToToml VALUE``: BurntSushi TOML; errors raise FuncError."""
    try:
        return gotoml.dump(value)
    except gotoml.TOMLError as err:
        raise FuncError(str(err)) from None


def from_toml(text: Any) -> dict[str, Any]:
    """``fromToml STRING``: TOML decoded into a map (ints int64, floats float64); on error
    ``{"Error": message}``."""
    source = want_str(text)
    try:
        return gotoml.load(source)
    except gotoml.TOMLError as err:
        return {"Error": str(err)}


FUNCS: dict[str, Callable[..., Any]] = {
    "toYaml": to_yaml,
    "mustToYaml": must_to_yaml,
    "toYamlPretty": to_yaml_pretty,
    "fromYaml": from_yaml,
    "fromYamlArray": from_yaml_array,
    "toJson": to_json,
    "mustToJson": must_to_json,
    "fromJson": from_json,
    "fromJsonArray": from_json_array,
    "toToml": to_toml,
    "mustToToml": must_to_toml,
    "fromToml": from_toml,
}
