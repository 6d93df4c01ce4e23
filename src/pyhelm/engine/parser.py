"""Parser for Go's text/template (``text/template/parse/parse.go``).

:func:`parse` turns one template text into a dict of trees (the file's own tree plus
every ``define``/``block`` in it), raising :class:`ParseError` with Go's wording
``template: NAME:LINE: MESSAGE``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container

from pyhelm.engine import lexer as L
from pyhelm.engine import nodes as N
from pyhelm.engine.errors import ParseError
from pyhelm.engine.lexer import (
    ASSIGN,
    BLOCK,
    BOOL,
    BREAK,
    CHAR,
    CHAR_CONSTANT,
    COMMENT,
    COMPLEX,
    CONTINUE,
    DECLARE,
    DEFINE,
    DOT,
    ELSE,
    END,
    EOF,
    ERROR,
    FIELD,
    IDENTIFIER,
    IF,
    LEFT_DELIM,
    LEFT_PAREN,
    NIL,
    NUMBER,
    PIPE,
    RANGE,
    RAW_STRING,
    RIGHT_DELIM,
    RIGHT_PAREN,
    SPACE,
    STRING,
    TEMPLATE,
    TEXT,
    VARIABLE,
    WITH,
)


class _Abort(Exception):
    """Internal: a parse error message (already formatted)."""


_SIMPLE_ESC = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
}


def _unquote_char(s: str, i: int, quote: str) -> tuple[str, int]:
    """Go's ``strconv.UnquoteChar`` on ``s[i:]``: (char, next index); ValueError if bad."""
    c = s[i]
    if c == quote and quote in "'\"":
        raise ValueError
    if c != "\\":
        return c, i + 1
    if i + 1 >= len(s):
        raise ValueError
    c = s[i + 1]
    if c in _SIMPLE_ESC:
        if c in "'\"" and c != quote:
            raise ValueError
        return _SIMPLE_ESC[c], i + 2
    if c in "xuU":
        n = {"x": 2, "u": 4, "U": 8}[c]
        h = s[i + 2 : i + 2 + n]
        if len(h) != n or not all(ch in "0123456789abcdefABCDEF" for ch in h):
            raise ValueError
        v = int(h, 16)
        if c == "x":
            return chr(v), i + 2 + n  # a byte; treated as a code point here
        if v > 0x10FFFF or 0xD800 <= v < 0xE000:
            raise ValueError
        return chr(v), i + 2 + n
    if c in "01234567":
        o = s[i + 1 : i + 4]
        if len(o) != 3 or not all(ch in "01234567" for ch in o):
            raise ValueError
        v = int(o, 8)
        if v > 255:
            raise ValueError
        return chr(v), i + 4
    raise ValueError


def go_unquote(s: str) -> str:
    """Go's ``strconv.Unquote`` for "...", `...` and '...'; ValueError("invalid syntax")."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in "\"`'":
        raise ValueError("invalid syntax")
    q = s[0]
    body = s[1:-1]
    if q == '"' and "\\" not in body and '"' not in body and "\n" not in body:
        return body
    if q == "`":
        if "`" in body:
            raise ValueError("invalid syntax")
        return body.replace("\r", "")
    if "\n" in body:
        raise ValueError("invalid syntax")
    out = []
    i = 0
    try:
        while i < len(body):
            ch, i = _unquote_char(body, i, q)
            out.append(ch)
    except (ValueError, IndexError):
        raise ValueError("invalid syntax") from None
    r = "".join(out)
    if q == "'" and len(r) != 1:
        raise ValueError("invalid syntax")
    return r


_INT_RE = re.compile(r"^[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$")


def _parse_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)`` (None if not an int literal)."""
    if not _INT_RE.match(text):
        return None
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if t.startswith(("0x", "0X")):
        v = int(t[2:], 16)
    elif t.startswith(("0o", "0O")):
        v = int(t[2:], 8)
    elif t.startswith(("0b", "0B")):
        v = int(t[2:], 2)
    elif len(t) > 1 and t[0] == "0":
        v = int(t, 8)
    else:
        v = int(t)
    return sign * v


