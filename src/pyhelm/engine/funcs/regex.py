"""Sprig's regular expression functions on Go RE2 syntax, run by Python's ``re``.

:func:`translate` rewrites a Go pattern into an equivalent Python one (``\\z``, ``$``
meaning end of text, ASCII ``\\d \\w \\s``, POSIX classes ``[[:alpha:]]``, ``\\Q..\\E``,
mid-pattern flags ``(?i)``, ``(?<name>``) and rejects what RE2 rejects
(backreferences, lookaround, nested repetition) with Go's error text.

Match iteration follows Go: an empty match right after the previous match is skipped.
The ``must`` functions raise ``error parsing regexp: ...``; the others (except
``regexMatch``, which returns false) raise Go's ``regexp.MustCompile`` panic text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import GoStringSlice, declare_params, want_int, want_str


class RegexSyntaxError(ValueError):
    """A pattern RE2 rejects; ``str(err)`` is Go's ``error parsing regexp: ...`` text."""


_Ranges = tuple[tuple[int, int], ...]
_DIGIT: _Ranges = ((0x30, 0x39),)
_WORD: _Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
# Go's ASCII classes: [[:name:]] and the Perl classes \d \w \s.
_POSIX: dict[str, _Ranges] = {
    "alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)), "alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "ascii": ((0x00, 0x7F),), "blank": ((0x09, 0x09), (0x20, 0x20)), "cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "digit": _DIGIT, "graph": ((0x21, 0x7E),), "lower": ((0x61, 0x7A),), "print": ((0x20, 0x7E),),
    "punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)), "space": ((0x09, 0x0D), (0x20, 0x20)),
    "upper": ((0x41, 0x5A),), "word": _WORD, "xdigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
}
_PERL_CLASS: dict[str, _Ranges] = {"d": _DIGIT, "w": _WORD, "s": ((0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20))}
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")


_DUP_MARK = "__go_dup"


def _err(kind: str, text: str) -> RegexSyntaxError:
    return RegexSyntaxError(f"error parsing regexp: {kind}: `{text}`")


