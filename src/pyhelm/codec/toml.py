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


_TOMLLIB_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?$")
_BARE_WORD = re.compile(r"[A-Za-z0-9_+.:-]+")


def _split_key(text: str) -> list[str]:
    """A TOML dotted key's parts, quotes removed (simple keys only)."""
    parts = []
    for part in re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^.\s]+', text):
        parts.append(part[1:-1] if part[:1] in "\"'" else part)
    return parts


def _statement_key(line: str) -> list[str] | None:
    """The key of a ``key = value`` line (None when the line has no ``=``)."""
    key, sep, _ = line.partition("=")
    if not sep or not key.strip():
        return None
    return _split_key(key.strip())


def _context(lines: list[str], lineno: int) -> tuple[list[str], list[str] | None, str]:
    """(current table, key of line ``lineno``, value text of that line) for error messages."""
    table: list[str] = []
    for line in lines[: lineno - 1]:
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
    current = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    key = _statement_key(current)
    value = current.partition("=")[2].strip() if key is not None else ""
    return table, key, value


def _found(value: str) -> str:
    """BurntSushi's ``expected value but found X instead`` operand."""
    word = _BARE_WORD.match(value)
    if word:
        return gojson_quote(word.group(0))
    return "'" + value[0] + "'"


def gojson_quote(text: str) -> str:
    """Go's ``%q`` of a plain ASCII word."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _error_message(err: tomllib.TOMLDecodeError, text: str) -> str:
    """BurntSushi's wording for the common decode errors tomllib reports."""
    message = str(err)
    position = _TOMLLIB_POSITION.search(message)
    detail = _TOMLLIB_POSITION.sub("", message).strip()
    lines = text.split("\n")
    at_end = position is None or position.group(1) is None
    lineno = len(lines) if at_end else int(position.group(1))
    column = 0 if at_end else int(position.group(2))
    table, key, value = _context(lines, lineno)
    last_key = ".".join(table + key) if key else ""
    where = f"toml: line {lineno}" + (f" (last key {gojson_quote(last_key)})" if last_key else "")
    current = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    char = current[column - 1] if 0 < column <= len(current) else ""
    if detail == "Invalid value":
        if at_end or not value:
            return f"{where}: unexpected EOF; expected value"
        return f"{where}: expected value but found {_found(value)} instead"
    if detail == "Cannot overwrite a value" and key:
        return f"{where}: Key '{last_key}' has already been defined."
    if detail.startswith("Cannot declare ") and detail.endswith(" twice"):
        header = _HEADER.match(current)
        name = ".".join(_split_key(header.group(1))) if header else ""
        return f"toml: line {lineno}: Key '{name}' has already been defined."
    if detail == "Unterminated string":
        return f"{where}: unexpected EOF; expected '\"'"
    if detail == 'Expected "\'"':
        return f"{where}: unexpected EOF; expected \"'\""
    if detail == "Expected newline or end of document after a statement" and char:
        return (
            f"toml: line {lineno}: expected a top-level item to end with a newline, comment, or EOF, "
            f"but got '{char}' instead"
        )
    if detail == "Expected '=' after a key in a key/value pair" and char:
        return f"toml: line {lineno}: expected '.' or '=', but got '{char}' instead"
    if detail == "Expected ']' at the end of a table declaration":
        if column > len(current) or not char:
            return f"toml: line {lineno + 1}: expected '.' or ']' to end table name, but got '\\n' instead"
        return f"toml: line {lineno}: expected '.' or ']' to end table name, but got '{char}' instead"
    if detail == "Unclosed inline table" and key:
        inner = re.findall(r"([A-Za-z0-9_-]+)\s*=", value)
        inner_key = ".".join(table + key + inner[-1:])
        return (
            f"toml: line {lineno} (last key {gojson_quote(inner_key)}): expected a comma or an inline "
            "table terminator '}', but got end of file instead"
        )
    if detail == "Invalid statement" and current.lstrip().startswith("="):
        return f"toml: line {lineno}: unexpected '=': key name appears blank"
    return f"{where}: {detail}"


def _range_errors(data: Any, text: str, path: list[str]) -> str | None:
    """BurntSushi rejects integers outside int64 and decimal floats that overflow."""
    if isinstance(data, dict):
        for k, v in data.items():
            found = _range_errors(v, text, [*path, k])
            if found:
                return found
        return None
    if isinstance(data, list):
        for item in data:
            found = _range_errors(item, text, path)
            if found:
                return found
        return None
    literal, kind = None, ""
    if isinstance(data, int) and not isinstance(data, bool) and not -(1 << 63) <= data < (1 << 63):
        literal, kind = str(data), "int64"
    elif isinstance(data, float) and math.isinf(data):
        literal, kind = _overflowing_float(text, path[-1] if path else ""), "float64"
    if literal is None:
        return None
    lineno = _line_of(text, path[-1] if path else "", literal)
    return f"toml: line {lineno} (last key {gojson_quote('.'.join(path))}): {literal} is out of range for {kind}"


def _overflowing_float(text: str, key: str) -> str | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=\s*([-+]?[0-9][0-9_.eE+-]*)", text, re.M)
    return match.group(1) if match else None


def _line_of(text: str, key: str, literal: str) -> int:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    if match:
        return text.count("\n", 0, match.start()) + 1
    index = text.find(literal)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def load(text: str | bytes) -> dict[str, Any]:
    """Helm's ``fromToml`` decoding: BurntSushi ``toml.Unmarshal`` into ``map[string]interface{}``.

    Returns a dict: integers as ``int`` (Go int64), floats as ``float``, datetimes
    as ``time.Time`` values (:class:`pyhelm.engine.funcs.dates.GoTime`).
    Raises :class:`TOMLError` worded as BurntSushi words the common errors
    (``toml: line 1 (last key "a"): unexpected EOF; expected value``); rarer ones keep
    tomllib's wording after ``toml: line N:``.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TOMLError(_error_message(err, text)) from None
    except ValueError as err:
        raise TOMLError(f"toml: {err}") from None
    problem = _range_errors(data, text, [])
    if problem:
        raise TOMLError(problem)
    return _convert(data)
