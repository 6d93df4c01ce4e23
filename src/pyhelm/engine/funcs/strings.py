"""Sprig's string functions (``strings.go`` and the Go/goutils/xstrings helpers it wraps).

Go strings are byte strings: functions that index (``substr``, ``trunc``,
``abbrev``, ``wrap``, ``initials``) work on the UTF-8 bytes as Go does, and a cut
through a multi-byte character is decoded with replacement characters.
"""

from __future__ import annotations

import secrets
import string
import unicodedata
from collections.abc import Callable
from typing import Any

from pyhelm.engine import runtime
from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import (
    GoStringMap,
    GoStringSlice,
    declare_params,
    format_v,
    strval,
    want_int,
    want_str,
)

#: Runes for which Go's ``unicode.IsSpace`` is true.
GO_SPACES = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                      "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_GO_SPACE_TEXT = "".join(sorted(GO_SPACES))


def is_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace``."""
    return ch in GO_SPACES


def is_upper(ch: str) -> bool:
    """Go's ``unicode.IsUpper`` (category Lu)."""
    return unicodedata.category(ch) == "Lu"


def is_lower(ch: str) -> bool:
    """Go's ``unicode.IsLower`` (category Ll)."""
    return unicodedata.category(ch) == "Ll"


def _is_title(ch: str) -> bool:
    return unicodedata.category(ch) == "Lt"


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _is_number(ch: str) -> bool:
    return unicodedata.category(ch).startswith("N")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def to_upper(ch: str) -> str:
    """Go's ``unicode.ToUpper`` of one rune: simple case mapping only (``ß`` stays)."""
    up = ch.upper()
    return up if len(up) == 1 else ch


def to_lower(ch: str) -> str:
    """Go's ``unicode.ToLower`` of one rune (simple mapping)."""
    if ch == "\u0130":
        return "i"
    low = ch.lower()
    return low if len(low) == 1 else ch


def to_title(ch: str) -> str:
    """Go's ``unicode.ToTitle`` of one rune (simple mapping)."""
    title = ch.title()
    return title if len(title) == 1 else to_upper(ch)


def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _slice_error(text: str) -> FuncError:
    return FuncError(f"runtime error: slice bounds out of range {text}")


# -- simple wrappers --------------------------------------------------------------------------


def trim(s: Any) -> str:
    """``trim STRING``: Go ``strings.TrimSpace``."""
    return want_str(s).strip(_GO_SPACE_TEXT)


def trim_all(cutset: Any, s: Any) -> str:
    """``trimAll CUTSET STRING`` (and ``trimall``): Go ``strings.Trim(s, cutset)``."""
    cutset, s = want_str(cutset), want_str(s)
    return s.strip(cutset) if cutset else s


def trim_prefix(prefix: Any, s: Any) -> str:
    """``trimPrefix PREFIX STRING``: Go ``strings.TrimPrefix``."""
    return want_str(s).removeprefix(want_str(prefix))


def trim_suffix(suffix: Any, s: Any) -> str:
    """``trimSuffix SUFFIX STRING``: Go ``strings.TrimSuffix``."""
    return want_str(s).removesuffix(want_str(suffix))


def upper(s: Any) -> str:
    """``upper STRING``: Go ``strings.ToUpper`` (per-rune simple mapping)."""
    return "".join(to_upper(c) for c in want_str(s))


def lower(s: Any) -> str:
    """``lower STRING``: Go ``strings.ToLower``."""
    return "".join(to_lower(c) for c in want_str(s))


def _is_separator(ch: str) -> bool:
    if ord(ch) <= 0x7F:
        return not (ch.isascii() and (ch.isalnum() or ch == "_"))
    if _is_letter(ch) or unicodedata.category(ch) == "Nd":
        return False
    return is_space(ch)


def title(s: Any) -> str:
    """``title STRING``: Go ``strings.Title`` (first letter of each word to title case)."""
    out = []
    prev = " "
    for ch in want_str(s):
        out.append(to_title(ch) if _is_separator(prev) else ch)
        prev = ch
    return "".join(out)


