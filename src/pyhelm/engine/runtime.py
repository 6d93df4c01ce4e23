"""Go value semantics for templates: the one place that knows how Go treats a value.

Value model (how Go's ``interface{}`` values are held in Python):

==================  =========================================
Go                  Python
==================  =========================================
nil                 ``None`` (also a missing map key)
bool                ``bool``
int, int64, uint    ``int`` (never ``bool``)
float64             ``float``
string              ``str``
[]byte              ``bytes``
[]interface{}       ``list`` (also ``tuple``)
map[string]any      ``dict`` (keys are ``str``)
struct / pointer    any other object; template-visible fields and methods are
                    attributes with their Go names (``Name``, ``Files.Get``)
==================  =========================================

Unsigned integers (a byte read by ``index`` from a string or ``[]byte``) are
:class:`GoUint`, an ``int`` subclass that remembers its Go type name; :class:`GoInt`
does the same for sized signed integers (Sprig's math returns ``int64``).

Struct-like objects may define:

- ``__go_type__`` (str): the Go type for ``%T``; a leading ``*`` marks a pointer
  (printed ``&{...}`` at top level, kind ``ptr``).
- ``__go_fields__()`` -> ordered ``{GoName: value}`` used by ``%v``/``%+v``/``%#v``.
- ``__go_string__()`` -> str: Go's ``String()``/``Error()`` method (Stringer).

Public API: :func:`is_true`, :func:`print_value`, :func:`format_v`, :func:`sprint`,
:func:`sprintln`, :func:`sprintf`, :func:`type_name`, :func:`kind_name`,
:func:`eq`, :func:`ne`, :func:`lt`, :func:`le`, :func:`gt`, :func:`ge`,
:func:`go_len`, :func:`go_index`, :func:`go_slice`, :func:`html_escape`,
:func:`js_escape`, :func:`urlquery`, :func:`to_go_string`; helpers
:func:`format_float` (``strconv.FormatFloat``) and :func:`go_quote` (``strconv.Quote``).
"""

from __future__ import annotations

import bisect
import math
import struct
from typing import Any
from urllib.parse import quote_plus

from pyhelm.engine.errors import FuncError

__all__ = [
    "GoInt",
    "GoUint",
    "NO_VALUE",
    "is_true",
    "print_value",
    "format_v",
    "sprint",
    "sprintln",
    "sprintf",
    "type_name",
    "kind_name",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "go_len",
    "go_index",
    "go_slice",
    "html_escape",
    "js_escape",
    "urlquery",
    "to_go_string",
    "go_quote",
    "format_float",
]

NO_VALUE = "<no value>"
_NIL = "<nil>"
_MAX_RUNE = 0x10FFFF


class GoInt(int):
    """A signed Go integer of a named type other than ``int`` (``int64``, ``int32``...).

    Behaves as an ``int``; :func:`type_name` and :func:`kind_name` report ``go_type``.
    """

    go_type: str

    def __new__(cls, value: int, go_type: str = "int64") -> GoInt:
        obj = super().__new__(cls, value)
        obj.go_type = go_type
        return obj


class GoUint(int):
    """An unsigned Go integer (``uint8`` by default): what ``index`` returns for a byte.

    Behaves as an ``int``; :func:`type_name` reports ``go_type``.
    """

    go_type: str

    def __new__(cls, value: int, go_type: str = "uint8") -> GoUint:
        obj = super().__new__(cls, value)
        obj.go_type = go_type
        return obj


# ---------------------------------------------------------------------------
# Types and kinds


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_struct(v: Any) -> bool:
    return not isinstance(v, (bool, int, float, str, bytes, bytearray, list, tuple, dict)) and v is not None


def _obj_type(v: Any) -> str:
    return getattr(v, "__go_type__", None) or type(v).__name__


def type_name(v: Any) -> str:
    """Go's ``%T`` (``reflect.TypeOf(v).String()``) of a value.

    Returns ``<nil>`` for None, ``bool``, ``int``, ``float64``, ``string``,
    ``[]uint8``, ``[]interface {}``, ``map[string]interface {}``; an object's
    ``__go_type__`` (or its class name). A ``dict``/``list`` subclass with a
    ``__go_type__`` is a named map/slice type (``common.Values``, ``engine.files``).
    """
    if v is None:
        return _NIL
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (GoUint, GoInt)):
        return v.go_type
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    named = getattr(v, "__go_type__", None)
    if named:
        return named
    if isinstance(v, (bytes, bytearray)):
        return "[]uint8"
    if isinstance(v, (list, tuple)):
        return "[]interface {}"
    if isinstance(v, dict):
        return "map[string]interface {}"
    return _obj_type(v)


def kind_name(v: Any) -> str:
    """Go's ``reflect.Kind`` name of a value (Sprig ``kindOf``).

    ``invalid`` for None, ``bool``, ``int``, ``float64``, ``string``, ``slice``,
    ``map``; objects are ``ptr`` when their ``__go_type__`` starts with ``*``,
    otherwise ``struct``; callables are ``func``.
    """
    if v is None:
        return "invalid"
    if isinstance(v, (GoUint, GoInt)):
        return v.go_type
    if isinstance(v, (bool, int, float)):
        return type_name(v)
    if isinstance(v, str):
        return "string"
    if isinstance(v, (bytes, bytearray, list, tuple)):
        return "slice"
    if isinstance(v, dict):
        return "map"
    if _obj_type(v).startswith("*"):
        return "ptr"
    if callable(v) and not hasattr(v, "__go_fields__"):
        return "func"
    return "struct"


def _fields(v: Any) -> dict[str, Any]:
    getter = getattr(v, "__go_fields__", None)
    if getter is not None:
        return dict(getter())
    try:
        return {k: x for k, x in vars(v).items() if not k.startswith("_")}
    except TypeError:
        return {}


# ---------------------------------------------------------------------------
# Truth


def is_true(v: Any) -> bool:
    """Go text/template truth (``template.IsTrue``).

    False for None, false, 0, 0.0, "" and empty list/dict/bytes; true for any
    other value, including NaN and every struct-like object.
    """
    if v is None:
        return False
    if isinstance(v, (bool, int, float)):
        return v != 0
    if isinstance(v, (str, bytes, bytearray, list, tuple, dict)):
        return len(v) > 0
    return True