class _Translator:
    """One pass over a Go pattern producing Python ``re`` source."""

    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.pos = 0
        self.out: list[str] = []
        self.multiline = False
        # per open group: how many extra ")" to emit when it closes (scoped flags)
        self.groups: list[int] = [0]
        self.can_repeat = False
        # Go's U flag swaps greedy and lazy repetition; tracked from where it is set
        # to the end of the pattern (scoping by group is not modelled)
        self.ungreedy = False
        self.names: dict[str, int] = {}

    def run(self) -> str:
        while self.pos < len(self.src):
            self.step()
        if len(self.groups) > 1:
            raise _err("missing closing )", self.src)
        self.out.append(")" * self.groups[0])
        return "".join(self.out)

    def step(self) -> None:
        ch = self.src[self.pos]
        if ch == "\\":
            self.out.append(self.escape(in_class=False))
            self.can_repeat = True
        elif ch == "[":
            self.out.append(self.char_class())
            self.can_repeat = True
        elif ch == "(":
            self.open_group()
        elif ch == ")":
            self.close_group()
        elif ch in "*+?":
            self.repetition(ch, 1)
        elif ch == "{" and _REPEAT.match(self.src, self.pos):
            match = _REPEAT.match(self.src, self.pos)
            assert match is not None
            self.check_repeat_counts(match)
            self.repetition(match.group(0), len(match.group(0)))
        elif ch == "{":
            self.out.append("\\{")
            self.pos += 1
            self.can_repeat = True
        elif ch == "$":
            self.out.append("$" if self.multiline else "\\Z")
            self.pos += 1
            self.can_repeat = True
        elif ch == "|":
            self.out.append("|")
            self.pos += 1
            self.can_repeat = False
        else:
            self.out.append(re.escape(ch) if ch in "}" else ch)
            self.pos += 1
            self.can_repeat = ch != "^"

    def check_repeat_counts(self, match: re.Match[str]) -> None:
        low = int(match.group(1))
        high = match.group(3)
        if low > 1000 or (high and int(high) > 1000) or (high and int(high) < low):
            raise _err("invalid repeat count", match.group(0))

    def repetition(self, op: str, width: int) -> None:
        if not self.can_repeat:
            text = self.src[self.pos: self.pos + width]
            prev = self.src[self.pos - 1: self.pos] if self.pos else ""
            if prev and prev in "*+?}":
                start = self.src.rfind(prev, 0, self.pos)
                raise _err("invalid nested repetition operator", self.src[start: self.pos + width])
            raise _err("missing argument to repetition operator", text)
        self.pos += width
        lazy = self.src.startswith("?", self.pos)
        if lazy:
            self.pos += 1
        self.out.append(op + ("?" if lazy != self.ungreedy else ""))
        self.can_repeat = False
        nxt = self.src[self.pos: self.pos + 1]
        repeat = _REPEAT.match(self.src, self.pos) if nxt == "{" else None
        if nxt and (nxt in "*+?" or repeat):
            end = repeat.end() if repeat else self.pos + 1
            raise _err("invalid nested repetition operator", self.src[self.pos - width - int(lazy): end])

    def open_group(self) -> None:
        src, pos = self.src, self.pos
        if not src.startswith("(?", pos):
            self.out.append("(")
            self.groups.append(0)
            self.pos += 1
            self.can_repeat = False
            return
        if src.startswith("(?P<", pos) or src.startswith("(?<", pos):
            start = pos + (4 if src.startswith("(?P<", pos) else 3)
            end = src.find(">", start)
            name = src[start:end] if end >= 0 else ""
            if end < 0 or not re.fullmatch(r"[A-Za-z0-9_]+", name):
                if src.startswith("(?<", pos) and src[pos + 3: pos + 4] in ("=", "!"):
                    raise _err("invalid or unsupported Perl syntax", src[pos: pos + 4])
                raise _err("invalid named capture", src[pos: end + 1 if end >= 0 else len(src)])
            # Go allows a name twice; Python does not: later ones get internal names
            count = self.names.get(name, 0) + 1
            self.names[name] = count
            self.out.append(f"(?P<{name}>" if count == 1 else f"(?P<{name}{_DUP_MARK}{count}>")
            self.groups.append(0)
            self.pos = end + 1
            self.can_repeat = False
            return
        match = re.compile(r"\(\?([imsU]*)(?:-([imsU]*))?([:)])").match(src, pos)
        if not match or (match.group(2) == "" and match.group(0).endswith("-)")):
            raise _err("invalid or unsupported Perl syntax", src[pos: pos + 3])
        if "U" in match.group(1):
            self.ungreedy = True
        if "U" in (match.group(2) or ""):
            self.ungreedy = False
        on = match.group(1).replace("U", "")
        off = (match.group(2) or "").replace("U", "")
        if "m" in on:
            self.multiline = True
        flags = on + ("-" + off if off else "")
        self.pos = match.end()
        self.can_repeat = False
        if match.group(3) == ":":
            self.out.append(f"(?{flags}:" if flags else "(?:")
            self.groups.append(0)
        elif flags:
            self.out.append(f"(?{flags}:")
            self.groups[-1] += 1

    def close_group(self) -> None:
        if len(self.groups) == 1:
            raise _err("unexpected )", self.src)
        extra = self.groups.pop()
        self.out.append(")" * extra + ")")
        self.pos += 1
        self.can_repeat = True

    def escape(self, *, in_class: bool) -> str:
        src = self.src
        if self.pos + 1 >= len(src):
            raise _err("trailing backslash at end of expression", "")
        ch = src[self.pos + 1]
        self.pos += 2
        if ch.lower() in _PERL_CLASS:
            ranges = _PERL_CLASS[ch.lower()]
            body = _ranges_text(ranges if ch.islower() else _complement(ranges))
            return body if in_class else f"[{body}]"
        if ch in "pP":
            return self.unicode_class(ch == "P", in_class)
        if ch == "Q" and not in_class:
            end = src.find("\\E", self.pos)
            literal = src[self.pos:] if end < 0 else src[self.pos:end]
            self.pos = len(src) if end < 0 else end + 2
            return re.escape(literal)
        if ch == "z" and not in_class:
            return "\\Z"
        if ch in "AbB" and not in_class:
            return "\\" + ch
        if ch == "x":
            return self.hex_escape()
        if ch in "01234567":
            digits = re.match(r"[0-7]{1,3}", src[self.pos - 1: self.pos + 2])
            assert digits is not None
            if ch != "0" and len(digits.group(0)) == 1:
                raise _err("invalid escape sequence", "\\" + ch)
            self.pos += len(digits.group(0)) - 1
            return f"\\u{int(digits.group(0), 8):04x}"
        if ch in "afnrtv" or (ch.isascii() and not ch.isalnum()):
            return "\\" + ch
        raise _err("invalid escape sequence", "\\" + ch)

    def hex_escape(self) -> str:
        src = self.src
        if src.startswith("{", self.pos):
            end = src.find("}", self.pos)
            digits = src[self.pos + 1: end] if end >= 0 else ""
            if end < 0 or not re.fullmatch(r"[0-9A-Fa-f]+", digits) or int(digits, 16) > 0x10FFFF:
                raise _err("invalid escape sequence", src[self.pos - 2: end + 1 if end >= 0 else len(src)])
            self.pos = end + 1
            return f"\\U{int(digits, 16):08x}"
        digits = src[self.pos: self.pos + 2]
        if not re.fullmatch(r"[0-9A-Fa-f]{2}", digits):
            raise _err("invalid escape sequence", src[self.pos - 2: self.pos + 2])
        self.pos += 2
        return f"\\x{digits}"

    def unicode_class(self, negated: bool, in_class: bool) -> str:
        src = self.src
        if src.startswith("{", self.pos):
            end = src.find("}", self.pos)
            name = src[self.pos + 1: end] if end >= 0 else ""
            text = src[self.pos - 2: end + 1 if end >= 0 else len(src)]
            self.pos = end + 1 if end >= 0 else len(src)
        else:
            name = src[self.pos: self.pos + 1]
            text = src[self.pos - 2: self.pos + 1]
            self.pos += 1
        if name.startswith("^"):
            negated, name = not negated, name[1:]
        ranges = category_ranges(name)
        if ranges is None:
            raise _err("invalid character class range", text)
        body = _ranges_text(_complement(ranges) if negated else ranges)
        return body if in_class else f"[{body}]"

    def char_class(self) -> str:
        src = self.src
        start = self.pos
        self.pos += 1
        parts = ["["]
        if src.startswith("^", self.pos):
            parts.append("^")
            self.pos += 1
        first = True
        while True:
            if self.pos >= len(src):
                raise _err("missing closing ]", src[start:])
            ch = src[self.pos]
            if ch == "]" and not first:
                self.pos += 1
                break
            first = False
            if src.startswith("[:", self.pos):
                end = src.find(":]", self.pos + 2)
                if end >= 0:
                    name = src[self.pos + 2: end]
                    ranges = _POSIX.get(name.removeprefix("^"))
                    if ranges is None:
                        raise _err("invalid character class range", src[self.pos: end + 2])
                    parts.append(_ranges_text(_complement(ranges) if name.startswith("^") else ranges))
                    self.pos = end + 2
                    continue
            if ch == "\\":
                parts.append(self.escape(in_class=True))
                continue
            parts.append("\\" + ch if ch in "[&~|" else ch)
            self.pos += 1
        parts.append("]")
        return "".join(parts)