def untitle(s: Any) -> str:
    """``untitle STRING``: goutils ``Uncapitalize`` (lower-case the first rune of each word)."""
    out = []
    at_start = True
    for ch in want_str(s):
        if is_space(ch):
            at_start = True
            out.append(ch)
        elif at_start:
            out.append(to_lower(ch))
            at_start = False
        else:
            out.append(ch)
    return "".join(out)


def substr(start: Any, end: Any, s: Any) -> str:
    """``substr START END STRING``: Sprig ``substring`` on bytes.

    start < 0 → ``s[:end]``; end < 0 or end > len → ``s[start:]``; else ``s[start:end]``.
    Out-of-range bounds raise FuncError with Go's slice panic text.
    """
    start, end, data = want_int(start), want_int(end), _b(want_str(s))
    n = len(data)
    if start < 0:
        if end < 0 or end > n:
            raise _slice_error(f"[:{end}] with length {n}")
        return _s(data[:end])
    if end < 0 or end > n:
        if start > n:
            raise _slice_error(f"[{start}:{n}]")
        return _s(data[start:])
    if start > end:
        raise _slice_error(f"[{start}:{end}]")
    return _s(data[start:end])


def repeat(count: Any, s: Any) -> str:
    """``repeat COUNT STRING``: Go ``strings.Repeat``; a negative count raises FuncError."""
    count, s = want_int(count), want_str(s)
    if count < 0:
        raise FuncError("strings: negative Repeat count")
    return s * count


def trunc(c: Any, s: Any) -> str:
    """``trunc N STRING``: first N bytes, or the last -N bytes when N is negative."""
    c, data = want_int(c), _b(want_str(s))
    n = len(data)
    if c < 0 and n + c > 0:
        return _s(data[n + c:])
    if c >= 0 and n > c:
        return _s(data[:c])
    return _s(data)


def _abbreviate_full(data: bytes, offset: int, width: int) -> bytes:
    """goutils ``AbbreviateFull`` on bytes (width >= 4 already checked by the caller)."""
    n = len(data)
    if not data or n <= width:
        return data
    offset = min(offset, n)
    if n - offset < width - 3:
        offset = n - (width - 3)
    if offset <= 4:
        return data[: width - 3] + b"..."
    if width < 7:
        return b""
    if offset + width - 3 < n:
        return b"..." + _abbreviate_full(data[offset:], 0, width - 3)
    return b"..." + data[n - (width - 3):]


def abbrev(width: Any, s: Any) -> str:
    """``abbrev WIDTH STRING``: truncate with ``...`` (goutils ``Abbreviate``); width < 4 → unchanged."""
    width, s = want_int(width), want_str(s)
    if width < 4:
        return s
    return _s(_abbreviate_full(_b(s), 0, width))


def abbrevboth(left: Any, right: Any, s: Any) -> str:
    """``abbrevboth LEFT RIGHT STRING``: goutils ``AbbreviateFull(s, left, right)``."""
    left, right, s = want_int(left), want_int(right), want_str(s)
    if right < 4 or (left > 0 and right < 7):
        return s
    return _s(_abbreviate_full(_b(s), left, right))


def initials(s: Any) -> str:
    """``initials STRING``: first byte of each whitespace-separated word (goutils ``Initials``).

    Go reads the string byte by byte and writes each first byte as a rune.
    """
    out = []
    gap = True
    for byte in _b(want_str(s)):
        ch = chr(byte)
        if is_space(ch):
            gap = True
        elif gap:
            out.append(ch)
            gap = False
    return "".join(out)


def _random(alphabet: str, count: Any) -> str:
    count = want_int(count)
    if count <= 0:
        return ""
    return "".join(secrets.choice(alphabet) for _ in range(count))


_ASCII_PRINTABLE = "".join(chr(c) for c in range(32, 127))


def rand_alpha_num(count: Any) -> str:
    """``randAlphaNum N``: N random ASCII letters and digits."""
    return _random(string.ascii_letters + string.digits, count)