# ---------------------------------------------------------------------------
# Float formatting (strconv.FormatFloat)


def _shortest_digits(x: float) -> tuple[str, int]:
    """Shortest round-tripping decimal digits of ``abs(x)`` and the decimal-point position.

    ``1.5`` → ``("15", 1)``; ``0.001`` → ``("1", -2)``; zero → ``("", 0)``.
    """
    if x == 0:
        return "", 0
    text = repr(abs(x))
    exp = 0
    if "e" in text:
        text, exp_text = text.split("e")
        exp = int(exp_text)
    point = text.find(".")
    if point < 0:
        point = len(text)
    else:
        text = text[:point] + text[point + 1 :]
    stripped = text.lstrip("0")
    dp = point - (len(text) - len(stripped)) + exp
    return stripped.rstrip("0"), dp


def _fmt_exp(exp: int, min_digits: int = 2) -> str:
    sign = "-" if exp < 0 else "+"
    return sign + str(abs(exp)).rjust(min_digits, "0")


def _digits_e(digs: str, dp: int, prec: int, ch: str) -> str:
    """strconv's %e layout from digits: d.ddd e±XX with ``prec`` fraction digits."""
    first = digs[0] if digs else "0"
    out = first
    if prec > 0:
        rest = digs[1 : 1 + prec]
        out += "." + rest.ljust(prec, "0")
    exp = dp - 1 if digs else 0
    return out + ch + _fmt_exp(exp)


def _digits_f(digs: str, dp: int, prec: int) -> str:
    """strconv's %f layout from digits with ``prec`` fraction digits."""
    if dp > 0:
        intpart = digs[:dp].ljust(dp, "0")
    else:
        intpart = "0"
    out = intpart
    if prec > 0:
        frac = ""
        for i in range(prec):
            j = dp + i
            frac += digs[j] if 0 <= j < len(digs) else "0"
        out += "." + frac
    return out


def _round_digits(x: float, n: int) -> tuple[str, int]:
    """``abs(x)`` correctly rounded to ``n`` significant digits (trailing zeros trimmed)."""
    if x == 0:
        return "", 0
    text = f"{abs(x):.{n - 1}e}"
    mant, exp = text.split("e")
    ds = mant.replace(".", "").rstrip("0")
    return ds, int(exp) + 1


def _format_hex_float(x: float, prec: int, upper: bool) -> str:
    """strconv.FormatFloat(x, 'x', prec, 64) for a finite ``abs(x)``."""
    if x == 0:
        mant, exp = 0, 0
    else:
        m, e = math.frexp(abs(x))
        mant = int(m * (1 << 53))  # leading 1 at bit 52
        exp = e - 1
    # put the leading bit at bit 60, as Go does
    mant <<= 8
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > (1 << 59):
            mant += 1
        mant <<= 60 - shift
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    hexd = "0123456789ABCDEF" if upper else "0123456789abcdef"
    out = "0" + ("X" if upper else "x") + str(mant >> 60 & 1)
    mant <<= 4  # drop the leading digit
    if prec < 0 and mant & ((1 << 64) - 1) != 0:
        out += "."
        frac = mant & ((1 << 64) - 1)
        while frac:
            out += hexd[(frac >> 60) & 15]
            frac = (frac << 4) & ((1 << 64) - 1)
    elif prec > 0:
        out += "."
        for _ in range(prec):
            out += hexd[(mant >> 60) & 15]
            mant = (mant << 4) & ((1 << 64) - 1)
    return out + ("P" if upper else "p") + _fmt_exp(exp)


def _format_binary_float(x: float) -> str:
    """strconv.FormatFloat(x, 'b', -1, 64): ``mantissa p exponent``."""
    bits = int.from_bytes(struct.pack(">d", abs(x)), "big")
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0:
        exp += 1
    else:
        mant |= 1 << 52
    exp += -1023 - 52
    return f"{mant}p{'+' if exp >= 0 else '-'}{abs(exp)}"