_CATEGORIES = {"C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd",
               "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl",
               "Zp", "Zs"}


@functools.lru_cache(maxsize=64)
def category_ranges(name: str) -> _Ranges | None:
    """Code point ranges of a Unicode general category (``L``, ``Lu``...) or ``Any``; None if unknown.

    Unicode scripts (``\\p{Greek}``), which Go also accepts, are not supported.
    """
    if name == "Any":
        return ((0, 0x10FFFF),)
    if name not in _CATEGORIES:
        return None
    ranges: list[tuple[int, int]] = []
    for lo, hi, category in _category_runs():
        if category.startswith(name):
            if ranges and ranges[-1][1] == lo - 1:
                ranges[-1] = (ranges[-1][0], hi)
            else:
                ranges.append((lo, hi))
    return tuple(ranges)


@functools.lru_cache(maxsize=1)
def _category_runs() -> list[tuple[int, int, str]]:
    """Maximal runs of code points sharing one general category: (first, last, category)."""
    runs: list[tuple[int, int, str]] = []
    category = unicodedata.category
    start, current = 0, category("\0")
    for code in range(1, 0x110000):
        cat = category(chr(code))
        if cat != current:
            runs.append((start, code - 1, current))
            start, current = code, cat
    runs.append((start, 0x10FFFF, current))
    return runs


def _complement(ranges: _Ranges) -> _Ranges:
    out: list[tuple[int, int]] = []
    nxt = 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return tuple(out)


def _ranges_text(ranges: _Ranges) -> str:
    """Python class body for code point ranges (``\\U0000004c-\\U0000005a...``)."""
    return "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


def translate(pattern: str) -> str:
    """Translate a Go RE2 pattern to Python ``re`` syntax; raises RegexSyntaxError."""
    return _Translator(pattern).run()