def _parse_float(text: str) -> float | None:
    """Go's ``strconv.ParseFloat(text, 64)`` for the literals the lexer accepts."""
    t = text.replace("_", "")
    body = t.lstrip("+-")
    try:
        if body[:2] in ("0x", "0X"):
            return float.fromhex(t)
        if body[:2].lower() in ("0o", "0b"):
            return None
        v = float(t)
    except (ValueError, OverflowError):
        return None
    if body.lower() in ("inf", "infinity", "nan"):
        return None
    return v


def _number_value(text: str, typ: str) -> object:
    """The execution value of a number token (Go's ``idealConstant``); ValueError if bad."""
    if typ == CHAR_CONSTANT:
        body = text[1:]
        try:
            ch, i = _unquote_char(body, 0, "'")
        except (ValueError, IndexError):
            raise ValueError("invalid syntax") from None
        if body[i:] != "'":
            raise ValueError(f"malformed character constant: {text}")
        return ord(ch)
    if typ == COMPLEX:
        try:
            return complex(text.replace("_", "").replace("i", "j"))
        except ValueError:
            raise ValueError(f"illegal number syntax: {L.go_quote(text)}") from None
    if text.endswith("i"):
        f = _parse_float(text[:-1])
        if f is None:
            raise ValueError(f"illegal number syntax: {L.go_quote(text)}")
        return complex(0, f)
    iv = _parse_int(text)
    is_hex_int = text.lstrip("+-")[:2] in ("0x", "0X") and not any(c in text for c in "pP")
    if not is_hex_int and any(c in text for c in ".eEpP"):
        f = _parse_float(text)
        if f is None or math.isinf(f):
            raise ValueError(f"illegal number syntax: {L.go_quote(text)}")
        return f
    if iv is not None:
        if -(1 << 63) <= iv < (1 << 63):
            return iv
        if 0 <= iv < (1 << 64):
            return N.Overflow(text)  # a uint64: Go fails when executing it
        raise ValueError(f"integer overflow: {L.go_quote(text)}")
    f = _parse_float(text)
    if f is None or math.isinf(f):
        raise ValueError(f"illegal number syntax: {L.go_quote(text)}")
    raise ValueError(f"integer overflow: {L.go_quote(text)}")


_SPACE = SPACE