def format_float(x: float, fmt: str, prec: int) -> str:
    """Go's ``strconv.FormatFloat(x, fmt, prec, 64)``.

    ``fmt`` is one of ``e E f g G x X b``; ``prec`` -1 means the shortest
    representation that round-trips. Infinities are ``+Inf``/``-Inf``, NaN ``NaN``.
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    neg = math.copysign(1.0, x) < 0
    sign = "-" if neg else ""
    if fmt == "b":
        return sign + _format_binary_float(x)
    if fmt in "xX":
        return sign + _format_hex_float(x, prec, fmt == "X")
    return sign + _format_decimal(abs(x), fmt, prec)


def _format_decimal(x: float, fmt: str, prec: int) -> str:
    shortest = prec < 0
    if fmt in "eE":
        digs, dp = _shortest_digits(x) if shortest else _round_digits(x, prec + 1)
        if shortest:
            prec = max(len(digs) - 1, 0)
        return _digits_e(digs, dp, prec, fmt)
    if fmt == "f":
        if shortest:
            digs, dp = _shortest_digits(x)
            return _digits_f(digs, dp, max(len(digs) - dp, 0))
        return f"{x:.{prec}f}"
    # g / G
    if shortest:
        digs, dp = _shortest_digits(x)
        eprec = 6
        prec = len(digs)
    else:
        if prec == 0:
            prec = 1
        digs, dp = _round_digits(x, prec)
        eprec = prec
        if eprec > len(digs) and len(digs) >= dp:
            eprec = len(digs)
    exp = dp - 1
    if digs and (exp < -4 or exp >= eprec):
        if prec > len(digs):
            prec = len(digs)
        return _digits_e(digs, dp, prec - 1, "e" if fmt == "g" else "E")
    if prec > dp:
        prec = len(digs)
    return _digits_f(digs, dp, max(prec - dp, 0))


# ---------------------------------------------------------------------------
# Quoting (strconv.Quote)


# Code points Unicode 15.0 assigned as graphic (so Go's unicode.IsPrint is true) that
# an older Python unicodedata (3.11: Unicode 14) does not know.
_UNICODE_15_GRAPHIC = (
    (0xCF3, 0xCF3), (0xECE, 0xECE), (0x10EFD, 0x10EFF), (0x1123F, 0x11241), (0x11B00, 0x11B09),
    (0x11F00, 0x11F10), (0x11F12, 0x11F3A), (0x11F3E, 0x11F59), (0x1342F, 0x1342F), (0x13440, 0x13455),
    (0x1B132, 0x1B132), (0x1B155, 0x1B155), (0x1D2C0, 0x1D2D3), (0x1DF25, 0x1DF2A), (0x1E030, 0x1E06D),
    (0x1E08F, 0x1E08F), (0x1E4D0, 0x1E4F9), (0x1F6DC, 0x1F6DC), (0x1F774, 0x1F776), (0x1F77B, 0x1F77F),
    (0x1F7D9, 0x1F7D9), (0x1FA75, 0x1FA77), (0x1FA87, 0x1FA88), (0x1FAAD, 0x1FAAF), (0x1FABB, 0x1FABD),
    (0x1FABF, 0x1FABF), (0x1FACE, 0x1FACF), (0x1FADA, 0x1FADB), (0x1FAE8, 0x1FAE8), (0x1FAF7, 0x1FAF8),
    (0x2B739, 0x2B739), (0x31350, 0x323AF),
)
# Assigned after Unicode 15.0 (Go 1.26 still uses 15.0): newer Pythons call them printable.
_AFTER_UNICODE_15 = ((0x2FFC, 0x2FFF), (0x31EF, 0x31EF), (0x2EBF0, 0x2EE5D))
_RANGE_STARTS = tuple(a for a, _ in _UNICODE_15_GRAPHIC)


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...], starts: tuple[int, ...] | None = None) -> bool:
    if starts is None:
        return any(a <= code <= b for a, b in ranges)
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ranges[i][1]


def _is_print(ch: str) -> bool:
    """Go's ``unicode.IsPrint`` (= ``strconv.IsPrint``): graphic runes and U+0020, Unicode 15.0."""
    code = ord(ch)
    if code < 0x80:
        return 0x20 <= code < 0x7F
    if ch.isprintable():
        return not _in_ranges(code, _AFTER_UNICODE_15)
    return _in_ranges(code, _UNICODE_15_GRAPHIC, _RANGE_STARTS)


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _escape_rune(ch: str, quote: str, ascii_only: bool) -> str:
    if ch == quote or ch == "\\":
        return "\\" + ch
    if ascii_only:
        if ord(ch) < 0x80 and _is_print(ch):
            return ch
    elif _is_print(ch):
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # an invalid UTF-8 byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def go_quote(s: str, ascii_only: bool = False, quote: str = '"') -> str:
    """Go's ``strconv.Quote`` (``ascii_only``: ``QuoteToASCII``) of a string.

    Returns the double-quoted literal with Go escapes (``\\n``, ``\\x01``,
    ``\\u00e9``...).
    """
    return quote + "".join(_escape_rune(ch, quote, ascii_only) for ch in s) + quote


def _can_backquote(s: str) -> bool:
    for ch in s:
        if ch == "`" or ch == "\ufeff":
            return False
        if ch != "\t" and (ord(ch) < 0x20 or ord(ch) == 0x7F):
            return False
    return True


def _bytes_to_str(b: bytes) -> str:
    return bytes(b).decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------
# The printer (fmt.pp and fmt.fmt)


class _Printer:
    """One formatting run: Go's ``fmt.pp`` with its ``fmt.fmt`` flags."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.erroring = False
        self.clear_flags()

    def clear_flags(self) -> None:
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False

    def text(self) -> str:
        return "".join(self.buf)

    def write(self, s: str) -> None:
        self.buf.append(s)

    # -- padding ------------------------------------------------------------

    def padding(self, n: int) -> str:
        if n <= 0:
            return ""
        return ("0" if self.zero else " ") * n

    def pad(self, s: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.write(s)
            return
        width = self.wid - len(s)
        if not self.minus:
            self.write(self.padding(width) + s)
        else:
            self.write(s + self.padding(width))

    def pad_nozero(self, s: str) -> None:
        old = self.zero
        self.zero = False
        self.pad(s)
        self.zero = old

    # -- basic formatters (fmt/format.go) ------------------------------------

    def fmt_boolean(self, v: bool) -> None:
        self.pad("true" if v else "false")

    def truncate(self, s: str) -> str:
        if self.prec_present and self.prec < len(s):
            return s[: self.prec]
        return s

    def fmt_s(self, s: str) -> None:
        self.pad(self.truncate(s))

    def fmt_q(self, s: str) -> None:
        s = self.truncate(s)
        if self.sharp and _can_backquote(s):
            self.pad("`" + s + "`")
        else:
            self.pad(go_quote(s, ascii_only=self.plus))

    def fmt_sbx(self, data: bytes, digits: str) -> None:
        length = len(data)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.wid_present:
                self.write(self.padding(self.wid))
            return
        if self.wid_present and self.wid > width and not self.minus:
            self.write(self.padding(self.wid - width))
        out = []
        prefix = "0" + digits[16]
        if self.sharp:
            out.append(prefix)
        for i in range(length):
            if self.space and i > 0:
                out.append(" ")
                if self.sharp:
                    out.append(prefix)
            c = data[i]
            out.append(digits[c >> 4] + digits[c & 15])
        self.write("".join(out))
        if self.wid_present and self.wid > width and self.minus:
            self.write(self.padding(self.wid - width))

    def fmt_integer(self, u: int, base: int, verb: str, digits: str) -> None:
        negative = u < 0
        if negative:
            u = -u
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:
                old = self.zero
                self.zero = False
                self.write(self.padding(self.wid) if self.wid_present else "")
                self.zero = old
                return
        elif self.zero and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            body = str(u)
        else:
            body = ""
            n = u
            while True:
                body = digits[n % base] + body
                n //= base
                if n == 0:
                    break
        if len(body) < prec:
            body = "0" * (prec - len(body)) + body
        if self.sharp:
            if base == 2:
                body = "0b" + body
            elif base == 8 and body[0] != "0":
                body = "0" + body
            elif base == 16:
                body = "0" + digits[16] + body
        if verb == "O":
            body = "0o" + body
        if negative:
            body = "-" + body
        elif self.plus:
            body = "+" + body
        elif self.space:
            body = " " + body
        self.pad_nozero(body)

    def fmt_c(self, c: int) -> None:
        self.pad(_rune_char(c))

    def fmt_qc(self, c: int) -> None:
        ch = _rune_char(c)
        self.pad(go_quote(ch, ascii_only=self.plus, quote="'"))

    def fmt_unicode(self, u: int) -> None:
        u &= (1 << 64) - 1  # Go formats the operand as a uint64
        prec = 4
        if self.prec_present and self.prec > 4:
            prec = self.prec
        body = "U+" + format(u, "X").rjust(prec, "0")
        if self.sharp and 0 <= u <= _MAX_RUNE and not (0xD800 <= u <= 0xDFFF) and _is_print(chr(u)):
            body += " '" + chr(u) + "'"
        self.pad_nozero(body)

    def fmt_float(self, v: float, verb: str, prec: int) -> None:
        if self.prec_present:
            prec = self.prec
        num = format_float(v, verb, prec)
        if num[0] in "+-":
            pass
        else:
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":
            old = self.zero
            self.zero = False
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad(num)
            self.zero = old
            return
        if self.sharp and verb != "b":
            num = _sharp_float(num, verb, prec)
        if self.plus or num[0] != "+":
            if self.zero and self.wid_present and self.wid > len(num):
                self.write(num[0] + self.padding(self.wid - len(num)) + num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])


def _sharp_float(num: str, verb: str, prec: int) -> str:
    """The ``#`` flag on floats: always a decimal point; %g keeps trailing zeros."""
    digits = 0
    if verb in "vgGx":
        digits = prec if prec != -1 else 6
    tail = ""
    has_point = False
    saw_nonzero = False
    body = num
    i = 1
    while i < len(body):
        c = body[i]
        if c == ".":
            has_point = True
        elif c in "pP":
            tail = body[i:]
            body = body[:i]
            break
        elif c in "eE" and verb not in "xX":
            tail = body[i:]
            body = body[:i]
            break
        else:
            if c != "0":
                saw_nonzero = True
            if saw_nonzero:
                digits -= 1
        i += 1
    if not has_point:
        if len(body) == 2 and body[1] == "0":
            digits -= 1
        body += "."
    if digits > 0:
        body += "0" * digits
    return body + tail


