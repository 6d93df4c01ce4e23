"""TOML as Helm's ``toToml`` / ``fromToml`` write and read it (github.com/BurntSushi/toml).

:func:`dump` follows BurntSushi's ``Encoder.Encode`` byte for byte: a table's plain
key/values first (sorted), then its sub-tables and arrays of tables (sorted), nested
tables indented two spaces per level, floats in Go's ``%g`` with ``.0`` added when
needed, nil map values skipped. :func:`load` parses with the standard ``tomllib`` and
gives values the Go types BurntSushi decodes into ``map[string]interface{}``: int64 →
``int``, float64 → ``float``, datetimes → ``time.Time``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import tomllib
from collections.abc import Mapping
from typing import Any

__all__ = ["TOMLError", "dump", "load"]


class TOMLError(ValueError):
    """TOML encoding or decoding failed; ``str(err)`` is BurntSushi's message (``toml: ...``)."""


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _quote(text: str) -> str:
    """BurntSushi's basic-string quoting: ``"`` ``\\`` and control characters escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _SHORT:
            out.append(_SHORT[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _key_part(part: str) -> str:
    if part == "":
        return '""'
    if _BARE_KEY.match(part):
        return part
    return _quote(part)


def _key_text(key: list[str]) -> str:
    return ".".join(_key_part(p) for p in key)


_HASH, _ARRAY_HASH = "hash", "array_hash"


def _plain(value: Any) -> Any:
    """Struct-likes become the value they marshal as."""
    if hasattr(value, "__go_json_fields__"):
        return {name: item for name, item, _ in value.__go_json_fields__()}
    if hasattr(value, "__go_json__") and not _is_time(value):
        return value.__go_json__()
    return value


def _is_time(value: Any) -> bool:
    return getattr(value, "__go_type__", "") == "time.Time"


def _toml_type(value: Any) -> str | None:
    """BurntSushi ``tomlTypeOfGo`` reduced to what matters: table, array of tables, other."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, Mapping):
        return _HASH
    if isinstance(value, (list, tuple)):
        return _ARRAY_HASH if _is_table_array(value) else "array"
    return "other"


def _is_table_array(items: list[Any] | tuple[Any, ...]) -> bool:
    if not items:
        return False
    result = True
    for item in items:
        kind = _toml_type(item)
        if kind is None:
            raise TOMLError("toml: cannot encode array with nil element")
        if kind != _HASH:
            result = False
    return result


def _format_float(value: float) -> str:
    if math.isnan(value):
        return "-nan" if math.copysign(1.0, value) < 0 else "nan"
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    from .yaml import _go_float_g

    text = _go_float_g(value, 64)
    if "e" in text or "." in text:
        return text
    return text + ".0"


class _Encoder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.indent = "  "

    @property
    def written(self) -> bool:
        return bool(self.out)

    def newline(self) -> None:
        if self.out:
            self.out.append("\n")

    def indent_str(self, key: list[str]) -> str:
        return self.indent * (len(key) - 1)

    def encode(self, key: list[str], value: Any) -> None:
        value = _plain(value)
        if value is None:
            return
        if isinstance(value, Mapping):
            self.table(key, value)
        elif isinstance(value, (list, tuple)) and _toml_type(value) == _ARRAY_HASH:
            self.array_of_tables(key, value)
        else:
            self.key_value(key, value, inline=False)

    def table(self, key: list[str], mapping: Mapping[Any, Any]) -> None:
        if len(key) == 1:
            self.newline()
        if key:
            self.out.append(f"{self.indent_str(key)}[{_key_text(key)}]")
            self.newline()
        self.mapping(key, mapping, inline=False)

    def array_of_tables(self, key: list[str], items: list[Any] | tuple[Any, ...]) -> None:
        for item in items:
            item = _plain(item)
            if item is None:
                continue
            self.newline()
            self.out.append(f"{self.indent_str(key)}[[{_key_text(key)}]]")
            self.newline()
            self.mapping(key, item, inline=False)

    def mapping(self, key: list[str], mapping: Mapping[Any, Any], *, inline: bool) -> None:
        direct: list[str] = []
        sub: list[str] = []
        for k, v in mapping.items():
            if not isinstance(k, str):
                raise TOMLError("toml: cannot encode a map with non-string key type")
            (sub if _toml_type(v) in (_HASH, _ARRAY_HASH) else direct).append(k)
        if inline:
            self.out.append("{")
        for group, trailing_comma in ((direct, bool(sub)), (sub, False)):
            group.sort(key=lambda s: s.encode("utf-8", "surrogatepass"))
            for i, k in enumerate(group):
                v = mapping[k]
                if v is None:
                    continue
                if inline:
                    self.key_value([k], v, inline=True)
                    if trailing_comma or i != len(group) - 1:
                        self.out.append(", ")
                else:
                    self.encode([*key, k], v)
        if inline:
            self.out.append("}")

    def key_value(self, key: list[str], value: Any, *, inline: bool) -> None:
        if not key:
            self.element(value)
            return
        self.out.append(f"{self.indent_str(key)}{_key_part(key[-1])} = ")
        self.element(value)
        if not inline:
            self.newline()

    def element(self, value: Any) -> None:
        if _is_time(value):
            self.out.append(_format_time(value))
            return
        value = _plain(value)
        if isinstance(value, str):
            self.out.append(_quote(value))
        elif isinstance(value, bool):
            self.out.append("true" if value else "false")
        elif isinstance(value, int):
            self.out.append(str(value))
        elif isinstance(value, float):
            self.out.append(_format_float(value))
        elif isinstance(value, (bytes, bytearray)):
            self.element(list(value))
        elif isinstance(value, (list, tuple)):
            self.out.append("[")
            for i, item in enumerate(value):
                self.element(item)
                if i != len(value) - 1:
                    self.out.append(", ")
            self.out.append("]")
        elif isinstance(value, Mapping):
            self.mapping([], value, inline=True)
        elif value is None:
            raise TOMLError("toml: cannot encode a nil value")
        else:
            raise TOMLError(f"toml: unexpected type: {type(value).__name__}")


