"""Lexer for Go's text/template language (delimiters ``{{`` / ``}}``, Helm's settings).

Follows the state machine of Go's ``text/template/parse/lex.go``: the item kinds, the
trim markers (``{{- `` and `` -}}``), comments, and the error texts, so that the parser
can report Go's exact parse errors.  Positions are character offsets into the template
text; lines are 1-based and computed from those offsets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from pyhelm.engine.runtime import go_quote

# Item kinds (strings keep debugging readable and comparisons cheap).
ERROR = "error"
BOOL = "bool"
CHAR = "char"
CHAR_CONSTANT = "charconst"
COMMENT = "comment"
COMPLEX = "complex"
ASSIGN = "assign"
DECLARE = "declare"
EOF = "EOF"
FIELD = "field"
IDENTIFIER = "identifier"
LEFT_DELIM = "leftdelim"
LEFT_PAREN = "leftparen"
NUMBER = "number"
PIPE = "pipe"
RAW_STRING = "rawstring"
RIGHT_DELIM = "rightdelim"
RIGHT_PAREN = "rightparen"
SPACE = "space"
STRING = "string"
TEXT = "text"
VARIABLE = "variable"
# keywords
BLOCK = "block"
BREAK = "break"
CONTINUE = "continue"
DOT = "dot"
DEFINE = "define"
ELSE = "else"
END = "end"
IF = "if"
NIL = "nil"
RANGE = "range"
TEMPLATE = "template"
WITH = "with"

KEYWORDS = {
    ".": DOT,
    "block": BLOCK,
    "break": BREAK,
    "continue": CONTINUE,
    "define": DEFINE,
    "else": ELSE,
    "end": END,
    "if": IF,
    "range": RANGE,
    "nil": NIL,
    "template": TEMPLATE,
    "with": WITH,
}
KEYWORD_KINDS = frozenset(KEYWORDS.values())

LEFT = "{{"
RIGHT = "}}"
SPACE_CHARS = " \t\r\n"


@dataclass(slots=True)
class Item:
    """One lexed item: kind, start offset, text and 1-based line."""

    typ: str
    pos: int
    val: str
    line: int

    def __str__(self) -> str:
        """Go's ``item.String()`` as used in parse error messages."""
        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ in KEYWORD_KINDS:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


def _is_space(c: str) -> bool:
    return c in SPACE_CHARS and c != ""


def _is_alnum(c: str) -> bool:
    return c == "_" or (c != "" and (c.isalpha() or unicodedata.category(c) == "Nd"))


def _has_left_trim(s: str, i: int) -> bool:
    return len(s) >= i + 2 and s[i] == "-" and s[i + 1] in SPACE_CHARS


def _has_right_trim(s: str, i: int) -> bool:
    return len(s) >= i + 2 and s[i] in SPACE_CHARS and s[i + 1] == "-"


def _left_trim_len(s: str, i: int) -> int:
    j = i
    n = len(s)
    while j < n and s[j] in SPACE_CHARS:
        j += 1
    return j - i


