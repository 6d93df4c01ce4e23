"""Decoding YAML into Go structs the way ``sigs.k8s.io/yaml.Unmarshal`` does.

go-yaml v2 values (from :func:`pyhelm.codec.yaml.load_go`) are checked for what the
YAML→JSON step rejects (NaN outside string fields, unsupported map keys), then decoded
like ``encoding/json`` into a registered struct: keys in sorted order, field names
matched case-insensitively, numbers and booleans stored into string fields as their
text (floats via ``strconv.FormatFloat(f, 'g', -1, 32)``), and the first type mismatch
reported as Go words it (``json: cannot unmarshal number into Go struct field
Metadata.keywords of type []string``).

Structs are registered with :func:`register`: a name and its ``(json name, type)``
fields, where a type is ``string``, ``bool``, ``any``, ``time``, ``[]T``,
``map[string]string`` or ``*Name`` (a registered struct; the empty name is an
anonymous struct, reported as Go reports it).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import struct
from typing import Any

from pyhelm.codec.json import go_type_name as _json_kind
from pyhelm.engine.runtime import go_quote


class GoStructError(ValueError):
    """A document did not fit the struct; ``str(err)`` is the sigs.k8s.io/yaml message."""


_STRUCTS: dict[str, list[tuple[str, str]]] = {}
_GO_TYPE_NAMES: dict[str, str] = {}


def register(name: str, fields: list[tuple[str, str]], go_type_names: dict[str, str] | None = None) -> None:
    """Register struct ``name`` with its ``(json name, type)`` fields and Go type names for errors."""
    _STRUCTS[name] = fields
    _GO_TYPE_NAMES.update(go_type_names or {})


def decode(raw: Any, struct_name: str, go_type: str) -> dict[str, Any]:
    """Decode go-yaml value ``raw`` into registered struct ``struct_name``: ``{json name: value}``.

    ``go_type`` names the whole struct in errors (``util.SimpleHead``). Raises
    :class:`GoStructError` with ``error converting YAML to JSON: ...`` or
    ``error unmarshaling JSON: while decoding JSON: json: ...``.
    """
    if not _jsonable_as_is(raw):
        _check_jsonable(raw, struct_name)
    decoder = _Decoder()
    if raw is None:
        fields: dict[str, Any] = {}
    elif not isinstance(raw, dict):
        decoder.fail(raw, None, "", go_type)
        fields = {}
    else:
        fields = decoder.struct(raw, struct_name, "")
    if decoder.error is not None:
        raise GoStructError(f"error unmarshaling JSON: while decoding JSON: {decoder.error}")
    return fields


def _go_type(ftype: str) -> str:
    return _GO_TYPE_NAMES.get(ftype, ftype)


def format_float32(value: float) -> str:
    """Go's ``strconv.FormatFloat(value, 'g', -1, 32)``: shortest float32 digits, ``%e`` past 1e6."""
    if math.isnan(value):
        return "NaN"
    try:
        f32 = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        f32 = math.copysign(math.inf, value)
    if math.isinf(f32):
        return "+Inf" if f32 > 0 else "-Inf"
    if f32 == 0:
        return "-0" if math.copysign(1.0, f32) < 0 else "0"
    for precision in range(0, 10):
        text = f"{abs(f32):.{precision}e}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == abs(f32):
            break
    mantissa, _, exp_text = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exp = int(exp_text)
    sign = "-" if f32 < 0 else ""
    if exp < -4 or exp >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _scalar_text(value: Any) -> str | None:
    """sigs.k8s.io/yaml: the text a number or bool becomes when the target field is a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float32(value)
    return None


def _items(mapping: Any) -> list[tuple[Any, Any]]:
    go_items = getattr(mapping, "go_items", None)
    return list(go_items()) if callable(go_items) else list(mapping.items())


def _key_text(key: Any, item: Any = None) -> str:
    if isinstance(key, str):
        return key
    text = _scalar_text(key)
    if text is None:
        shown = go_quote(item) if isinstance(item, str) else ("<nil>" if item is None else str(item))
        raise GoStructError(
            f"error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: {shown}"
        )
    return text


class _Decoder:
    """Decode go-yaml values into the chart structs, remembering Go's first type error."""

    def __init__(self) -> None:
        self.error: str | None = None

    def fail(self, value: Any, struct_name: str | None, path: str, ftype: str) -> None:
        if self.error is not None:
            return
        kind = _json_kind(value)
        if struct_name is None:
            self.error = f"json: cannot unmarshal {kind} into Go value of type {_go_type(ftype)}"
        else:
            self.error = f"json: cannot unmarshal {kind} into Go struct field {struct_name}.{path} of type {_go_type(ftype)}"

    def value(self, value: Any, ftype: str, struct_name: str | None, path: str, default: Any) -> Any:
        if value is None:
            return default
        if ftype == "string":
            text = value if isinstance(value, str) else _scalar_text(value)
            if text is None:
                self.fail(value, struct_name, path, ftype)
                return default
            return text
        if ftype == "bool":
            if isinstance(value, bool):
                return value
            self.fail(value, struct_name, path, ftype)
            return default
        if ftype == "any":
            return _plain_json(value)
        if ftype == "time":
            return self.time(value, struct_name, path, default)
        if ftype.startswith("[]"):
            return self.slice(value, ftype, struct_name, path, default)
        if ftype == "map[string]string":
            if not isinstance(value, dict):
                self.fail(value, struct_name, path, ftype)
                return default
            out: dict[str, str] = {}
            for key, item in sorted(((_key_text(k, v), v) for k, v in _items(value)), key=lambda kv: kv[0]):
                out[key] = self.value(item, "string", struct_name, path, "")
            return out
        if ftype.startswith("*"):
            if not isinstance(value, dict):
                self.fail(value, struct_name, path, ftype)
                return default
            return self.struct(value, ftype[1:], path)
        raise AssertionError(ftype)

    def slice(self, value: Any, ftype: str, struct_name: str | None, path: str, default: Any) -> Any:
        if not isinstance(value, list):
            self.fail(value, struct_name, path, ftype)
            return default
        elem = ftype[2:]
        zero: Any = None if elem.startswith("*") or elem == "any" else ("" if elem == "string" else None)
        return [self.value(item, elem, struct_name, path, zero) for item in value]

    def time(self, value: Any, struct_name: str | None, path: str, default: Any) -> Any:
        if not isinstance(value, str):
            self.fail(value, struct_name, path, "time")
            return default
        try:
            _parse_rfc3339(value)
            return value  # kept as written (RFC 3339), Lock.generated is text in the model
        except ValueError:
            if self.error is None:
                self.error = f'parsing time "{value}" as "2006-01-02T15:04:05Z07:00": cannot parse "{value}" as "2006"'
            return default

    def struct(self, value: Any, name: str, parent_path: str) -> dict[str, Any]:
        fields = _STRUCTS[name]
        out: dict[str, Any] = {}
        pairs = sorted(((_key_text(k, v), v) for k, v in _items(value)), key=lambda kv: kv[0])
        for key, item in pairs:
            field = _find_field(fields, key)
            if field is None:
                continue
            fname, ftype = field
            path = f"{parent_path}.{fname}" if parent_path else fname
            out[fname] = self.value(item, ftype, name, path, out.get(fname, _zero(ftype)))
        return out