def rand_alpha(count: Any) -> str:
    """``randAlpha N``: N random ASCII letters."""
    return _random(string.ascii_letters, count)


def rand_ascii(count: Any) -> str:
    """``randAscii N``: N random printable ASCII characters (space to ``~``)."""
    return _random(_ASCII_PRINTABLE, count)


def rand_numeric(count: Any) -> str:
    """``randNumeric N``: N random decimal digits."""
    return _random(string.digits, count)


def wrap_custom(s: str, width: int, newline: str, wrap_long: bool) -> str:
    """goutils ``WrapCustom`` on bytes: break at spaces so lines fit ``width`` bytes."""
    data = _b(s)
    if not data:
        return ""
    nl = _b(newline or "\n")
    width = max(width, 1)
    n = len(data)
    offset = 0
    out = bytearray()
    while n - offset > width:
        if data[offset] == 0x20:
            offset += 1
            continue
        space = data.rfind(b" ", offset, width + offset + 1)
        if space >= offset:
            out += data[offset:space] + nl
            offset = space + 1
        elif wrap_long:
            out += data[offset: offset + width] + nl
            offset += width
        else:
            nxt = data.find(b" ", offset + width)
            if nxt == -1:
                out += data[offset:]
                offset = n
            else:
                out += data[offset:nxt] + nl
                offset = nxt + 1
    out += data[offset:]
    return _s(bytes(out))


def wrap(width: Any, s: Any) -> str:
    """``wrap WIDTH STRING``: goutils ``Wrap`` (long words are not split)."""
    return wrap_custom(want_str(s), want_int(width), "\n", False)


def wrap_with(width: Any, sep: Any, s: Any) -> str:
    """``wrapWith WIDTH SEP STRING``: goutils ``WrapCustom`` with ``sep``; long words are split."""
    return wrap_custom(want_str(s), want_int(width), want_str(sep), True)


def contains(sub: Any, s: Any) -> bool:
    """``contains SUBSTR STRING``."""
    return want_str(sub) in want_str(s)


def has_prefix(prefix: Any, s: Any) -> bool:
    """``hasPrefix PREFIX STRING``."""
    return want_str(s).startswith(want_str(prefix))


def has_suffix(suffix: Any, s: Any) -> bool:
    """``hasSuffix SUFFIX STRING``."""
    return want_str(s).endswith(want_str(suffix))


def go_quote(s: str) -> str:
    """Go ``strconv.Quote`` (``%q``): :func:`pyhelm.engine.runtime.go_quote`."""
    return runtime.go_quote(s)


def quote(*args: Any) -> str:
    """``quote ARGS...``: each non-nil argument as Go ``%q`` of its strval, space-joined."""
    return " ".join(go_quote(strval(a)) for a in args if a is not None)


def squote(*args: Any) -> str:
    """``squote ARGS...``: each non-nil argument as ``'%v'``, space-joined."""
    return " ".join(f"'{format_v(a)}'" for a in args if a is not None)


def cat(*args: Any) -> str:
    """``cat ARGS...``: non-nil arguments printed with ``%v``, space-joined."""
    return " ".join(format_v(a) for a in args if a is not None)


def indent(spaces: Any, s: Any) -> str:
    """``indent N STRING``: prefix every line with N spaces."""
    count, s = want_int(spaces), want_str(s)
    if count < 0:
        raise FuncError("strings: negative Repeat count")
    pad = " " * count
    return pad + s.replace("\n", "\n" + pad)


def nindent(spaces: Any, s: Any) -> str:
    """``nindent N STRING``: a newline, then ``indent N STRING``."""
    return "\n" + indent(spaces, s)


def replace(old: Any, new: Any, s: Any) -> str:
    """``replace OLD NEW STRING``: Go ``strings.Replace(s, old, new, -1)``."""
    return want_str(s).replace(want_str(old), want_str(new))


def plural(one: Any, many: Any, count: Any) -> str:
    """``plural ONE MANY COUNT``: ONE when COUNT == 1, else MANY."""
    one, many, count = want_str(one), want_str(many), want_int(count)
    return one if count == 1 else many