def _rune_char(c: int) -> str:
    if c < 0 or c > _MAX_RUNE or 0xD800 <= c <= 0xDFFF:
        return "\ufffd"
    return chr(c)


# -- argument printing (fmt/print.go) ----------------------------------------


def _print_arg(p: _Printer, arg: Any, verb: str) -> None:
    """Go's ``pp.printArg`` for one operand."""
    if arg is None:
        if verb in "Tv":
            p.pad(_NIL)
        else:
            _bad_verb(p, verb, None)
        return
    if verb == "T":
        p.fmt_s(type_name(arg))
        return
    if verb == "p":
        if isinstance(arg, (bool, int, float, str)):
            _bad_verb(p, verb, arg)
        else:
            _fmt_pointer(p, arg, verb)
        return
    if isinstance(arg, (bytes, bytearray)):
        _fmt_bytes(p, bytes(arg), verb, "[]byte", arg)
        return
    _print_value(p, arg, verb, 0)


def _handle_methods(p: _Printer, arg: Any, verb: str) -> bool:
    """Stringer/error support: ``__go_string__`` for %v %s %x %X %q; %w is refused."""
    if p.erroring:
        return False
    if verb == "w":
        # Sprintf never wraps errors: %w of any non-basic operand is a bad verb
        _bad_verb(p, verb, arg)
        return True
    if p.sharp_v:
        return False
    if verb not in "vsxXq":
        return False
    method = _stringer(arg, addressable=False)
    if method is None:
        return False
    _fmt_string(p, method(), verb, arg)
    return True


def _stringer(v: Any, addressable: bool) -> Any:
    """The bound ``__go_string__`` fmt may call on ``v``, or None.

    ``__go_string_ptr__ = True`` marks a String method with a pointer receiver: fmt
    sees it only on pointer-typed values, text/template also on addressable ones.
    """
    if isinstance(v, type):
        return None
    method = getattr(v, "__go_string__", None)
    if method is None:
        return None
    if getattr(v, "__go_string_ptr__", False) and not addressable and not type_name(v).startswith("*"):
        return None
    return method


_BASIC_TYPES = (bool, int, float, str)


def _print_value(p: _Printer, v: Any, verb: str, depth: int) -> None:
    """Go's ``pp.printValue``: one value of any kind at nesting ``depth``."""
    # Named types (an int subclass such as time.Month or time.Duration) may carry a String method.
    if v is not None and type(v) not in _BASIC_TYPES and _handle_methods(p, v, verb):
        return
    if v is None:
        # a nil interface element inside a list or map
        if p.sharp_v:
            p.write("interface {}(nil)")
        else:
            p.write(_NIL)
        return
    if isinstance(v, bool):
        _fmt_bool(p, v, verb)
    elif isinstance(v, int):
        _fmt_int(p, v, verb, not isinstance(v, GoUint))
    elif isinstance(v, float):
        _fmt_float_verb(p, v, verb)
    elif isinstance(v, str):
        _fmt_string(p, v, verb, v)
    elif isinstance(v, (bytes, bytearray)):
        _fmt_bytes(p, bytes(v), verb, "[]uint8", v)
    elif isinstance(v, (list, tuple)):
        _print_list(p, v, verb, depth)
    elif isinstance(v, dict):
        _print_map(p, v, verb, depth)
    else:
        _print_struct(p, v, verb, depth)