class Lexer:
    """Pull lexer: call :meth:`next_item` until an ``EOF`` or ``ERROR`` item.

    ``break_ok`` / ``continue_ok`` make ``break``/``continue`` keywords (Go turns them
    into identifiers when a function of that name exists).
    """

    def __init__(self, text: str, *, break_ok: bool = True, continue_ok: bool = True) -> None:
        self.input = text
        self.pos = 0
        self.start = 0
        self.paren_depth = 0
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self._newlines = _newline_index(text)
        self._pending: list[Item] = []
        self._state = self._lex_text
        self._done = False

    def line_of(self, pos: int) -> int:
        """1-based line number of character offset ``pos``."""
        return 1 + bisect.bisect_left(self._newlines, pos)

    def next_item(self) -> Item:
        """Return the next item (EOF forever after the end or an error)."""
        while not self._pending:
            if self._done:
                return Item(EOF, self.pos, "", self.line_of(self.pos))
            self._state = self._state()
        return self._pending.pop(0)

    # -- helpers -------------------------------------------------------------
    def _emit(self, typ: str) -> None:
        self._pending.append(Item(typ, self.start, self.input[self.start : self.pos], self.line_of(self.start)))
        self.start = self.pos

    def _ignore(self) -> None:
        self.start = self.pos

    def _error(self, msg: str):
        self._pending.append(Item(ERROR, self.start, msg, self.line_of(self.start)))
        self._done = True
        return None

    def _peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else ""

    def _next(self) -> str:
        if self.pos >= len(self.input):
            self.pos = len(self.input) + 1  # mimic Go: backup after eof is a no-op
            return ""
        c = self.input[self.pos]
        self.pos += 1
        return c

    def _backup(self) -> None:
        if self.pos > len(self.input):
            self.pos = len(self.input)
            return
        self.pos -= 1

    def _accept(self, valid: str) -> bool:
        c = self._peek()
        if c and c in valid:
            self.pos += 1
            return True
        return False

    def _accept_run(self, valid: str) -> None:
        while self._accept(valid):
            pass

    def _at_right_delim(self) -> tuple[bool, bool]:
        s, p = self.input, self.pos
        if _has_right_trim(s, p) and s.startswith(RIGHT, p + 2):
            return True, True
        if s.startswith(RIGHT, p):
            return True, False
        return False, False

    def _at_terminator(self) -> bool:
        c = self._peek()
        if c == "" or c in SPACE_CHARS or c in ".,|:)(":
            return True
        return self.input.startswith(RIGHT, self.pos)

    # -- states --------------------------------------------------------------
    def _lex_text(self):
        s = self.input
        x = s.find(LEFT, self.pos)
        if x >= 0:
            self.pos = x
            end = x
            if _has_left_trim(s, x + 2):
                end = self.start + len(s[self.start : x].rstrip(SPACE_CHARS))
            if end > self.start:
                self._pending.append(Item(TEXT, self.start, s[self.start : end], self.line_of(self.start)))
            self.start = x
            return self._lex_left_delim
        self.pos = len(s)
        if self.pos > self.start:
            self._emit(TEXT)
        self._pending.append(Item(EOF, self.pos, "", self.line_of(self.pos)))
        self._done = True
        return None

    def _lex_left_delim(self):
        self.pos += len(LEFT)
        trim = _has_left_trim(self.input, self.pos)
        after = 2 if trim else 0
        if self.input.startswith("/*", self.pos + after):
            self.pos += after
            self._ignore()
            return self._lex_comment
        self._emit(LEFT_DELIM)
        self.pos += after
        self._ignore()
        self.paren_depth = 0
        return self._lex_inside_action

    def _lex_comment(self):
        self.pos += 2
        x = self.input.find("*/", self.pos)
        if x < 0:
            return self._error("unclosed comment")
        self.pos = x + 2
        delim, trim = self._at_right_delim()
        if not delim:
            return self._error("comment ends before closing delimiter")
        self._emit(COMMENT)
        if trim:
            self.pos += 2
        self.pos += len(RIGHT)
        if trim:
            self.pos += _left_trim_len(self.input, self.pos)
        self._ignore()
        return self._lex_text

    def _lex_right_delim(self):
        _, trim = self._at_right_delim()
        if trim:
            self.pos += 2
            self._ignore()
        self.pos += len(RIGHT)
        self._emit(RIGHT_DELIM)
        if trim:
            self.pos += _left_trim_len(self.input, self.pos)
            self._ignore()
        return self._lex_text

    def _lex_inside_action(self):  # noqa: C901 - one branch per character class, as in Go
        delim, _ = self._at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self._lex_right_delim
            return self._error("unclosed left paren")
        r = self._next()
        if r == "":
            return self._error("unclosed action")
        if r in SPACE_CHARS:
            self._backup()
            return self._lex_space
        if r == "=":
            self._emit(ASSIGN)
        elif r == ":":
            if self._next() != "=":
                return self._error("expected :=")
            self._emit(DECLARE)
        elif r == "|":
            self._emit(PIPE)
        elif r == '"':
            return self._lex_quote
        elif r == "`":
            return self._lex_raw_quote
        elif r == "$":
            return self._lex_variable
        elif r == "'":
            return self._lex_char
        elif r == "." and not ("0" <= self._peek() <= "9" and self._peek() != ""):
            return self._lex_field
        elif r in "+-." or "0" <= r <= "9":
            self._backup()
            return self._lex_number
        elif _is_alnum(r):
            self._backup()
            return self._lex_identifier
        elif r == "(":
            self._emit(LEFT_PAREN)
            self.paren_depth += 1
        elif r == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                return self._error("unexpected right paren")
            self._emit(RIGHT_PAREN)
        elif ord(r) < 0x80 and r.isprintable():
            self._emit(CHAR)
        else:
            return self._error(f"unrecognized character in action: {_rune_u(r)}")
        return self._lex_inside_action

    def _lex_space(self):
        n = 0
        while self._peek() != "" and self._peek() in SPACE_CHARS:
            self.pos += 1
            n += 1
        s = self.input
        if _has_right_trim(s, self.pos - 1) and s.startswith(RIGHT, self.pos + 1):
            self._backup()
            if n == 1:
                return self._lex_inside_action
        self._emit(SPACE)
        return self._lex_inside_action

    def _lex_identifier(self):
        while True:
            r = self._next()
            if _is_alnum(r):
                continue
            self._backup()
            word = self.input[self.start : self.pos]
            if not self._at_terminator():
                return self._error(f"bad character {_rune_u(r)}")
            kind = KEYWORDS.get(word)
            if kind is not None:
                if (kind == BREAK and not self.break_ok) or (kind == CONTINUE and not self.continue_ok):
                    self._emit(IDENTIFIER)
                else:
                    self._emit(kind)
            elif word[0] == ".":
                self._emit(FIELD)
            elif word in ("true", "false"):
                self._emit(BOOL)
            else:
                self._emit(IDENTIFIER)
            return self._lex_inside_action

    def _lex_field(self):
        return self._lex_field_or_variable(FIELD)

    def _lex_variable(self):
        return self._lex_field_or_variable(VARIABLE)

    def _lex_field_or_variable(self, typ: str):
        if self._at_terminator():
            self._emit(VARIABLE if typ == VARIABLE else DOT)
            return self._lex_inside_action
        while True:
            r = self._next()
            if not _is_alnum(r):
                self._backup()
                break
        if not self._at_terminator():
            return self._error(f"bad character {_rune_u(r)}")
        self._emit(typ)
        return self._lex_inside_action

    def _lex_quoted(self, close: str, kind: str, msg: str):
        while True:
            r = self._next()
            if r == "\\":
                r2 = self._next()
                if r2 != "" and r2 != "\n":
                    continue
                return self._error(msg)
            if r == "" or r == "\n":
                return self._error(msg)
            if r == close:
                break
        self._emit(kind)
        return self._lex_inside_action

    def _lex_char(self):
        return self._lex_quoted("'", CHAR_CONSTANT, "unterminated character constant")

    def _lex_quote(self):
        return self._lex_quoted('"', STRING, "unterminated quoted string")

    def _lex_raw_quote(self):
        x = self.input.find("`", self.pos)
        if x < 0:
            self.pos = len(self.input)
            return self._error("unterminated raw quoted string")
        self.pos = x + 1
        self._emit(RAW_STRING)
        return self._lex_inside_action

    def _lex_number(self):
        if not self._scan_number():
            return self._error(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
        c = self._peek()
        if c in ("+", "-") and c != "":
            if not self._scan_number() or self.input[self.pos - 1] != "i":
                return self._error(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
            self._emit(COMPLEX)
        else:
            self._emit(NUMBER)
        return self._lex_inside_action

    def _scan_number(self) -> bool:
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            if self._accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self._accept("oO"):
                digits = "01234567_"
            elif self._accept("bB"):
                digits = "01_"
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if len(digits) == 11 and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        if len(digits) == 23 and self._accept("pP"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if _is_alnum(self._peek()):
            self._next()
            return False
        return True


def _newline_index(text: str) -> list[int]:
    out = []
    i = text.find("\n")
    while i >= 0:
        out.append(i)
        i = text.find("\n", i + 1)
    return out


# ---------------------------------------------------------------------------
# Fast path: the common tokens by regular expression, the rest by the state machine.

_ACTION_TOKEN = re.compile(
    r"""(?P<sp>[ \t\r\n]+)
    |(?P<rd>\}\})
    |(?P<fld>\.[A-Za-z_][A-Za-z0-9_]*)
    |(?P<id>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<str>"(?:[^"\\\n]|\\[^\n])*")
    |(?P<punct>[|(),=])
    |(?P<var>\$[A-Za-z0-9_]*)
    |(?P<raw>`[^`]*`)
    |(?P<num>[0-9]+(?:\.[0-9]*)?)
    |(?P<dot>\.)(?![0-9])
    |(?P<decl>:=)""",
    re.X,
)
_TERMINATORS = frozenset(" \t\r\n.,|:)(")
_PUNCT = {"|": PIPE, "(": LEFT_PAREN, ")": RIGHT_PAREN, ",": CHAR, "=": ASSIGN}
#: regex groups whose match is a word-like item that must end at a terminator
_WORDS = {"fld": FIELD, "var": VARIABLE, "num": NUMBER, "dot": DOT}


def tokenize(
    text: str, *, break_ok: bool = True, continue_ok: bool = True, newlines: list[int] | None = None
) -> list[Item]:
    """All items of ``text`` up to and including EOF or the first ERROR item.

    Same items as :class:`Lexer`, except that ``line`` is 0 (not computed) on items of
    the fast path: use :func:`item_line`.  The usual tokens (right delimiters included)
    are matched by one regular expression and anything unusual is handed to the state
    machine from that point on.
    """
    s = text
    n = len(s)
    if newlines is None:
        newlines = _newline_index(s)
    items: list[Item] = []
    add = items.append
    pos = 0
    match = _ACTION_TOKEN.match
    find = s.find
    startswith = s.startswith
    terminators = _TERMINATORS
    keywords = KEYWORDS
    words = _WORDS
    punct = _PUNCT

    def fallback(start: int, state: str, depth: int) -> list[Item]:
        lx = Lexer(s, break_ok=break_ok, continue_ok=continue_ok)
        lx._newlines = newlines
        lx.pos = lx.start = start
        lx.paren_depth = depth
        lx._state = getattr(lx, state)
        while True:
            it = lx.next_item()
            add(it)
            if it.typ in (EOF, ERROR):
                return items

    while True:
        x = find(LEFT, pos)
        if x < 0:
            if n > pos:
                add(Item(TEXT, pos, s[pos:], 0))
            add(Item(EOF, n, "", 0))
            return items
        trim = n >= x + 4 and s[x + 2] == "-" and s[x + 3] in SPACE_CHARS
        end = x
        if trim:
            end = pos + len(s[pos:x].rstrip(SPACE_CHARS))
        if end > pos:
            add(Item(TEXT, pos, s[pos:end], 0))
        p = x + 4 if trim else x + 2
        if startswith("/*", p):
            c = find("*/", p + 2)
            if c < 0:
                return fallback(x, "_lex_left_delim", 0)
            q = c + 2
            if startswith(RIGHT, q):
                rtrim = False
            elif q + 1 < n and s[q] in SPACE_CHARS and s[q + 1] == "-" and startswith(RIGHT, q + 2):
                rtrim = True
            else:
                return fallback(x, "_lex_left_delim", 0)
            add(Item(COMMENT, p, s[p:q], 0))
            pos = q + (4 if rtrim else 2)
            if rtrim:
                pos += _left_trim_len(s, pos)
            continue
        add(Item(LEFT_DELIM, x, LEFT, 0))
        depth = 0
        while True:
            m = match(s, p)
            if m is None:
                return fallback(p, "_lex_inside_action", depth)
            kind = m.lastgroup
            e = m.end()
            if kind == "sp":
                if startswith("-}}", e):
                    # " -}}": the last blank belongs to the trim marker
                    if e - 1 > p:
                        add(Item(SPACE, p, s[p:e - 1], 0))
                    if depth != 0:
                        return fallback(e - 1, "_lex_inside_action", depth)
                    add(Item(RIGHT_DELIM, e + 1, RIGHT, 0))
                    pos = e + 3
                    pos += _left_trim_len(s, pos)
                    break
                add(Item(SPACE, p, s[p:e], 0))
                p = e
                continue
            if kind == "rd":
                if depth != 0:
                    return fallback(p, "_lex_inside_action", depth)
                add(Item(RIGHT_DELIM, p, RIGHT, 0))
                pos = e
                break
            if kind == "id" or kind in words:
                if e < n and s[e] not in terminators and not startswith(RIGHT, e):
                    return fallback(p, "_lex_inside_action", depth)
                word = s[p:e]
                if kind == "id":
                    typ = keywords.get(word, IDENTIFIER)
                    if typ is IDENTIFIER:
                        if word == "true" or word == "false":
                            typ = BOOL
                    elif (typ == BREAK and not break_ok) or (typ == CONTINUE and not continue_ok):
                        typ = IDENTIFIER
                else:
                    typ = words[kind]
                add(Item(typ, p, word, 0))
            elif kind == "str":
                add(Item(STRING, p, s[p:e], 0))
            elif kind == "punct":
                ch = s[p]
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth == 0:
                        return fallback(p, "_lex_inside_action", depth)
                    depth -= 1
                add(Item(punct[ch], p, ch, 0))
            elif kind == "raw":
                add(Item(RAW_STRING, p, s[p:e], 0))
            else:  # decl
                add(Item(DECLARE, p, ":=", 0))
            p = e


def item_line(item: Item, newlines: list[int]) -> int:
    """1-based line of ``item`` (``newlines``: offsets of the text's newlines)."""
    return item.line or 1 + bisect.bisect_left(newlines, item.pos)


class TokenStream:
    """``next_item()`` over a pre-lexed item list (what the parser consumes)."""

    __slots__ = ("items", "i", "last")

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.i = 0
        self.last = items[-1]

    def next_item(self) -> Item:
        """The next item; the final EOF/ERROR item repeats forever."""
        i = self.i
        try:
            item = self.items[i]
        except IndexError:
            return self.last
        self.i = i + 1
        return item


def _rune_u(r: str) -> str:
    """Go's ``%#U`` of a rune: ``U+0041 'A'``."""
    if r == "":
        return "U+FFFFFFFFFFFFFFFF"
    o = ord(r)
    code = f"U+{o:04X}"
    if r.isprintable():
        return f"{code} '{r}'"
    return code