# -- xstrings case conversion -------------------------------------------------------------------


def _is_connector(ch: str) -> bool:
    return ch in "-_" or is_space(ch)


def _is_alphabet(ch: str) -> bool:
    """xstrings ``isAlphabet``: a Unicode letter that is not a CJK ideograph."""
    if not _is_letter(ch):
        return False
    code = ord(ch)
    return not (0x4E00 <= code <= 0x9FCC or 0x3400 <= code <= 0x4D85 or 0x20000 <= code <= 0x2B81D)


def camelcase(s: Any) -> str:
    """``camelcase STRING``: xstrings ``ToCamelCase`` as Sprig 3.3 uses it (``http_server`` → ``HttpServer``)."""
    text = want_str(s)
    if not text:
        return ""
    out: list[str] = []
    i = 0
    first_upper = False
    r0 = ""
    while i < len(text):
        r0 = text[i]
        i += 1
        if not _is_connector(r0):
            first_upper = is_upper(r0)
            r0 = to_upper(r0)
            break
        out.append(r0)
    else:
        out.append(r0)  # Go writes the last connector once more
        return "".join(out)
    if i >= len(text):
        out.append(r0)
        return "".join(out)
    while i < len(text):
        r1, r0 = r0, text[i]
        i += 1
        if _is_connector(r0) and _is_connector(r1):
            out.append(r1)
            continue
        if _is_connector(r1):
            first_upper = is_upper(r0)
            r0 = to_upper(r0)
        else:
            if first_upper:
                if is_upper(r0):
                    r0 = to_lower(r0)
                else:
                    first_upper = False
            out.append(r1)
    out.append(r0)
    return "".join(out)


_INVALID, _NUMBER, _UPPER, _ALPHA, _CONNECTOR, _PUNCT, _OTHER = range(7)


def _next_word(text: str, pos: int) -> tuple[int, int]:
    """xstrings ``nextWord``: (word type, end index) of the word starting at ``pos``."""
    n = len(text)
    ch = text[pos]
    end = pos + 1

    def run(pred: Callable[[str], bool], start: int) -> int:
        while start < n and pred(text[start]):
            start += 1
        return start

    if _is_connector(ch):
        return _CONNECTOR, run(_is_connector, end)
    if _is_punct(ch):
        return _PUNCT, run(_is_punct, end)
    if is_upper(ch):
        if end >= n:
            return _UPPER, end
        nxt = text[end]
        if is_upper(nxt):
            stop = run(is_upper, end)
            if stop < n and _is_alphabet(text[stop]):
                stop -= 1
            return _UPPER, stop
        if _is_alphabet(nxt):
            return _UPPER, run(lambda c: _is_alphabet(c) and not is_upper(c), end)
        return _UPPER, end
    if _is_alphabet(ch):
        return _ALPHA, run(lambda c: _is_alphabet(c) and not is_upper(c), end)
    if _is_number(ch):
        return _NUMBER, run(_is_number, end)
    return _OTHER, run(
        lambda c: not (_is_connector(c) or _is_alphabet(c) or _is_number(c) or _is_punct(c)), end)


def _lower_word(out: list[str], wt: int, word: str, connector: str) -> None:
    if wt not in (_UPPER, _CONNECTOR):
        out.append(word)
        return
    for ch in word:
        out.append(connector if _is_connector(ch) else to_lower(ch) if is_upper(ch) else ch)