def _print_list(p: _Printer, v: list | tuple, verb: str, depth: int) -> None:
    if p.sharp_v:
        p.write(type_name(v) + "{")
        for i, x in enumerate(v):
            if i:
                p.write(", ")
            _print_value(p, x, verb, depth + 1)
        p.write("}")
        return
    p.write("[")
    for i, x in enumerate(v):
        if i:
            p.write(" ")
        _print_value(p, x, verb, depth + 1)
    p.write("]")


def _sorted_items(v: dict) -> list[tuple[Any, Any]]:
    try:
        return sorted(v.items(), key=lambda kv: _sort_key(kv[0]))
    except TypeError:
        return list(v.items())


def _sort_key(k: Any) -> Any:
    if isinstance(k, str):
        return k.encode("utf-8", "surrogatepass")
    return k


def _print_map(p: _Printer, v: dict, verb: str, depth: int) -> None:
    if p.sharp_v:
        p.write(type_name(v) + "{")
    else:
        p.write("map[")
    for i, (k, x) in enumerate(_sorted_items(v)):
        if i:
            p.write(", " if p.sharp_v else " ")
        _print_value(p, k, verb, depth + 1)
        p.write(":")
        _print_value(p, x, verb, depth + 1)
    p.write("}" if p.sharp_v else "]")


def _print_struct(p: _Printer, v: Any, verb: str, depth: int, deref: bool = False) -> None:
    tname = _obj_type(v)
    is_ptr = tname.startswith("*")
    if is_ptr and deref:
        tname = tname[1:]
    elif is_ptr:
        if depth > 0:
            _fmt_pointer(p, v, verb)
            return
        if p.sharp_v:
            p.write("&")
            tname = tname[1:]
        else:
            p.write("&")
    if p.sharp_v:
        p.write(tname)
    p.write("{")
    for i, (name, x) in enumerate(_fields(v).items()):
        if i:
            p.write(", " if p.sharp_v else " ")
        if p.plus_v or p.sharp_v:
            p.write(name + ":")
        _print_value(p, x, verb, depth + 1)
    p.write("}")


def _fmt_pointer(p: _Printer, v: Any, verb: str) -> None:
    """%p and nested pointers: the address is not reproducible; ``id()`` stands in."""
    addr = 0xC000000000 + (id(v) & 0xFFFFFFF)
    if verb == "v" and p.sharp_v:
        p.write("(" + _obj_type(v) + ")(" + hex(addr) + ")")
        return
    if verb in "vp":
        old_sharp = p.sharp
        p.sharp = not p.sharp
        p.fmt_integer(addr, 16, "v", _LDIGITS)
        p.sharp = old_sharp
        return
    if verb in "bodxX":
        p.fmt_integer(
            addr, {"b": 2, "o": 8, "d": 10}.get(verb, 16), verb, _UDIGITS if verb == "X" else _LDIGITS
        )
        return
    _bad_verb(p, verb, v)


_LDIGITS = "0123456789abcdefx"
_UDIGITS = "0123456789ABCDEFX"


def _bad_verb(p: _Printer, verb: str, arg: Any) -> None:
    """Go's ``%!verb(type=value)`` for a verb that does not fit the operand."""
    p.erroring = True
    p.write("%!" + verb + "(")
    if arg is None:
        p.write(_NIL)
    else:
        p.write(type_name(arg) + "=")
        _print_arg(p, arg, "v")
    p.write(")")
    p.erroring = False


def _fmt_bool(p: _Printer, v: bool, verb: str) -> None:
    if verb in "tv":
        p.fmt_boolean(v)
    else:
        _bad_verb(p, verb, v)


def _fmt_int(p: _Printer, v: int, verb: str, signed: bool) -> None:
    if verb == "v":
        if p.sharp_v and not signed:
            old = p.sharp
            p.sharp = True
            p.fmt_integer(v, 16, "v", _LDIGITS)
            p.sharp = old
        else:
            p.fmt_integer(v, 10, verb, _LDIGITS)
    elif verb == "d":
        p.fmt_integer(v, 10, verb, _LDIGITS)
    elif verb == "b":
        p.fmt_integer(v, 2, verb, _LDIGITS)
    elif verb in "oO":
        p.fmt_integer(v, 8, verb, _LDIGITS)
    elif verb == "x":
        p.fmt_integer(v, 16, verb, _LDIGITS)
    elif verb == "X":
        p.fmt_integer(v, 16, verb, _UDIGITS)
    elif verb == "c":
        p.fmt_c(v)
    elif verb == "q":
        p.fmt_qc(v)
    elif verb == "U":
        p.fmt_unicode(v)
    else:
        _bad_verb(p, verb, v)


def _fmt_float_verb(p: _Printer, v: float, verb: str) -> None:
    if verb == "v":
        p.fmt_float(v, "g", -1)
    elif verb in "bgGxX":
        p.fmt_float(v, "g" if p.sharp_v else verb, -1)
    elif verb in "feE":
        p.fmt_float(v, verb, 6)
    elif verb == "F":
        p.fmt_float(v, "f", 6)
    else:
        _bad_verb(p, verb, v)


def _fmt_string(p: _Printer, s: str, verb: str, arg: Any) -> None:
    if verb == "v":
        if p.sharp_v:
            p.fmt_q(s)
        else:
            p.fmt_s(s)
    elif verb == "s":
        p.fmt_s(s)
    elif verb == "x":
        p.fmt_sbx(_go_bytes(s), _LDIGITS)
    elif verb == "X":
        p.fmt_sbx(_go_bytes(s), _UDIGITS)
    elif verb == "q":
        p.fmt_q(s)
    else:
        _bad_verb(p, verb, arg)


class _ByteList(list):
    """A []byte seen element-wise (verbs other than v d s q x X)."""

    __go_type__ = "[]uint8"


