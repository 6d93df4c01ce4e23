"""Go ``encoding/json`` as Helm uses it: ``toJson``, ``fromJson``, release records.

Writing follows ``json.Marshal`` / ``json.MarshalIndent``: map keys sorted, float64
printed with Go's JSON float rules, HTML-safe escaping, ``[]byte`` as base64,
NaN/Inf rejected. Reading follows ``json.Unmarshal`` into ``interface{}``: every
number becomes a float64, errors are worded as Go words them.

Struct-like values take part through one of two hooks:

- ``__go_json_fields__()`` returns an *ordered* list of ``(json_name, value, omitempty)``
  triples (a Go struct's fields in declaration order); or
- ``__go_json__()`` returns a plain value (dict/list/...) to marshal instead.

:class:`Struct` is a ready-made ordered-fields value for callers that build records.
"""

from __future__ import annotations

import base64
import math
import sys
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "JSONError",
    "MarshalError",
    "Struct",
    "format_float",
    "marshal",
    "unmarshal",
    "unmarshal_lenient",
    "marshal_string",
]


class JSONError(ValueError):
    """A JSON text could not be decoded; ``str(err)`` is Go's message.

    ``offset`` is the byte offset Go reports in ``*json.SyntaxError`` (or -1).
    """

    def __init__(self, message: str, offset: int = -1) -> None:
        super().__init__(message)
        self.offset = offset


class MarshalError(ValueError):
    """A value cannot be encoded, e.g. ``json: unsupported value: NaN``."""


class Struct:
    """An ordered Go struct for marshalling: fields keep their declaration order.

    ``fields`` is an iterable of ``(json_name, value)`` or
    ``(json_name, value, omitempty)``; ``omitempty`` drops the field when the value is
    empty the way Go defines it (false, 0, "", nil, empty slice/map).
    """

    __slots__ = ("fields",)

    def __init__(self, fields: Iterable[tuple[Any, ...]]) -> None:
        self.fields = [(f[0], f[1], bool(f[2]) if len(f) > 2 else False) for f in fields]

    def __go_json_fields__(self) -> list[tuple[str, Any, bool]]:
        return self.fields

    def __repr__(self) -> str:
        return f"Struct({self.fields!r})"


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------