def _camel_to_lower(text: str, connector: str) -> str:
    """xstrings ``camelCaseToLowerCase``: split into words and join with ``connector``."""
    if not text:
        return ""
    out: list[str] = []
    pos = 0
    n = len(text)

    def take() -> tuple[int, str]:
        nonlocal pos
        if pos >= n:
            return _INVALID, ""
        wt, end = _next_word(text, pos)
        word = text[pos:end]
        pos = end
        return wt, word

    wt, word = take()
    while pos < n:
        if wt != _CONNECTOR:
            _lower_word(out, wt, word, connector)
        prev, last = wt, word
        wt, word = take()
        if prev == _NUMBER:
            while wt in (_ALPHA, _NUMBER):
                _lower_word(out, wt, word, connector)
                wt, word = take()
            if wt not in (_INVALID, _PUNCT, _CONNECTOR):
                out.append(connector)
        elif prev == _CONNECTOR:
            _lower_word(out, prev, last, connector)
        elif prev == _PUNCT:
            pass
        else:
            if wt != _NUMBER:
                if wt not in (_CONNECTOR, _PUNCT):
                    out.append(connector)
                continue
            if pos >= n:
                continue
            last = word
            wt, word = take()
            if wt != _ALPHA:
                _lower_word(out, _NUMBER, last, connector)
                if wt not in (_CONNECTOR, _PUNCT):
                    out.append(connector)
                continue
            out.append(connector)
            _lower_word(out, _NUMBER, last, connector)
            while wt in (_ALPHA, _NUMBER):
                _lower_word(out, wt, word, connector)
                wt, word = take()
            if wt not in (_INVALID, _CONNECTOR, _PUNCT):
                out.append(connector)
    _lower_word(out, wt, word, connector)
    return "".join(out)


def snakecase(s: Any) -> str:
    """``snakecase STRING``: xstrings ``ToSnakeCase`` (``HTTPServer`` → ``http_server``)."""
    return _camel_to_lower(want_str(s), "_")


def kebabcase(s: Any) -> str:
    """``kebabcase STRING``: xstrings ``ToKebabCase`` (``HTTPServer`` → ``http-server``)."""
    return _camel_to_lower(want_str(s), "-")


def swapcase(s: Any) -> str:
    """``swapcase STRING``: goutils ``SwapCase`` (upper/title → lower, lower → upper)."""
    out = []
    for ch in want_str(s):
        if is_upper(ch) or _is_title(ch):
            out.append(to_lower(ch))
        elif is_lower(ch):
            out.append(to_upper(ch))
        else:
            out.append(ch)
    return "".join(out)


def shuffle(s: Any) -> str:
    """``shuffle STRING``: the runes in random order."""
    runes = list(want_str(s))
    for i in range(len(runes) - 1, 0, -1):
        j = secrets.randbelow(i + 1)
        runes[i], runes[j] = runes[j], runes[i]
    return "".join(runes)


def nospace(s: Any) -> str:
    """``nospace STRING``: goutils ``DeleteWhiteSpace``.

    Go walks the bytes, dropping those that are white space as runes (including
    0x85 and 0xA0) and writing each other byte as the rune of that value; a
    string without white space is returned unchanged.
    """
    text = want_str(s)
    data = _b(text)
    kept = [chr(b) for b in data if not is_space(chr(b))]
    if len(kept) == len(data):
        return text
    return "".join(kept)


# -- splitting and joining ----------------------------------------------------------------------


def strslice(value: Any) -> list[str]:
    """Sprig ``strslice`` (``toStrings``): a list → strval of each non-nil item; nil → []; else [strval]."""
    if isinstance(value, list | tuple):
        return GoStringSlice(strval(v) for v in value if v is not None)
    if isinstance(value, bytes | bytearray):
        return GoStringSlice(str(b) for b in value)
    if value is None:
        return GoStringSlice()
    return GoStringSlice([strval(value)])


def join(sep: Any, value: Any) -> str:
    """``join SEP LIST``: strval of each non-nil item joined with SEP."""
    return want_str(sep).join(strslice(value))


def go_split(s: str, sep: str, n: int = -1) -> list[str]:
    """Go ``strings.SplitN``: empty sep splits into runes; n == 0 → []; n < 0 → all parts."""
    if n == 0:
        return []
    if sep == "":
        chars = list(s)
        if 0 < n < len(chars):
            return chars[: n - 1] + ["".join(chars[n - 1:])]
        return chars
    if n < 0:
        return s.split(sep)
    return s.split(sep, n - 1)


def split(sep: Any, s: Any) -> dict[str, str]:
    """``split SEP STRING``: ``{"_0": part0, "_1": part1, ...}``."""
    parts = go_split(want_str(s), want_str(sep))
    return GoStringMap((f"_{i}", p) for i, p in enumerate(parts))