def _fmt_bytes(p: _Printer, b: bytes, verb: str, tname: str, arg: Any) -> None:
    if verb in "vd":
        if p.sharp_v:
            p.write(tname + "{")
            for i, c in enumerate(b):
                if i:
                    p.write(", ")
                old = p.sharp
                p.sharp = True
                p.fmt_integer(c, 16, "v", _LDIGITS)
                p.sharp = old
            p.write("}")
        else:
            p.write("[")
            for i, c in enumerate(b):
                if i:
                    p.write(" ")
                p.fmt_integer(c, 10, verb, _LDIGITS)
            p.write("]")
    elif verb == "s":
        p.fmt_s(_bytes_to_str(b))
    elif verb == "x":
        p.fmt_sbx(b, _LDIGITS)
    elif verb == "X":
        p.fmt_sbx(b, _UDIGITS)
    elif verb == "q":
        p.fmt_q(bytes(b).decode("utf-8", "surrogateescape"))
    else:
        _print_list(p, _ByteList(GoUint(c) for c in b), verb, 0)


# ---------------------------------------------------------------------------
# Public printing API


def format_v(v: Any) -> str:
    """``fmt.Sprintf("%v", v)`` of one value.

    Floats as Go's ``%v`` of float64 (``1e+06``, ``3``, ``1.5``), ``<nil>`` for
    None, ``map[a:1 b:2]`` with sorted keys, ``[a b]``, ``[104 105]`` for bytes,
    ``{f1 f2}`` for struct-likes, ``__go_string__()`` when defined.
    """
    t = type(v)
    if t is str:
        return v
    if t is int:
        return str(v)
    if t is bool:
        return "true" if v else "false"
    if t is float:
        return format_float(v, "g", -1)
    p = _Printer()
    _print_arg(p, v, "v")
    return p.text()


def print_value(v: Any) -> str:
    """How text/template writes a pipeline's final value.

    None → ``<no value>``; anything else → ``fmt.Sprint`` of it, except that a
    pointer-typed object prints what it points to (``{...}``, not ``&{...}``) and a
    pointer-receiver Stringer (``__go_string_ptr__``) is honoured.
    """
    if v is None:
        return NO_VALUE
    if _is_struct(v):
        method = _stringer(v, addressable=True)
        if method is not None:
            return format_v(method())
        if kind_name(v) == "ptr":
            # text/template prints what a pointer points to
            p = _Printer()
            _print_struct(p, v, "v", 0, deref=True)
            return p.text()
    return format_v(v)


def sprint(*args: Any) -> str:
    """Go's ``fmt.Sprint`` (template ``print``): a space between operands when neither is a string."""
    p = _Printer()
    prev_string = False
    for i, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if i > 0 and not is_string and not prev_string:
            p.write(" ")
        _print_arg(p, arg, "v")
        prev_string = is_string
    return p.text()


def sprintln(*args: Any) -> str:
    """Go's ``fmt.Sprintln`` (template ``println``): operands space-separated, newline appended."""
    p = _Printer()
    for i, arg in enumerate(args):
        if i > 0:
            p.write(" ")
        _print_arg(p, arg, "v")
    p.write("\n")
    return p.text()


def _too_large(n: int) -> bool:
    return n > 1_000_000 or n < -1_000_000


def _parse_num(s: str, start: int, end: int) -> tuple[int, bool, int]:
    if start >= end:
        return 0, False, end
    num = 0
    isnum = False
    i = start
    while i < end and "0" <= s[i] <= "9":
        if _too_large(num):
            return 0, False, end
        num = num * 10 + ord(s[i]) - 48
        isnum = True
        i += 1
    return num, isnum, i


def _parse_arg_number(s: str) -> tuple[int, int, bool]:
    if len(s) < 3:
        return 0, 1, False
    for i in range(1, len(s)):
        if s[i] == "]":
            width, ok, newi = _parse_num(s, 1, i)
            if not ok or newi != i:
                return 0, i + 1, False
            return width - 1, i + 1, True
    return 0, 1, False


def _int_from_arg(args: tuple, arg_num: int) -> tuple[int, bool, int]:
    num, is_int = 0, False
    new_arg_num = arg_num
    if arg_num < len(args):
        a = args[arg_num]
        if _is_int(a):
            num, is_int = int(a), True
        new_arg_num = arg_num + 1
        if _too_large(num):
            num, is_int = 0, False
    return num, is_int, new_arg_num


class _State:
    """Cursor state of one ``doPrintf`` run."""

    def __init__(self, fmt: str, args: tuple) -> None:
        self.fmt = fmt
        self.args = args
        self.arg_num = 0
        self.i = 0
        self.after_index = False
        self.reordered = False
        self.good_arg_num = True

    def arg_number(self) -> None:
        s, i = self.fmt, self.i
        if i >= len(s) or s[i] != "[":
            self.after_index = False
            return
        self.reordered = True
        index, wid, ok = _parse_arg_number(s[i:])
        self.i = i + wid
        if ok and 0 <= index < len(self.args):
            self.arg_num = index
            self.after_index = True
            return
        self.good_arg_num = False
        self.after_index = ok


def sprintf(fmt: str, *args: Any) -> str:
    """Go's ``fmt.Sprintf`` (template ``printf``), complete.

    Verbs ``v T s q d x X o O b e E f F g G t c U p %``, flags ``+ - # 0 space``,
    width/precision (also ``*``), argument indexes ``%[n]``, and Go's in-band error
    forms: ``%!d(string=hi)``, ``%!s(MISSING)``, ``%!(EXTRA int=1)``,
    ``%!(BADWIDTH)``, ``%!(BADPREC)``, ``%!d(BADINDEX)``, ``%!(NOVERB)``.
    """
    p = _Printer()
    st = _State(fmt, args)
    end = len(fmt)
    while st.i < end:
        st.good_arg_num = True
        j = fmt.find("%", st.i)
        if j < 0:
            p.write(fmt[st.i :])
            break
        if j > st.i:
            p.write(fmt[st.i : j])
        st.i = j + 1
        if not _one_verb(p, st):
            break
    if not st.reordered and st.arg_num < len(args):
        p.clear_flags()
        p.write("%!(EXTRA ")
        for k, arg in enumerate(args[st.arg_num :]):
            if k:
                p.write(", ")
            if arg is None:
                p.write(_NIL)
            else:
                p.write(type_name(arg) + "=")
                _print_arg(p, arg, "v")
        p.write(")")
    return p.text()