@functools.lru_cache(maxsize=512)
def compile_go(pattern: str) -> re.Pattern[str]:
    """Compile a Go regular expression; raises RegexSyntaxError with Go's message."""
    source = translate(pattern)
    try:
        return re.compile(source)
    except re.error as err:
        if err.msg.startswith("bad character range "):
            raise _err("invalid character class range", err.msg.removeprefix("bad character range ")) from err
        raise RegexSyntaxError(f"error parsing regexp: {err.msg}: `{pattern}`") from err


def _compile(pattern: str, must: bool) -> re.Pattern[str]:
    try:
        return compile_go(pattern)
    except RegexSyntaxError as err:
        if must:
            raise FuncError(str(err)) from err
        raise FuncError(f"regexp: Compile(`{pattern}`): {err}") from err


def go_matches(regex: re.Pattern[str], text: str, limit: int = -1) -> Iterator[re.Match[str]]:
    """Go's match iteration (``FindAll``): skip an empty match abutting the previous match."""
    prev_end = -1
    count = 0
    for match in regex.finditer(text):
        if limit >= 0 and count >= limit:
            return
        if match.start() == match.end() and match.start() == prev_end:
            continue
        prev_end = match.end()
        count += 1
        yield match


def expand(template: str, match: re.Match[str]) -> str:
    """Go ``Regexp.Expand``: ``$1``, ``${1}``, ``$name``, ``${name}``, ``$$`` in ``template``."""
    out: list[str] = []
    pos = 0
    while True:
        dollar = template.find("$", pos)
        if dollar < 0:
            out.append(template[pos:])
            return "".join(out)
        out.append(template[pos:dollar])
        pos = dollar + 1
        if template.startswith("$", pos):
            out.append("$")
            pos += 1
            continue
        parsed = _extract(template, pos)
        if parsed is None:
            out.append("$")
            continue
        name, pos = parsed
        out.append(_group_text(match, name))


def _extract(template: str, pos: int) -> tuple[str, int] | None:
    brace = template.startswith("{", pos)
    i = pos + 1 if brace else pos
    start = i
    while i < len(template) and (template[i].isalnum() or template[i] == "_"):
        i += 1
    if i == start:
        return None
    name = template[start:i]
    if brace:
        if not template.startswith("}", i):
            return None
        i += 1
    return name, i


def _group_text(match: re.Match[str], name: str) -> str:
    if name.isdigit() and name.isascii():
        if name[0] == "0" and len(name) > 1:
            return ""
        num = int(name)
        if num <= match.re.groups:
            return match.group(num) or ""
        return ""
    for group, index in match.re.groupindex.items():  # first participating group of that name
        if (group == name or group.startswith(name + _DUP_MARK)) and match.start(index) >= 0:
            return match.group(index)
    return ""


def _replace(regex: re.Pattern[str], text: str, repl: Callable[[re.Match[str]], str]) -> str:
    out: list[str] = []
    pos = 0
    for match in go_matches(regex, text):
        out.append(text[pos: match.start()])
        out.append(repl(match))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def go_split(regex: re.Pattern[str], text: str, n: int) -> list[str]:
    """Go ``Regexp.Split(text, n)``."""
    if n == 0:
        return []
    if regex.pattern and text == "":
        return [""]
    parts: list[str] = []
    begin = end = 0
    for match in go_matches(regex, text, n):
        if n > 0 and len(parts) == n - 1:
            break
        end = match.start()
        if match.end() != 0:
            parts.append(text[begin:end])
        begin = match.end()
    if end != len(text):
        parts.append(text[begin:])
    return parts


def _match(pattern: Any, text: Any, must: bool) -> bool:
    pattern, text = want_str(pattern), want_str(text)
    try:
        regex = compile_go(pattern)
    except RegexSyntaxError as err:
        if must:
            raise FuncError(str(err)) from err
        return False  # Sprig's regexMatch ignores the compile error
    return regex.search(text) is not None


def _find_all(pattern: Any, text: Any, n: Any, must: bool) -> list[str]:
    pattern, text, n = want_str(pattern), want_str(text), want_int(n)
    return GoStringSlice(m.group(0) for m in go_matches(_compile(pattern, must), text, n))


def _find(pattern: Any, text: Any, must: bool) -> str:
    pattern, text = want_str(pattern), want_str(text)
    match = _compile(pattern, must).search(text)
    return match.group(0) if match else ""


def _replace_all(pattern: Any, text: Any, repl: Any, must: bool) -> str:
    pattern, text, repl = want_str(pattern), want_str(text), want_str(repl)
    return _replace(_compile(pattern, must), text, lambda m: expand(repl, m))


def _replace_all_literal(pattern: Any, text: Any, repl: Any, must: bool) -> str:
    pattern, text, repl = want_str(pattern), want_str(text), want_str(repl)
    return _replace(_compile(pattern, must), text, lambda m: repl)