def split_list(sep: Any, s: Any) -> list[str]:
    """``splitList SEP STRING``: Go ``strings.Split`` as a list."""
    return GoStringSlice(go_split(want_str(s), want_str(sep)))


def splitn(sep: Any, n: Any, s: Any) -> dict[str, str]:
    """``splitn SEP N STRING``: Go ``strings.SplitN`` as ``{"_0": ..., ...}``."""
    sep, n, s = want_str(sep), want_int(n), want_str(s)
    return GoStringMap((f"_{i}", p) for i, p in enumerate(go_split(s, sep, n)))


def sort_alpha(value: Any) -> list[str]:
    """``sortAlpha LIST``: strvals sorted by byte order; a non-list gives ``[strval(value)]``."""
    if isinstance(value, list | tuple | bytes | bytearray):
        return GoStringSlice(sorted(strslice(value), key=_b))
    return GoStringSlice([strval(value)])


def hello() -> str:
    """``hello``: Sprig's ``Hello!``."""
    return "Hello!"


FUNCS: dict[str, Callable[..., Any]] = {
    "hello": hello,
    "abbrev": abbrev,
    "abbrevboth": abbrevboth,
    "trunc": trunc,
    "trim": trim,
    "upper": upper,
    "lower": lower,
    "title": title,
    "untitle": untitle,
    "substr": substr,
    "repeat": repeat,
    "trimall": trim_all,
    "trimAll": trim_all,
    "trimSuffix": trim_suffix,
    "trimPrefix": trim_prefix,
    "nospace": nospace,
    "initials": initials,
    "randAlphaNum": rand_alpha_num,
    "randAlpha": rand_alpha,
    "randAscii": rand_ascii,
    "randNumeric": rand_numeric,
    "swapcase": swapcase,
    "shuffle": shuffle,
    "snakecase": snakecase,
    "camelcase": camelcase,
    "kebabcase": kebabcase,
    "wrap": wrap,
    "wrapWith": wrap_with,
    "contains": contains,
    "hasPrefix": has_prefix,
    "hasSuffix": has_suffix,
    "quote": quote,
    "squote": squote,
    "cat": cat,
    "indent": indent,
    "nindent": nindent,
    "replace": replace,
    "plural": plural,
    "join": join,
    "sortAlpha": sort_alpha,
    "split": split,
    "splitList": split_list,
    "splitn": splitn,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "hello": (),
        "abbrev": ("int", "string"),
        "abbrevboth": ("int", "int", "string"),
        "trunc": ("int", "string"),
        "trim": ("string",),
        "upper": ("string",),
        "lower": ("string",),
        "title": ("string",),
        "untitle": ("string",),
        "substr": ("int", "int", "string"),
        "repeat": ("int", "string"),
        "trimall": ("string", "string"),
        "trimAll": ("string", "string"),
        "trimSuffix": ("string", "string"),
        "trimPrefix": ("string", "string"),
        "nospace": ("string",),
        "initials": ("string",),
        "randAlphaNum": ("int",),
        "randAlpha": ("int",),
        "randAscii": ("int",),
        "randNumeric": ("int",),
        "swapcase": ("string",),
        "shuffle": ("string",),
        "snakecase": ("string",),
        "camelcase": ("string",),
        "kebabcase": ("string",),
        "wrap": ("int", "string"),
        "wrapWith": ("int", "string", "string"),
        "contains": ("string", "string"),
        "hasPrefix": ("string", "string"),
        "hasSuffix": ("string", "string"),
        "quote": ("any",),
        "squote": ("any",),
        "cat": ("any",),
        "indent": ("int", "string"),
        "nindent": ("int", "string"),
        "replace": ("string", "string", "string"),
        "plural": ("string", "string", "int"),
        "join": ("string", "any"),
        "sortAlpha": ("any",),
        "split": ("string", "string"),
        "splitList": ("string", "string"),
        "splitn": ("string", "int", "string"),
    },
)