def _parse_flags(p: _Printer, st: _State) -> None:
    fmt = st.fmt
    while st.i < len(fmt):
        c = fmt[st.i]
        if c == "#":
            p.sharp = True
        elif c == "0":
            p.zero = not p.minus
        elif c == "+":
            p.plus = True
        elif c == "-":
            p.minus = True
            p.zero = False
        elif c == " ":
            p.space = True
        else:
            return
        st.i += 1


def _one_verb(p: _Printer, st: _State) -> bool:
    """Process one ``%...verb`` at ``st.i`` (just after ``%``); False at a missing verb."""
    fmt, args, end = st.fmt, st.args, len(st.fmt)
    p.clear_flags()
    _parse_flags(p, st)
    st.arg_number()
    # width
    if st.i < end and fmt[st.i] == "*":
        st.i += 1
        p.wid, p.wid_present, st.arg_num = _int_from_arg(args, st.arg_num)
        if not p.wid_present:
            p.write("%!(BADWIDTH)")
        if p.wid < 0:
            p.wid = -p.wid
            p.minus = True
            p.zero = False
        st.after_index = False
    else:
        p.wid, p.wid_present, st.i = _parse_num(fmt, st.i, end)
        if st.after_index and p.wid_present:
            st.good_arg_num = False
    # precision
    if st.i + 1 < end and fmt[st.i] == ".":
        st.i += 1
        if st.after_index:
            st.good_arg_num = False
        st.arg_number()
        if st.i < end and fmt[st.i] == "*":
            st.i += 1
            p.prec, p.prec_present, st.arg_num = _int_from_arg(args, st.arg_num)
            if p.prec < 0:
                p.prec = 0
                p.prec_present = False
            if not p.prec_present:
                p.write("%!(BADPREC)")
            st.after_index = False
        else:
            p.prec, p.prec_present, st.i = _parse_num(fmt, st.i, end)
            if not p.prec_present:
                p.prec = 0
                p.prec_present = True
    if not st.after_index:
        st.arg_number()
    if st.i >= end:
        p.write("%!(NOVERB)")
        return False
    verb = fmt[st.i]
    st.i += 1
    if verb == "%":
        p.write("%")
    elif not st.good_arg_num:
        p.write("%!" + verb + "(BADINDEX)")
    elif st.arg_num >= len(args):
        p.write("%!" + verb + "(MISSING)")
    else:
        if verb in "vw":  # %w is %v with the flags of %v, then rejected as a bad verb
            p.sharp_v, p.sharp = p.sharp, False
            p.plus_v, p.plus = p.plus, False
        _print_arg(p, args[st.arg_num], verb)
        st.arg_num += 1
    return True


def to_go_string(v: Any) -> str:
    """Sprig's ``strval`` (``toString``): str as-is, bytes decoded, Stringer, else ``%v``."""
    if isinstance(v, str):
        return v
    if isinstance(v, (bytes, bytearray)):
        return _bytes_to_str(bytes(v))
    method = _stringer(v, addressable=False)
    if method is not None:
        return method()
    return format_v(v)


# ---------------------------------------------------------------------------
# Comparison (text/template eq ne lt le gt ge)

_INVALID, _BOOL, _INT, _FLOAT, _STRING, _UINT = range(6)


def _basic_kind(v: Any) -> int:
    if isinstance(v, bool):
        return _BOOL
    if isinstance(v, GoUint):
        return _UINT
    if isinstance(v, int):
        return _INT
    if isinstance(v, float):
        return _FLOAT
    if isinstance(v, str):
        return _STRING
    return _INVALID


def _incompatible(a: Any, b: Any) -> FuncError:
    return FuncError(f"incompatible types for comparison: {type_name(a)} and {type_name(b)}")


def _percent_s(v: Any) -> str:
    p = _Printer()
    _print_arg(p, v, "s")
    return p.text()


def _eq_other(a: Any, b: Any) -> bool:
    """eq for two non-basic values (lists, maps, bytes, objects, nil)."""
    ka, kb = kind_name(a), kind_name(b)
    if ka != kb and ka != "invalid" and kb != "invalid":
        raise FuncError(
            f"non-comparable types {_percent_s(a)}: {type_name(a)}, {type_name(b)}: {format_v(b)}"
        )
    if a is None or b is None:
        return (a is None) == (b is None)
    if kb in ("slice", "map", "func"):
        raise FuncError(f"non-comparable type {_percent_s(b)}: {type_name(b)}")
    if kb == "ptr":
        return a is b
    if kb == "struct":
        if type_name(a) != type_name(b):
            return False
        return a is b or _fields(a) == _fields(b)
    return bool(a == b)


def eq(a: Any, *bs: Any) -> bool:
    """text/template ``eq``: ``a == b1 || a == b2 || ...``.

    Raises FuncError ``missing argument for comparison`` with no ``bs``,
    ``incompatible types for comparison: int and float64`` across basic kinds
    (int vs uint compares by value), ``non-comparable type(s) ...`` for
    lists/maps. None equals only None and never errors.
    """
    if not bs:
        raise FuncError("missing argument for comparison")
    k1 = _basic_kind(a)
    for b in bs:
        k2 = _basic_kind(b)
        if k1 != k2:
            if {k1, k2} == {_INT, _UINT}:
                truth = int(a) == int(b)
            elif a is not None and b is not None:
                raise _incompatible(a, b)
            else:
                truth = False
        elif k1 == _INVALID:
            truth = _eq_other(a, b)
        else:
            truth = a == b
        if truth:
            return True
    return False


def ne(a: Any, b: Any) -> bool:
    """text/template ``ne``: ``not eq(a, b)``, same errors."""
    return not eq(a, b)


def lt(a: Any, b: Any) -> bool:
    """text/template ``lt``: ``a < b`` for ints, floats and strings of the same kind.

    Raises FuncError ``invalid type for comparison`` (nil, bools, lists, maps) or
    ``incompatible types for comparison: T1 and T2``.
    """
    k1 = _basic_kind(a)
    if k1 == _INVALID:
        raise FuncError("invalid type for comparison")
    k2 = _basic_kind(b)
    if k2 == _INVALID:
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        if {k1, k2} == {_INT, _UINT}:
            return int(a) < int(b)
        raise _incompatible(a, b)
    if k1 == _BOOL:
        raise FuncError("invalid type for comparison")
    if k1 == _STRING:
        return _sort_key(a) < _sort_key(b)
    return a < b