class _TreeParser:
    """State of one Go ``Tree`` being parsed (shares the lexer with nested defines)."""

    def __init__(self, name: str, parse_name: str, text: str, lex: L.TokenStream, funcs: Container[str], tree_set: dict):
        self.name = name
        self.parse_name = parse_name
        self.text = text
        self.lex = lex
        self.funcs = funcs
        self.tree_set = tree_set
        self.token: list[L.Item] = [None, None, None]  # type: ignore[list-item]
        self.peek_count = 0
        self.vars: list[str] = ["$"]
        self.action_line = 0
        self.range_depth = 0
        self.root: N.ListNode | None = None
        self.newlines: list[int] = []

    def ln(self, tok: L.Item) -> int:
        """1-based line of a token."""
        return L.item_line(tok, self.newlines)

    # -- token buffer (exactly Go's three-token look-ahead) -------------------
    def next(self) -> L.Item:
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.token[0] = self.lex.next_item()
        return self.token[self.peek_count]

    def backup(self) -> None:
        self.peek_count += 1

    def backup2(self, t1: L.Item) -> None:
        self.token[1] = t1
        self.peek_count = 2

    def backup3(self, t2: L.Item, t1: L.Item) -> None:
        self.token[1] = t1
        self.token[2] = t2
        self.peek_count = 3

    def peek(self) -> L.Item:
        if self.peek_count > 0:
            return self.token[self.peek_count - 1]
        self.peek_count = 1
        self.token[0] = self.lex.next_item()
        return self.token[0]

    def next_non_space(self) -> L.Item:
        pc = self.peek_count
        token = self.token
        while pc > 0:
            pc -= 1
            tok = token[pc]
            if tok.typ is not _SPACE:
                self.peek_count = pc
                return tok
        self.peek_count = 0
        lex = self.lex
        items = lex.items
        i = lex.i
        n = len(items)
        while True:
            if i < n:
                tok = items[i]
                i += 1
            else:
                tok = items[-1]
            if tok.typ is not _SPACE:
                break
        lex.i = i
        token[0] = tok
        return tok

    def peek_non_space(self) -> L.Item:
        # next_non_space() followed by backup(), inlined (the parser's most frequent call)
        pc = self.peek_count
        token = self.token
        while pc > 0:
            pc -= 1
            tok = token[pc]
            if tok.typ is not _SPACE:
                self.peek_count = pc + 1
                return tok
        lex = self.lex
        items = lex.items
        i = lex.i
        n = len(items)
        while True:
            if i < n:
                tok = items[i]
                i += 1
            else:
                tok = items[-1]
            if tok.typ is not _SPACE:
                break
        lex.i = i
        token[0] = tok
        self.peek_count = 1
        return tok

    # -- errors ----------------------------------------------------------------
    def errorf(self, msg: str):
        raise _Abort(f"template: {self.parse_name}:{self.ln(self.token[0])}: {msg}")

    def unexpected(self, tok: L.Item, context: str):
        if tok.typ == ERROR:
            extra = ""
            if self.action_line != 0 and self.action_line != self.ln(tok):
                extra = f" in action started at {self.parse_name}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            self.errorf(f"{tok}{extra}")
        self.errorf(f"unexpected {tok} in {context}")

    def expect(self, typ: str, context: str) -> L.Item:
        tok = self.next_non_space()
        if tok.typ != typ:
            self.unexpected(tok, context)
        return tok

    # -- grammar -----------------------------------------------------------------
    def parse(self) -> None:
        self.root = N.ListNode(self.peek().pos)
        while self.peek().typ != EOF:
            if self.peek().typ == LEFT_DELIM:
                delim = self.next()
                if self.next_non_space().typ == DEFINE:
                    sub = self.child("definition")
                    sub.parse_definition()
                    continue
                self.backup2(delim)
            n = self.text_or_action()
            if isinstance(n, (N.EndNode, N.ElseNode)):
                self.errorf(f"unexpected {n}")
            elif n is not None:
                self.root.nodes.append(n)

    def child(self, name: str) -> _TreeParser:
        sub = _TreeParser(name, self.parse_name, self.text, self.lex, self.funcs, self.tree_set)
        sub.newlines = self.newlines
        return sub

    def add(self) -> None:
        tree = self.tree_set.get(self.name)
        if tree is None or N.is_empty_tree(tree.root):
            self.tree_set[self.name] = N.Tree(self.name, self.parse_name, self.text, self.root)
            return
        if not N.is_empty_tree(self.root):
            self.errorf(f"template: multiple definition of template {L.go_quote(self.name)}")

    def parse_definition(self) -> None:
        context = "define clause"
        tok = self.next_non_space()
        if tok.typ not in (STRING, RAW_STRING):
            self.unexpected(tok, context)
        try:
            self.name = go_unquote(tok.val)
        except ValueError as e:
            self.errorf(str(e))
        self.expect(RIGHT_DELIM, context)
        self.root, end = self.item_list()
        if not isinstance(end, N.EndNode):
            self.errorf(f"unexpected {end} in {context}")
        self.add()

    def item_list(self) -> tuple[N.ListNode, N.Node]:
        lst = N.ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != EOF:
            n = self.text_or_action()
            if isinstance(n, (N.EndNode, N.ElseNode)):
                return lst, n
            if n is not None:
                lst.nodes.append(n)
        self.errorf("unexpected EOF")
        raise AssertionError

    def text_or_action(self) -> N.Node | None:
        tok = self.next_non_space()
        if tok.typ == TEXT:
            return N.TextNode(tok.pos, tok.val)
        if tok.typ == LEFT_DELIM:
            self.action_line = self.ln(tok)
            try:
                return self.action()
            finally:
                self.action_line = 0
        if tok.typ == COMMENT:
            return None  # Helm parses without ParseComments: comments are dropped
        self.unexpected(tok, "input")
        return None

    def action(self) -> N.Node:
        tok = self.next_non_space()
        t = tok.typ
        if t == BLOCK:
            return self.block_control()
        if t == BREAK or t == CONTINUE:
            return self.loop_control(tok)
        if t == ELSE:
            return self.else_control()
        if t == END:
            return N.EndNode(self.expect(RIGHT_DELIM, "end").pos)
        if t == IF:
            return N.IfNode(*self.parse_control("if"), keyword="if")
        if t == RANGE:
            return N.RangeNode(*self.parse_control("range"), keyword="range")
        if t == TEMPLATE:
            return self.template_control()
        if t == WITH:
            return N.WithNode(*self.parse_control("with"), keyword="with")
        self.backup()
        tok = self.peek()
        return N.ActionNode(tok.pos, self.ln(tok), self.pipeline("command", RIGHT_DELIM))

    def loop_control(self, tok: L.Item) -> N.Node:
        word = "break" if tok.typ == BREAK else "continue"
        nxt = self.next_non_space()
        if nxt.typ != RIGHT_DELIM:
            self.unexpected(nxt, "{{" + word + "}}")
        if self.range_depth == 0:
            self.errorf("{{" + word + "}} outside {{range}}")
        if word == "break":
            return N.BreakNode(tok.pos, self.ln(tok))
        return N.ContinueNode(tok.pos, self.ln(tok))

    def parse_control(self, context: str):
        nvars = len(self.vars)
        try:
            pipe = self.pipeline(context, RIGHT_DELIM)
            if context == "range":
                self.range_depth += 1
            lst, nxt = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_list = None
            if isinstance(nxt, N.ElseNode):
                if context == "if" and self.peek().typ == IF:
                    self.next()
                    else_list = N.ListNode(nxt.pos)
                    else_list.nodes.append(N.IfNode(*self.parse_control("if"), keyword="if"))
                elif context == "with" and self.peek().typ == WITH:
                    self.next()
                    else_list = N.ListNode(nxt.pos)
                    else_list.nodes.append(N.WithNode(*self.parse_control("with"), keyword="with"))
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, N.EndNode):
                        self.errorf(f"expected end; found {nxt}")
            return pipe.pos, pipe.line, pipe, lst, else_list
        finally:
            del self.vars[nvars:]

    def else_control(self) -> N.Node:
        pk = self.peek_non_space()
        if pk.typ in (IF, WITH):
            return N.ElseNode(pk.pos, self.ln(pk))
        tok = self.expect(RIGHT_DELIM, "else")
        return N.ElseNode(tok.pos, self.ln(tok))

    def template_name(self, tok: L.Item, context: str) -> str:
        if tok.typ in (STRING, RAW_STRING):
            try:
                return go_unquote(tok.val)
            except ValueError as e:
                self.errorf(str(e))
        self.unexpected(tok, context)
        raise AssertionError

    def block_control(self) -> N.Node:
        context = "block clause"
        tok = self.next_non_space()
        name = self.template_name(tok, context)
        pipe = self.pipeline(context, RIGHT_DELIM)
        sub = self.child(name)
        sub.root, end = sub.item_list()
        if not isinstance(end, N.EndNode):
            self.errorf(f"unexpected {end} in {context}")
        sub.add()
        return N.TemplateNode(tok.pos, self.ln(tok), name, pipe)

    def template_control(self) -> N.Node:
        context = "template clause"
        tok = self.next_non_space()
        name = self.template_name(tok, context)
        pipe = None
        if self.next_non_space().typ != RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, RIGHT_DELIM)
        return N.TemplateNode(tok.pos, self.ln(tok), name, pipe)

    def pipeline(self, context: str, end: str) -> N.PipeNode:
        tok = self.peek_non_space()
        pipe = N.PipeNode(tok.pos, self.ln(tok))
        self._decls(pipe, context)
        while True:
            tok = self.next_non_space()
            if tok.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if tok.typ in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(tok, context)

    def _decls(self, pipe: N.PipeNode, context: str) -> None:
        while True:
            v = self.peek_non_space()
            if v.typ != VARIABLE:
                return
            self.next()
            after = self.peek()
            nxt = self.peek_non_space()
            if nxt.typ in (ASSIGN, DECLARE):
                pipe.is_assign = nxt.typ == ASSIGN
                self.next_non_space()
                pipe.decl.append(N.VariableNode(v.pos, [v.val]))
                self.vars.append(v.val)
                return
            if nxt.typ == CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(N.VariableNode(v.pos, [v.val]))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (VARIABLE, RIGHT_DELIM, RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            if after.typ == SPACE:
                self.backup3(v, after)
            else:
                self.backup2(v)
            return

    def check_pipeline(self, pipe: N.PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if isinstance(c.args[0], (N.BoolNode, N.DotNode, N.NilNode, N.NumberNode, N.StringNode)):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> N.CommandNode:
        cmd = N.CommandNode(self.peek_non_space().pos)
        while True:
            # Go peeks past spaces here; term() skips them the same way
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.typ == SPACE:
                continue
            if tok.typ in (RIGHT_DELIM, RIGHT_PAREN):
                self.backup()
            elif tok.typ != PIPE:
                self.unexpected(tok, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self) -> N.Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == FIELD:
            pos = self.peek().pos
            fields = []
            while self.peek().typ == FIELD:
                fields.append(self.next().val[1:])
            if isinstance(node, N.FieldNode):
                return N.FieldNode(pos, node.ident + fields)
            if isinstance(node, N.VariableNode):
                return N.VariableNode(pos, node.ident + fields)
            if isinstance(node, (N.BoolNode, N.StringNode, N.NumberNode, N.NilNode, N.DotNode)):
                self.errorf(f"unexpected . after term {L.go_quote(str(node))}")
            return N.ChainNode(pos, node, fields)
        return node

    def term(self) -> N.Node | None:
        tok = self.next_non_space()
        t = tok.typ
        if t == IDENTIFIER:
            if tok.val not in self.funcs:
                self.errorf(f"function {L.go_quote(tok.val)} not defined")
            return N.IdentifierNode(tok.pos, tok.val)
        if t == DOT:
            return N.DotNode(tok.pos)
        if t == NIL:
            return N.NilNode(tok.pos)
        if t == VARIABLE:
            return self.use_var(tok)
        if t == FIELD:
            return N.FieldNode(tok.pos, [tok.val[1:]])
        if t == BOOL:
            return N.BoolNode(tok.pos, tok.val == "true")
        if t in (CHAR_CONSTANT, COMPLEX, NUMBER):
            try:
                return N.NumberNode(tok.pos, tok.val, _number_value(tok.val, t))
            except ValueError as e:
                self.errorf(str(e))
        if t == LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", RIGHT_PAREN)
        if t in (STRING, RAW_STRING):
            try:
                return N.StringNode(tok.pos, tok.val, go_unquote(tok.val))
            except ValueError as e:
                self.errorf(str(e))
        self.backup()
        return None

    def use_var(self, tok: L.Item) -> N.VariableNode:
        name = tok.val.split(".")[0]
        if name not in self.vars:
            self.errorf(f"undefined variable {L.go_quote(name)}")
        return N.VariableNode(tok.pos, [name])


_OPERAND_START = frozenset(
    {
        BOOL,
        CHAR_CONSTANT,
        COMPLEX,
        DOT,
        FIELD,
        IDENTIFIER,
        NUMBER,
        NIL,
        RAW_STRING,
        STRING,
        VARIABLE,
        LEFT_PAREN,
    }
)


def parse(name: str, text: str, funcs: Container[str], *, on_tree: Callable | None = None) -> dict[str, N.Tree]:
    """Parse ``text`` as template ``name``: ``{template name: Tree}``.

    The result holds the top-level tree under ``name`` and each ``define``/``block``;
    ``funcs`` is the set of known function names (Go checks calls at parse time).
    Raises :class:`ParseError` (``template: NAME:LINE: MSG``) on error.  Follows Go's
    ``(*Tree).Parse`` with Helm's settings (no comments kept, function check on).
    """
    return parse_file(name, text, funcs)[0]


def parse_file(name: str, text: str, funcs: Container[str]) -> tuple[dict[str, N.Tree], bool]:
    """:func:`parse`, also telling whether the tree under ``name`` is the file's own tree.

    It is not when the file is empty of content and a ``define`` of the same name took
    its place.
    """
    newlines = L._newline_index(text)
    items = L.tokenize(text, break_ok="break" not in funcs, continue_ok="continue" not in funcs, newlines=newlines)
    tree_set: dict[str, N.Tree] = {}
    p = _TreeParser(name, name, text, L.TokenStream(items), funcs, tree_set)
    p.newlines = newlines
    try:
        p.parse()
        p.add()
    except _Abort as e:
        raise ParseError(str(e)) from None
    top = tree_set.get(name)
    return tree_set, top is not None and top.root is p.root