def format_float(value: float) -> str:
    """Format a float64 exactly as Go's ``encoding/json`` does.

    Shortest round-trip digits; plain decimal notation when ``1e-6 <= |v| < 1e21``,
    otherwise exponent form with Go's ``e-7`` / ``e+21`` exponent spelling.
    Raises :class:`MarshalError` for NaN and infinities.
    """
    if math.isnan(value) or math.isinf(value):
        raise MarshalError(f"json: unsupported value: {_go_special(value)}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    mag = abs(value)
    if mag < 1e-6 or mag >= 1e21:
        return _exp_format(value, min_exp_digits=1)
    return _fixed_format(value)


def _go_special(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return "+Inf" if value > 0 else "-Inf"


def _shortest_digits(value: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits and exponent: value = 0.DIGITS * 10**exp."""
    text = repr(abs(value))
    mantissa, _, exp_text = text.partition("e")
    exp = int(exp_text) if exp_text else 0
    int_part, _, frac_part = mantissa.partition(".")
    if frac_part == "0":
        frac_part = ""
    digits = (int_part + frac_part).lstrip("0")
    # position of the decimal point relative to the first significant digit
    lead_zeros = len(int_part + frac_part) - len((int_part + frac_part).lstrip("0"))
    point = len(int_part) - lead_zeros + exp
    digits = digits.rstrip("0") or "0"
    return digits, point


def _fixed_format(value: float) -> str:
    """``strconv.FormatFloat(v, 'f', -1, 64)``."""
    digits, point = _shortest_digits(value)
    sign = "-" if value < 0 else ""
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _exp_format(value: float, *, min_exp_digits: int = 2) -> str:
    """``strconv.FormatFloat(v, 'e', -1, 64)`` with the exponent padded to ``min_exp_digits``."""
    digits, point = _shortest_digits(value)
    sign = "-" if value < 0 else ""
    exp = point - 1
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp_sign = "-" if exp < 0 else "+"
    return f"{sign}{mant}e{exp_sign}{abs(exp):0{min_exp_digits}d}"


_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def marshal_string(text: str | bytes, *, escape_html: bool = True) -> str:
    """Quote a string as Go's ``encoding/json`` does.

    Escapes ``"`` ``\\`` and control characters (``\\n \\r \\t \\b \\f`` short forms,
    others ``\\u00XX``), U+2028/U+2029, and with ``escape_html`` ``< > &``. Invalid
    UTF-8 (bytes input) and lone surrogates become U+FFFD.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    out = ['"']
    append = out.append
    for ch in text:
        code = ord(ch)
        if code >= 0x20 and ch not in '"\\<>&\u2028\u2029' and not 0xD800 <= code <= 0xDFFF:
            append(ch)
        elif ch in _SHORT_ESCAPES:
            append(_SHORT_ESCAPES[ch])
        elif ch in _HTML_ESCAPES:
            append(_HTML_ESCAPES[ch] if escape_html else ch)
        elif 0xD800 <= code <= 0xDFFF:
            append("\ufffd")
        else:
            append(f"\\u{code:04x}")
    append('"')
    return "".join(out)


def is_empty_value(value: Any) -> bool:
    """Go's ``isEmptyValue`` for ``omitempty``: false, 0, "", nil, empty slice/map/bytes."""
    if value is None or value is False:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 0
    if isinstance(value, (str, bytes, list, tuple, dict)):
        return len(value) == 0
    return False


class _Encoder:
    def __init__(self, indent: str, prefix: str, escape_html: bool) -> None:
        self.indent = indent
        self.prefix = prefix
        self.escape_html = escape_html
        self.pretty = bool(indent or prefix)
        self.parts: list[str] = []
        self.seen: set[int] = set()

    def newline(self, depth: int) -> None:
        self.parts.append("\n" + self.prefix + self.indent * depth)

    def encode(self, value: Any, depth: int) -> None:
        parts = self.parts
        if value is None:
            parts.append("null")
        elif value is True:
            parts.append("true")
        elif value is False:
            parts.append("false")
        elif isinstance(value, str):
            parts.append(marshal_string(value, escape_html=self.escape_html))
        elif isinstance(value, int):
            parts.append(str(int(value)))
        elif isinstance(value, float):
            parts.append(format_float(value))
        elif isinstance(value, (bytes, bytearray)):
            parts.append('"' + base64.b64encode(bytes(value)).decode("ascii") + '"')
        elif isinstance(value, Mapping):
            self.encode_pairs(_sorted_items(value), depth)
        elif isinstance(value, (list, tuple)):
            self.encode_list(value, depth)
        elif hasattr(value, "__go_json_fields__"):
            fields = value.__go_json_fields__()
            self.encode_pairs([(n, v) for n, v, omit in fields if not (omit and is_empty_value(v))], depth)
        elif hasattr(value, "__go_json__"):
            self.encode(value.__go_json__(), depth)
        elif hasattr(value, "__go_fields__"):
            # a struct without json tags: exported fields by Go name, in declaration order
            self.encode_pairs(list(value.__go_fields__().items()), depth)
        else:
            raise MarshalError(f"json: unsupported type: {type(value).__name__}")

    def encode_list(self, items: list[Any] | tuple[Any, ...], depth: int) -> None:
        if not items:
            self.parts.append("[]")
            return
        self.enter(items)
        self.parts.append("[")
        for i, item in enumerate(items):
            if i:
                self.parts.append(",")
            if self.pretty:
                self.newline(depth + 1)
            self.encode(item, depth + 1)
        if self.pretty:
            self.newline(depth)
        self.parts.append("]")
        self.seen.discard(id(items))

    def encode_pairs(self, pairs: list[tuple[str, Any]], depth: int) -> None:
        if not pairs:
            self.parts.append("{}")
            return
        self.parts.append("{")
        for i, (key, item) in enumerate(pairs):
            if i:
                self.parts.append(",")
            if self.pretty:
                self.newline(depth + 1)
            self.parts.append(marshal_string(key, escape_html=self.escape_html))
            self.parts.append(": " if self.pretty else ":")
            self.encode(item, depth + 1)
        if self.pretty:
            self.newline(depth)
        self.parts.append("}")

    def enter(self, container: Any) -> None:
        if id(container) in self.seen:
            raise MarshalError("json: unsupported value: encountered a cycle")
        self.seen.add(id(container))


def _key_string(key: Any) -> str:
    """Map keys as Go's encoder writes them (strings, ints; others via ``str``)."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        raise MarshalError("json: unsupported type: map[bool]interface {}")
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        raise MarshalError("json: unsupported type: map[float64]interface {}")
    return str(key)


def _sorted_items(mapping: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    items = [(_key_string(k), v) for k, v in mapping.items()]
    items.sort(key=lambda kv: kv[0].encode("utf-8", "surrogatepass"))
    return items


def _ensure_recursion_limit(limit: int = 40000) -> None:
    """Deep values (Go allows 10000 levels) recurse in Python; raise the limit."""
    if sys.getrecursionlimit() < limit:
        sys.setrecursionlimit(limit)


def marshal(value: Any, *, indent: str = "", prefix: str = "", escape_html: bool = True) -> str:
    """Encode ``value`` as Go's ``json.Marshal`` (or ``json.MarshalIndent``) does.

    Args:
        value: a Go value (None/bool/int/float/str/bytes/list/dict/struct-like).
        indent, prefix: as ``json.MarshalIndent``; both empty means compact output.
        escape_html: escape ``< > &`` as ``\\u003c``... (Go's default, as ``json.Marshal``).

    Returns the JSON text (no trailing newline).
    Raises :class:`MarshalError` with Go's message for NaN/Inf
    (``json: unsupported value: NaN``) and unsupported types.
    """
    _ensure_recursion_limit()
    enc = _Encoder(indent, prefix, escape_html)
    enc.encode(value, 0)
    return "".join(enc.parts)


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_WS = " \t\r\n"
_MAX_DEPTH = 10000  # encoding/json's maxNestingDepth


def _quote_char(ch: str) -> str:
    """Go's ``quoteChar``: the offending *byte* as a rune, quoted (``'\\''``, ``'\\x01'``)."""
    byte = ch.encode("utf-8", "surrogatepass")[0] if ch else 0x20
    if byte == 0x27:
        return "'\\''"
    if byte == 0x22:
        return "'\"'"
    char = chr(byte)
    if byte < 0x20 or byte == 0x7F:
        simple = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
        return "'" + simple.get(byte, f"\\x{byte:02x}") + "'"
    if not char.isprintable():
        return f"'\\u{byte:04x}'"
    return "'" + char + "'"


class _Decoder:
    def __init__(self, text: str, byte_offsets: list[int] | None) -> None:
        self.s = text
        self.n = len(text)
        self.byte_offsets = byte_offsets
        self.type_error: str | None = None
        self.depth = 0

    def offset(self, pos: int) -> int:
        if self.byte_offsets is None:
            return pos
        return self.byte_offsets[pos] if pos < len(self.byte_offsets) else self.byte_offsets[-1]

    def error(self, pos: int, context: str, *, eof_space: bool = False) -> JSONError:
        if pos >= self.n:
            if eof_space:
                # Go feeds a space to the scanner at the end of input
                return JSONError(f"invalid character ' ' {context}", self.offset(pos) + 1)
            return JSONError("unexpected end of JSON input", self.offset(pos))
        return JSONError(
            f"invalid character {_quote_char(self.s[pos])} {context}", self.offset(pos) + 1
        )

    def skip_ws(self, pos: int) -> int:
        s, n = self.s, self.n
        while pos < n and s[pos] in _WS:
            pos += 1
        return pos

    def value(self, pos: int, context: str = "looking for beginning of value") -> tuple[Any, int]:
        pos = self.skip_ws(pos)
        if pos >= self.n:
            raise self.error(pos, context)
        ch = self.s[pos]
        if ch in "{[":
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise JSONError(f"invalid character '{ch}' exceeded max depth", self.offset(pos) + 1)
            result = self.obj(pos + 1) if ch == "{" else self.arr(pos + 1)
            self.depth -= 1
            return result
        if ch == '"':
            return self.string(pos + 1)
        if ch == "-" or "0" <= ch <= "9":
            return self.number(pos)
        for word, result in (("true", True), ("false", False), ("null", None)):
            if ch == word[0]:
                return result, self.literal(pos, word)
        raise self.error(pos, context)

    def literal(self, pos: int, word: str) -> int:
        for i, expected in enumerate(word):
            p = pos + i
            if p >= self.n:
                raise self.error(p, f"in literal {word} (expecting {_quote_char(expected)})", eof_space=True)
            if self.s[p] != expected:
                raise self.error(p, f"in literal {word} (expecting {_quote_char(expected)})")
        return pos + len(word)

    def number(self, pos: int) -> tuple[float, int]:
        s, n, start = self.s, self.n, pos
        if s[pos] == "-":
            pos += 1
            if pos >= n or not "0" <= s[pos] <= "9":
                raise self.error(pos, "in numeric literal", eof_space=True)
        if s[pos] == "0":
            pos += 1
        else:
            while pos < n and "0" <= s[pos] <= "9":
                pos += 1
        if pos < n and s[pos] == ".":
            pos += 1
            if pos >= n or not "0" <= s[pos] <= "9":
                raise self.error(pos, "after decimal point in numeric literal", eof_space=True)
            while pos < n and "0" <= s[pos] <= "9":
                pos += 1
        if pos < n and s[pos] in "eE":
            pos += 1
            if pos < n and s[pos] in "+-":
                pos += 1
            if pos >= n or not "0" <= s[pos] <= "9":
                raise self.error(pos, "in exponent of numeric literal", eof_space=True)
            while pos < n and "0" <= s[pos] <= "9":
                pos += 1
        text = s[start:pos]
        number = float(text)
        if math.isinf(number):
            # Go records the first such error, stores nil and goes on decoding
            if self.type_error is None:
                self.type_error = f"json: cannot unmarshal number {text} into Go value of type float64"
            return None, pos
        return number, pos

    def string(self, pos: int) -> tuple[str, int]:
        s, n = self.s, self.n
        out: list[str] = []
        start = pos
        while True:
            if pos >= n:
                raise self.error(pos, "")
            ch = s[pos]
            if ch == '"':
                out.append(s[start:pos])
                return "".join(out), pos + 1
            if ch == "\\":
                out.append(s[start:pos])
                piece, pos = self.escape(pos + 1)
                out.append(piece)
                start = pos
                continue
            if ord(ch) < 0x20:
                raise self.error(pos, "in string literal")
            pos += 1

    def escape(self, pos: int) -> tuple[str, int]:
        s, n = self.s, self.n
        if pos >= n:
            raise self.error(pos, "in string escape code", eof_space=True)
        ch = s[pos]
        simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
        if ch in simple:
            return simple[ch], pos + 1
        if ch != "u":
            raise self.error(pos, "in string escape code")
        code, pos = self.hex4(pos + 1)
        if 0xD800 <= code < 0xDC00:
            if s.startswith("\\u", pos):
                try:
                    low, after = self.hex4(pos + 2)
                except JSONError:
                    return "\ufffd", pos
                if 0xDC00 <= low < 0xE000:
                    return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), after
            return "\ufffd", pos
        if 0xDC00 <= code < 0xE000:
            return "\ufffd", pos
        return chr(code), pos

    def hex4(self, pos: int) -> tuple[int, int]:
        for i in range(4):
            p = pos + i
            if p >= self.n:
                raise self.error(p, "in \\u hexadecimal character escape", eof_space=True)
            if self.s[p] not in "0123456789abcdefABCDEF":
                raise self.error(p, "in \\u hexadecimal character escape")
        return int(self.s[pos : pos + 4], 16), pos + 4

    def arr(self, pos: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        pos = self.skip_ws(pos)
        if pos < self.n and self.s[pos] == "]":
            return items, pos + 1
        while True:
            item, pos = self.value(pos)
            items.append(item)
            pos = self.skip_ws(pos)
            if pos >= self.n:
                raise self.error(pos, "")
            ch = self.s[pos]
            if ch == ",":
                pos += 1
                continue
            if ch == "]":
                return items, pos + 1
            raise self.error(pos, "after array element")

    def obj(self, pos: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        pos = self.skip_ws(pos)
        if pos < self.n and self.s[pos] == "}":
            return result, pos + 1
        while True:
            pos = self.skip_ws(pos)
            if pos >= self.n:
                raise self.error(pos, "")
            if self.s[pos] != '"':
                raise self.error(pos, "looking for beginning of object key string")
            key, pos = self.string(pos + 1)
            pos = self.skip_ws(pos)
            if pos >= self.n:
                raise self.error(pos, "")
            if self.s[pos] != ":":
                raise self.error(pos, "after object key")
            item, pos = self.value(pos + 1)
            result[key] = item
            pos = self.skip_ws(pos)
            if pos >= self.n:
                raise self.error(pos, "")
            ch = self.s[pos]
            if ch == ",":
                pos += 1
                continue
            if ch == "}":
                return result, pos + 1
            raise self.error(pos, "after object key:value pair")


def _decode_text(data: str | bytes) -> tuple[str, list[int] | None]:
    if isinstance(data, str):
        return data, None
    text = data.decode("utf-8", "replace")
    if text.isascii():
        return text, None
    offsets: list[int] = []
    total = 0
    for ch in text:
        offsets.append(total)
        total += len(ch.encode("utf-8", "surrogatepass"))
    offsets.append(total)
    return text, offsets


def unmarshal_lenient(data: str | bytes) -> tuple[Any, str | None]:
    """Go ``json.Unmarshal`` into ``interface{}`` keeping what decodes.

    Returns ``(value, type_error)``: a number out of float64 range decodes as None and
    ``type_error`` is Go's message for the first one
    (``json: cannot unmarshal number 1e400 into Go value of type float64``), else None.
    Raises :class:`JSONError` for syntax errors, as :func:`unmarshal`.
    """
    _ensure_recursion_limit()
    text, offsets = _decode_text(data)
    dec = _Decoder(text, offsets)
    start = dec.skip_ws(0)
    if start >= dec.n:
        raise JSONError("unexpected end of JSON input", dec.offset(start))
    value, pos = dec.value(start)
    pos = dec.skip_ws(pos)
    if pos < dec.n:
        raise dec.error(pos, "after top-level value")
    return value, dec.type_error


def unmarshal(data: str | bytes) -> Any:
    """Decode JSON as Go's ``json.Unmarshal`` into ``interface{}`` does.

    Returns None/bool/float/str/list/dict (every number a float64; duplicate keys:
    last wins). Raises :class:`JSONError` with Go's wording, e.g.
    ``invalid character 'x' looking for beginning of value``,
    ``unexpected end of JSON input``,
    ``invalid character 'x' after top-level value``,
    ``json: cannot unmarshal number 1e400 into Go value of type float64``.
    """
    value, type_error = unmarshal_lenient(data)
    if type_error is not None:
        raise JSONError(type_error)
    return value


def go_type_name(value: Any) -> str:
    """The JSON kind word Go uses in ``cannot unmarshal KIND into ...`` messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