def le(a: Any, b: Any) -> bool:
    """text/template ``le``: ``lt(a, b) or eq(a, b)``."""
    return lt(a, b) or eq(a, b)


def gt(a: Any, b: Any) -> bool:
    """text/template ``gt``: ``not le(a, b)``."""
    return not le(a, b)


def ge(a: Any, b: Any) -> bool:
    """text/template ``ge``: ``not lt(a, b)``."""
    return not lt(a, b)


# ---------------------------------------------------------------------------
# len / index / slice


def _go_bytes(s: str) -> bytes:
    """The bytes of a Go string: UTF-8, with bytes kept by ``surrogateescape`` restored."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def go_len(v: Any) -> int:
    """text/template ``len``: length of a string (in bytes), list, map or bytes.

    Raises FuncError ``len of nil pointer`` for None, ``len of type T`` otherwise.
    """
    if v is None:
        raise FuncError("len of nil pointer")
    if isinstance(v, str):
        return len(_go_bytes(v))
    if isinstance(v, (bytes, bytearray, list, tuple, dict)):
        return len(v)
    if kind_name(v) == "ptr":
        raise FuncError(f"len of type {type_name(v)[1:]}")
    raise FuncError(f"len of type {type_name(v)}")


def _index_arg(index: Any, cap: int) -> int:
    if index is None:
        raise FuncError("cannot index slice/array with nil")
    if not _is_int(index):
        raise FuncError(f"cannot index slice/array with type {type_name(index)}")
    x = int(index)
    if x < 0 or x > cap:
        raise FuncError(f"index out of range: {x}")
    return x


def _index_one(item: Any, index: Any) -> Any:
    if isinstance(item, (list, tuple, bytes, bytearray, str)):
        seq = _go_bytes(item) if isinstance(item, str) else item
        x = _index_arg(index, len(seq))
        if x == len(seq):
            what = "string" if isinstance(item, str) else "slice"
            raise FuncError(f"reflect: {what} index out of range")
        elem = seq[x]
        return GoUint(elem) if isinstance(seq, (bytes, bytearray)) else elem
    if isinstance(item, dict):
        if index is None:
            raise FuncError("value is nil; should be of type string")
        if not isinstance(index, str):
            raise FuncError(f"value has type {type_name(index)}; should be string")
        return item.get(index)
    tname = type_name(item)
    raise FuncError(f"can't index item of type {tname[1:] if tname.startswith('*') else tname}")


def go_index(v: Any, *keys: Any) -> Any:
    """text/template ``index``: ``v[k1][k2]...``.

    Maps: a missing key gives None. Lists/bytes/strings: integer indexes; a string
    or bytes element is a :class:`GoUint` byte. Raises FuncError with Go's wording:
    ``index of untyped nil``, ``index of nil pointer``, ``index out of range: 5``,
    ``reflect: slice index out of range``, ``cannot index slice/array with type T``,
    ``value has type T; should be string``, ``can't index item of type T``.
    """
    if v is None:
        raise FuncError("index of untyped nil")
    item = v
    for key in keys:
        if item is None:
            raise FuncError("index of nil pointer")
        item = _index_one(item, key)
    return item


def go_slice(v: Any, *idx: Any) -> Any:
    """text/template's builtin ``slice`` (``slice x 1 2`` is ``x[1:2]``).

    Strings slice by byte offsets. Raises FuncError ``slice of untyped nil``,
    ``too many slice indexes: N``, ``cannot 3-index slice a string``,
    ``can't slice item of type T``, ``invalid slice index: I > J``, and the
    index errors of ``index``. (Helm shadows this builtin with Sprig's ``slice``.)
    """
    if v is None:
        raise FuncError("slice of untyped nil")
    if len(idx) > 3:
        raise FuncError(f"too many slice indexes: {len(idx)}")
    if isinstance(v, str):
        if len(idx) == 3:
            raise FuncError("cannot 3-index slice a string")
        seq: Any = _go_bytes(v)
    elif isinstance(v, (list, tuple, bytes, bytearray)):
        seq = v
    else:
        raise FuncError(f"can't slice item of type {type_name(v)}")
    bounds = [0, len(seq), 0]
    for i, index in enumerate(idx):
        bounds[i] = _index_arg(index, len(seq))
    if bounds[0] > bounds[1]:
        raise FuncError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    if len(idx) == 3 and bounds[1] > bounds[2]:
        raise FuncError(f"invalid slice index: {bounds[1]} > {bounds[2]}")
    part = seq[bounds[0] : bounds[1]]
    if isinstance(v, str):
        return part.decode("utf-8", "surrogateescape")
    if isinstance(v, tuple):
        return list(part)
    return part


# ---------------------------------------------------------------------------
# html / js / urlquery


def _eval_args(args: tuple) -> str:
    """text/template's ``evalArgs``: one string as-is, else Sprint with nil → ``<no value>``."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(*[NO_VALUE if a is None else a for a in args])


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def html_escape(*args: Any) -> str:
    """text/template ``html``: escapes ``" ' & < >`` and NUL (→ U+FFFD)."""
    s = _eval_args(args)
    return "".join(_HTML.get(ch, ch) for ch in s)


_JS = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
}


def _js_char(ch: str) -> str:
    if ch in _JS:
        return _JS[ch]
    code = ord(ch)
    if code < 0x20:
        return f"\\u00{code:02X}"
    if code < 0x80 or _is_print(ch):
        return ch
    return f"\\u{code:04X}"


def js_escape(*args: Any) -> str:
    """text/template ``js``: JavaScript string escaping (``\\'``, ``\\u003C``, ``\\u00XX`` controls)."""
    return "".join(_js_char(ch) for ch in _eval_args(args))


def urlquery(*args: Any) -> str:
    """text/template ``urlquery``: Go's ``url.QueryEscape`` (space → ``+``, ``%XX`` upper-case)."""
    return quote_plus(_go_bytes(_eval_args(args)), safe="")