def _split(pattern: Any, text: Any, n: Any, must: bool) -> list[str]:
    pattern, text, n = want_str(pattern), want_str(text), want_int(n)
    return GoStringSlice(go_split(_compile(pattern, must), text, n))


def regex_quote_meta(text: Any) -> str:
    """``regexQuoteMeta STRING``: Go ``regexp.QuoteMeta`` (backslash before ``\\.+*?()|[]{}^$``)."""
    return "".join("\\" + c if c in "\\.+*?()|[]{}^$" else c for c in want_str(text))


def regex_match(pattern: Any, text: Any) -> bool:
    """``regexMatch REGEX STRING``: whether REGEX matches anywhere; a bad REGEX gives false."""
    return _match(pattern, text, False)


def must_regex_match(pattern: Any, text: Any) -> bool:
    """``mustRegexMatch REGEX STRING``: like regexMatch; a bad REGEX raises FuncError."""
    return _match(pattern, text, True)


def regex_find_all(pattern: Any, text: Any, n: Any) -> list[str]:
    """``regexFindAll REGEX STRING N``: up to N matches (all when N < 0)."""
    return _find_all(pattern, text, n, False)


def must_regex_find_all(pattern: Any, text: Any, n: Any) -> list[str]:
    """``mustRegexFindAll REGEX STRING N``."""
    return _find_all(pattern, text, n, True)


def regex_find(pattern: Any, text: Any) -> str:
    """``regexFind REGEX STRING``: the first match or ""."""
    return _find(pattern, text, False)


def must_regex_find(pattern: Any, text: Any) -> str:
    """``mustRegexFind REGEX STRING``."""
    return _find(pattern, text, True)


def regex_replace_all(pattern: Any, text: Any, repl: Any) -> str:
    """``regexReplaceAll REGEX STRING REPL``: replace matches, expanding ``$1``/``${name}`` in REPL."""
    return _replace_all(pattern, text, repl, False)


def must_regex_replace_all(pattern: Any, text: Any, repl: Any) -> str:
    """``mustRegexReplaceAll REGEX STRING REPL``."""
    return _replace_all(pattern, text, repl, True)


def regex_replace_all_literal(pattern: Any, text: Any, repl: Any) -> str:
    """``regexReplaceAllLiteral REGEX STRING REPL``: replace matches with REPL verbatim."""
    return _replace_all_literal(pattern, text, repl, False)


def must_regex_replace_all_literal(pattern: Any, text: Any, repl: Any) -> str:
    """``mustRegexReplaceAllLiteral REGEX STRING REPL``."""
    return _replace_all_literal(pattern, text, repl, True)


def regex_split(pattern: Any, text: Any, n: Any) -> list[str]:
    """``regexSplit REGEX STRING N``: Go ``Regexp.Split``."""
    return _split(pattern, text, n, False)


def must_regex_split(pattern: Any, text: Any, n: Any) -> list[str]:
    """``mustRegexSplit REGEX STRING N``."""
    return _split(pattern, text, n, True)


FUNCS: dict[str, Callable[..., Any]] = {
    "regexMatch": regex_match,
    "mustRegexMatch": must_regex_match,
    "regexFindAll": regex_find_all,
    "mustRegexFindAll": must_regex_find_all,
    "regexFind": regex_find,
    "mustRegexFind": must_regex_find,
    "regexReplaceAll": regex_replace_all,
    "mustRegexReplaceAll": must_regex_replace_all,
    "regexReplaceAllLiteral": regex_replace_all_literal,
    "mustRegexReplaceAllLiteral": must_regex_replace_all_literal,
    "regexSplit": regex_split,
    "mustRegexSplit": must_regex_split,
    "regexQuoteMeta": regex_quote_meta,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "regexMatch": ("string", "string"),
        "mustRegexMatch": ("string", "string"),
        "regexFindAll": ("string", "string", "int"),
        "mustRegexFindAll": ("string", "string", "int"),
        "regexFind": ("string", "string"),
        "mustRegexFind": ("string", "string"),
        "regexReplaceAll": ("string", "string", "string"),
        "mustRegexReplaceAll": ("string", "string", "string"),
        "regexReplaceAllLiteral": ("string", "string", "string"),
        "mustRegexReplaceAllLiteral": ("string", "string", "string"),
        "regexSplit": ("string", "string", "int"),
        "mustRegexSplit": ("string", "string", "int"),
        "regexQuoteMeta": ("string",),
    },
)