def _format_time(value: Any) -> str:
    """BurntSushi writes a time.Time as RFC 3339 with nanoseconds (``Z`` for UTC)."""
    text = value.__go_json__()
    return text if isinstance(text, str) else str(text)


def dump(value: Any) -> str:
    """Helm's ``toToml``: BurntSushi ``toml.NewEncoder(buf).Encode(value)`` output.

    Args:
        value: a Go map (dict) — or any Go value: scalars and arrays encode as bare values.

    Returns the TOML text. Raises :class:`TOMLError` with BurntSushi's message, e.g.
    ``toml: cannot encode array with nil element`` (``toToml`` prints that message).
    A nil top-level value raises :class:`TOMLError` with Go's reflect panic text
    (``reflect: call of reflect.Value.Type on zero Value``).
    """
    if value is None:
        raise TOMLError("reflect: call of reflect.Value.Type on zero Value")
    enc = _Encoder()
    enc.encode([], value)
    return "".join(enc.out)


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


def _go_time(value: _dt.datetime | _dt.date | _dt.time) -> Any:
    from pyhelm.engine.funcs import dates

    local = dates.fixed_zone("datetime-local", 0)
    if isinstance(value, _dt.datetime):
        nsec = value.microsecond * 1000
        if value.tzinfo is None:
            loc = local
            offset = 0
        else:
            off = value.utcoffset() or _dt.timedelta(0)
            offset = int(off.total_seconds())
            loc = dates.UTC if offset == 0 else dates.fixed_zone("", offset)
        naive = value.replace(tzinfo=None, microsecond=0)
        unix = int((naive - _dt.datetime(1970, 1, 1)).total_seconds()) - offset
        return dates.GoTime(unix, nsec, loc)
    if isinstance(value, _dt.date):
        unix = int((_dt.datetime(value.year, value.month, value.day) - _dt.datetime(1970, 1, 1)).total_seconds())
        return dates.GoTime(unix, 0, dates.fixed_zone("date-local", 0))
    base = -62167219200  # 0000-01-01T00:00:00Z
    secs = value.hour * 3600 + value.minute * 60 + value.second
    return dates.GoTime(base + secs, value.microsecond * 1000, dates.fixed_zone("time-local", 0))


def _convert(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return _go_time(value)
    if isinstance(value, int) and not isinstance(value, bool):
        from pyhelm.engine.runtime import GoInt

        return GoInt(value, "int64")
    return value


_TOMLLIB_LINE = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")


def _error_message(err: tomllib.TOMLDecodeError, text: str) -> str:
    message = str(err)
    match = _TOMLLIB_LINE.search(message)
    if match and match.group(1):
        line = int(match.group(1))
    else:
        line = text.count("\n") + 1
    detail = _TOMLLIB_LINE.sub("", message).strip()
    return f"toml: line {line}: {detail}"


def load(text: str | bytes) -> dict[str, Any]:
    """Helm's ``fromToml`` decoding: BurntSushi ``toml.Unmarshal`` into ``map[string]interface{}``.

    Returns a dict: integers as ``int`` (Go int64), floats as ``float``, datetimes
    as ``time.Time`` values (:class:`pyhelm.engine.funcs.dates.GoTime`).
    Raises :class:`TOMLError` (``toml: line N: ...``; the wording after the line
    number is tomllib's, not BurntSushi's).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TOMLError(_error_message(err, text)) from None
    except ValueError as err:  # e.g. out-of-range numbers
        raise TOMLError(f"toml: {err}") from None
    return _convert(data)