def _zero(ftype: str) -> Any:
    """Go's zero value for a field type (None for slices, maps, pointers and interfaces)."""
    if ftype == "string":
        return ""
    if ftype == "bool":
        return False
    return None


def _find_field(fields: list[tuple[str, str]], key: str) -> tuple[str, str] | None:
    for field in fields:
        if field[0] == key:
            return field
    folded = key.casefold()
    for field in fields:
        if field[0].casefold() == folded:
            return field
    return None


def _plain_json(value: Any) -> Any:
    """A go-yaml value as ``encoding/json`` decodes it into ``interface{}`` (numbers are float64)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    if isinstance(value, dict):
        return {_key_text(k, v): _plain_json(v) for k, v in _items(value)}
    return value


def _parse_rfc3339(text: str) -> _dt.datetime:
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text):
        raise ValueError(text)
    main, frac = text, ""
    match = re.match(r"(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)", text)
    if match:
        main, frac, zone = match.group(1), match.group(2) or "", match.group(3)
        frac = (frac + "000000")[1:7] if frac else ""
        main = main + ("." + frac if frac else "") + ("+00:00" if zone == "Z" else zone)
    return _dt.datetime.fromisoformat(main)


def _field_type(ftype: str | None, key: str) -> str | None:
    """The target type of ``key`` inside a value of type ``ftype`` (None: no Go target)."""
    if ftype is None:
        return None
    if ftype == "map[string]string":
        return "string"
    if ftype.startswith("*") or ftype in _STRUCTS:
        field = _find_field(_STRUCTS[ftype.lstrip("*")], key)
        return field[1] if field else None
    return None


def _jsonable_as_is(value: Any) -> bool:
    """True when :func:`_check_jsonable` has nothing to find: string keys, no NaN/Inf."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return True
    if kind is float:
        return not (math.isnan(value) or math.isinf(value))
    if kind is list:
        return all(_jsonable_as_is(item) for item in value)
    if isinstance(value, dict):
        return all(type(key) is str and _jsonable_as_is(item) for key, item in _items(value))
    return False


def _check_jsonable(value: Any, ftype: str | None) -> None:
    """sigs.k8s.io/yaml's YAML→JSON step: bad map keys, and NaN/Inf outside string targets.

    Raises :class:`GoStructError` ``error converting YAML to JSON: ...``.
    """
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        if ftype != "string":
            shown = "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
            raise GoStructError(f"error converting YAML to JSON: json: unsupported value: {shown}")
    elif isinstance(value, list):
        elem = ftype[2:] if ftype and ftype.startswith("[]") else None
        for item in value:
            _check_jsonable(item, elem)
    elif isinstance(value, dict):
        pairs = sorted(((_key_text(k, v), v) for k, v in _items(value)), key=lambda kv: kv[0])
        for key, item in pairs:
            _check_jsonable(item, _field_type(ftype, key))

