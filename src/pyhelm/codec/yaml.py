"""YAML exactly as Helm reads and writes it.

Reading follows ``sigs.k8s.io/yaml.Unmarshal`` into ``interface{}``: the first YAML
document is decoded by go-yaml v2 (YAML 1.1 resolution: ``yes/no/on/off/y/n`` are
booleans, ``0x1F``/``017``/``0b101`` integers, timestamps stay strings), converted to
JSON (map keys become strings; NaN/Inf rejected), and decoded again by
``encoding/json`` (every number a float64). Events come from libyaml (PyYAML's C
parser); the node building and tag resolution are go-yaml v2's.

Where libyaml 0.2 and go-yaml's older port disagree (``?`` and ``:`` inside flow plain
scalars, the ``\\'`` / ``\\/`` escapes, nesting limits, reader errors) the go-yaml
behaviour is reproduced around the libyaml parse.

Writing: :func:`dump` follows ``sigs.k8s.io/yaml.Marshal`` (``toYaml``): Go value →
``encoding/json`` → go-yaml v2 reads that JSON back → go-yaml v2's emitter, byte for byte
(quoting, block scalars, folding at 80 columns, natural key order). :func:`dump_pretty`
follows go-yaml v3's encoder (``toYamlPretty``). The emitter below is a port of the
libyaml/go-yaml emitter's block-style paths.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import functools
import math
import re
import struct
import sys
from collections.abc import Callable
from typing import Any

import yaml as _pyyaml

from . import json as gojson

__all__ = [
    "YAMLError",
    "load",
    "load_map",
    "load_list",
    "load_metadata_dict",
    "load_go",
    "resolve_plain",
    "dump",
    "dump_pretty",
]

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
BINARY_TAG = "tag:yaml.org,2002:binary"
MERGE_TAG = "tag:yaml.org,2002:merge"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
_LONG_PREFIX = "tag:yaml.org,2002:"

_NAN = float("nan")
_INF = float("inf")


class YAMLError(ValueError):
    """A YAML text was rejected; ``str(err)`` is the message Helm shows.

    For :func:`load` the message is sigs.k8s.io/yaml's, e.g.
    ``error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context``.
    ``line`` is the 1-based line Go reports (None when Go reports none); ``cause`` is the
    bare go-yaml message (``yaml: line 3: ...``).
    """

    def __init__(self, message: str, *, line: int | None = None, cause: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.cause = cause or message


class _GoYAMLFail(Exception):
    """go-yaml's internal ``failf`` panic: message without the ``yaml: `` prefix."""

    def __init__(self, message: str, line: int | None = None, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.index = index


# ---------------------------------------------------------------------------
# go-yaml v2 tag resolution
# ---------------------------------------------------------------------------

_RESOLVE_MAP: dict[str, tuple[str, Any]] = {}
for _tag, _val, _words in (
    (BOOL_TAG, True, "y Y yes Yes YES true True TRUE on On ON"),
    (BOOL_TAG, False, "n N no No NO false False FALSE off Off OFF"),
    (NULL_TAG, None, "~ null Null NULL"),
    (FLOAT_TAG, _NAN, ".nan .NaN .NAN"),
    (FLOAT_TAG, _INF, ".inf .Inf .INF +.inf +.Inf +.INF"),
    (FLOAT_TAG, -_INF, "-.inf -.Inf -.INF"),
    (MERGE_TAG, "<<", "<<"),
):
    for _w in _words.split():
        _RESOLVE_MAP[_w] = (_tag, _val)
_RESOLVE_MAP[""] = (NULL_TAG, None)

_HINT: dict[str, str] = {c: "D" for c in "0123456789"}
_HINT.update({"+": "S", "-": "S", ".": "."})
_HINT.update({c: "M" for c in "yYnNtTfFoO~"})

_YAML_STYLE_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.?[0-9]*)([eE][-+]?[0-9]+)?$")
_BASE60_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_INT_BODY = {
    "0x": (16, "0123456789abcdefABCDEF"),
    "0o": (8, "01234567"),
    "0b": (2, "01"),
}

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_UINT64_MAX = (1 << 64) - 1


def _go_parse_int(text: str) -> int | None:
    """``strconv.ParseInt(text, 0, 64)`` then ``ParseUint``: the integer, or None."""
    sign = 1
    body = text
    if body[:1] in "+-":
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body:
        return None
    prefix = body[:2].lower()
    if prefix in _INT_BODY:
        base, digits = _INT_BODY[prefix]
        rest = body[2:]
        if not rest or any(c not in digits for c in rest):
            return None
        value = int(rest, base)
    elif body[0] == "0" and len(body) > 1:
        if any(c not in "01234567" for c in body[1:]):
            return None
        value = int(body[1:], 8)
    else:
        if not body.isascii() or not body.isdigit():
            return None
        value = int(body)
    value *= sign
    if _INT64_MIN <= value <= _INT64_MAX:
        return value
    if text[:1] != "-" and text[:1] != "+" and 0 <= value <= _UINT64_MAX:
        return value
    return None


def _go_parse_float(text: str) -> float | None:
    """``strconv.ParseFloat(text, 64)`` for decimal text: the float, or None (syntax/range error)."""
    if not _GO_FLOAT.match(text):
        return None
    value = float(text)
    if math.isinf(value):
        return None
    return value


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TS_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TS_ZONE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?(Z|[+-]\d\d:\d\d)$"
)
_TS_SPACE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?$")


def is_timestamp(text: str) -> bool:
    """go-yaml v2 ``parseTimestamp``: does ``text`` parse with one of its four layouts?"""
    if len(text) < 5 or not text[:4].isdigit() or text[4] != "-":
        return False
    for pattern in (_TS_ZONE, _TS_SPACE, _TS_DATE):
        match = pattern.match(text)
        if match and _valid_date_time(match.groups()):
            return True
    return False


def _valid_date_time(groups: tuple[str | None, ...]) -> bool:
    year, month, day = int(groups[0] or 0), int(groups[1] or 0), int(groups[2] or 0)
    if not 1 <= month <= 12:
        return False
    limit = 29 if month == 2 and calendar.isleap(year) else _DAYS[month - 1]
    if not 1 <= day <= limit:
        return False
    if len(groups) > 3:
        hour, minute, second = int(groups[3] or 0), int(groups[4] or 0), int(groups[5] or 0)
        if hour >= 24 or minute >= 60 or second >= 60:
            return False
    return True


def resolve_plain(text: str) -> tuple[str, Any]:
    """go-yaml v2 ``resolve("", text)``: the tag and value of an untagged plain scalar.

    Returns ``(tag, value)``: value is None/bool/int/float/str (timestamps keep
    their text, tag ``TIMESTAMP_TAG``).
    """
    return _resolve("", text)


def _resolve(tag: str, text: str) -> tuple[str, Any]:
    rtag, value = _resolve_untyped(tag, text)
    if tag in ("", rtag, STR_TAG, BINARY_TAG):
        return rtag, value
    if tag == FLOAT_TAG and rtag == INT_TAG:
        return FLOAT_TAG, float(value)
    raise _GoYAMLFail(f"cannot decode {_short_tag(rtag)} `{text}` as a {_short_tag(tag)}")


def _resolve_untyped(tag: str, text: str) -> tuple[str, Any]:
    if tag not in ("", STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG, NULL_TAG):
        return tag, text
    hint = _HINT.get(text[0]) if text else "N"
    if hint and tag not in (STR_TAG, BINARY_TAG):
        known = _RESOLVE_MAP.get(text)
        if known is not None:
            return known
        if hint == ".":
            number = _go_parse_dot_float(text)
            if number is not None:
                return FLOAT_TAG, number
        elif hint in "DS":
            return _resolve_number(tag, text)
    return STR_TAG, text


def _go_parse_dot_float(text: str) -> float | None:
    """``strconv.ParseFloat`` of a decimal literal; underscores only between digits (Go syntax)."""
    if "_" in text and not _underscores_ok(text):
        return None
    return _go_parse_float(text.replace("_", ""))


def _underscores_ok(text: str) -> bool:
    """Go's ``underscoreOK`` for a decimal literal: each ``_`` sits between two digits."""
    saw = "^"
    for ch in text.lstrip("+-"):
        if "0" <= ch <= "9":
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _resolve_number(tag: str, text: str) -> tuple[str, Any]:
    if tag in ("", TIMESTAMP_TAG) and is_timestamp(text):
        return TIMESTAMP_TAG, text
    plain = text.replace("_", "")
    if plain:
        number = _go_parse_int(plain)
        if number is not None:
            return INT_TAG, number
        if _YAML_STYLE_FLOAT.match(plain):
            real = _go_parse_float(plain)
            if real is not None:
                return FLOAT_TAG, real
        for prefix, sign in (("0b", 1), ("-0b", -1)):
            if plain.startswith(prefix):
                digits = plain[len(prefix) :]
                if digits and all(c in "01" for c in digits):
                    value = sign * int(digits, 2)
                    if _INT64_MIN <= value <= _UINT64_MAX:
                        return INT_TAG, value
                break
    return STR_TAG, text


def is_base60_float(text: str) -> bool:
    """go-yaml v2 ``isBase60Float`` (YAML 1.1 sexagesimal numbers such as ``1:20``)."""
    if not text or not (text[0] in "+-" or "0" <= text[0] <= "9") or ":" not in text:
        return False
    return bool(_BASE60_FLOAT.match(text))


def _short_tag(tag: str) -> str:
    if tag.startswith(_LONG_PREFIX):
        return "!!" + tag[len(_LONG_PREFIX) :]
    return tag


# ---------------------------------------------------------------------------
# Nodes (go-yaml v2's parser.node) built from libyaml events
# ---------------------------------------------------------------------------

_SCALAR, _SEQ, _MAP, _ALIAS = 1, 2, 3, 4


class _Node:
    __slots__ = ("kind", "tag", "value", "implicit", "children", "alias", "anchor", "line")

    def __init__(self, kind: int, tag: str, value: str, implicit: bool, anchor: str | None, line: int) -> None:
        self.kind = kind
        self.tag = tag
        self.value = value
        self.implicit = implicit
        self.children: list[_Node] = []
        self.alias: _Node | None = None
        self.anchor = anchor
        self.line = line


class _EventLoader(_pyyaml.CSafeLoader):
    """libyaml's event stream (only events are read; go-yaml's rules resolve tags)."""


def _go_scanner_divergence(text: str) -> tuple[int, _GoYAMLFail] | None:
    """The first place go-yaml v2's scanner rejects text that newer libyaml accepts.

    - go-yaml (like libyaml 0.1) ends a plain scalar at ``?`` inside ``[...]``/``{...}``
      and reads the ``?`` as a KEY token, which the parser then rejects
      (``did not find expected ',' or ']'``); newer libyaml keeps ``a?b`` as one scalar.
    - go-yaml knows no ``\\/`` escape in double-quoted scalars.

    Returns ``(char index, error)`` for the first one in the first document, or None.
    """
    loader = _pyyaml.CSafeLoader(text)
    stack: list[str] = []
    seen_content = False
    try:
        while True:
            token = loader.get_token()
            if token is None or isinstance(token, _pyyaml.StreamEndToken):
                return None
            if isinstance(token, (_pyyaml.DocumentStartToken, _pyyaml.DocumentEndToken)) and seen_content:
                return None
            seen_content = seen_content or not isinstance(token, _pyyaml.StreamStartToken)
            if isinstance(token, _pyyaml.FlowSequenceStartToken):
                stack.append("]")
            elif isinstance(token, _pyyaml.FlowMappingStartToken):
                stack.append("}")
            elif isinstance(token, (_pyyaml.FlowSequenceEndToken, _pyyaml.FlowMappingEndToken)):
                if stack:
                    stack.pop()
            elif stack and isinstance(token, _pyyaml.ScalarToken) and token.plain:
                start, end = token.start_mark.index, token.end_mark.index
                cut = text.find("?", start + 1, end)
                if cut != -1:
                    line = text.count("\n", 0, cut)
                    message = f"did not find expected ',' or '{stack[-1]}'"
                    return cut, _GoYAMLFail(f"line {line}: {message}" if line else message, line or None)
            elif isinstance(token, _pyyaml.ScalarToken) and token.style == '"':
                slash = _slash_escape(text, token.start_mark.index, token.end_mark.index)
                if slash != -1:
                    line = text.count("\n", 0, slash) + 1
                    message = "found unknown escape character"
                    return slash, _GoYAMLFail(f"line {line}: {message}" if line > 1 else message, line)
    except _pyyaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _slash_escape(text: str, start: int, end: int) -> int:
    """Index of a ``\\/`` escape in the double-quoted scalar ``text[start:end]``, or -1."""
    i = text.find("\\", start, end)
    while i != -1:
        if text[i + 1 : i + 2] == "/":
            return i
        i = text.find("\\", i + 2, end)
    return -1


def _parse_first_document(text: str) -> _Node | None:
    holder = [text]
    failure: _GoYAMLFail | None = None
    try:
        root, root_end = _parse_events(holder)
    except _GoYAMLFail as err:
        failure = err
        root, root_end = None, len(holder[0])
    text = holder[0]  # with go-yaml's extra \' escapes respelled
    diverge = None
    if ("?" in text and ("[" in text or "{" in text)) or "\\/" in text:
        diverge = _go_scanner_divergence(text)
    if failure is not None and (diverge is None or failure.index is None or failure.index < diverge[0]):
        raise failure
    if diverge is not None and diverge[0] < root_end:
        raise diverge[1]
    return root


def _parse_events(holder: list[str]) -> tuple[_Node | None, int]:
    """The first document's root node and the character index where that node ends.

    ``holder[0]`` is the text; it is updated when go-yaml-only escapes are respelled.
    """
    text = holder[0]
    for _ in range(100):
        holder[0] = text
        try:
            return _parse_events_once(text)
        except _pyyaml.MarkedYAMLError as err:
            mark = err.problem_mark
            if err.problem == "found unknown escape character" and mark is not None:
                if text[mark.index : mark.index + 2] == "\\'":
                    # go-yaml accepts \' in double-quoted scalars: same character, spelled \x27
                    text = text[: mark.index] + "\\x27" + text[mark.index + 2 :]
                    continue
            respelled = _respell_flow_colon(text, err)
            if respelled is not None:
                text = respelled
                continue
            raise _convert_marked_error(err) from None
    raise _GoYAMLFail("too many escapes")


def _respell_flow_colon(text: str, err: Any) -> str | None:
    """go-yaml keeps a ``:`` followed by a flow indicator inside a flow plain scalar.

    ``[a:]`` is the scalar ``a:`` for go-yaml; newer libyaml reports ``found unexpected
    ':'``. Such a scalar (``a:`` resolves to a string anyway) is respelled single-quoted.
    Returns the new text, or None when the error is not that case.
    """
    mark, context = err.problem_mark, err.context_mark
    if err.problem != "found unexpected ':'" or mark is None or context is None:
        return None
    start, colon = context.index, mark.index
    if text[colon : colon + 1] != ":" or text[colon + 1 : colon + 2] not in tuple(",[]{}"):
        return None
    segment = text[start : colon + 1]
    if not segment or "\n" in segment or segment[0] in "'\"":
        return None
    return text[:start] + "'" + segment.replace("'", "''") + "'" + text[colon + 1 :]


def _parse_events_once(text: str) -> tuple[_Node | None, int]:
    loader = _EventLoader(text)
    try:
        builder = _Builder(loader)
        root = builder.document()
        return root, builder.root_end
    except _pyyaml.MarkedYAMLError:
        raise
    except _pyyaml.reader.ReaderError as err:
        if "control characters" in str(err):
            raise _GoYAMLFail("control characters are not allowed") from None
        raise _GoYAMLFail(str(err.reason)) from None
    except _pyyaml.YAMLError as err:
        raise _GoYAMLFail(str(err)) from None
    finally:
        loader.dispose()


_UTF8_REASONS = {
    "invalid start byte": "invalid leading UTF-8 octet",
    "invalid continuation byte": "invalid trailing UTF-8 octet",
    "unexpected end of data": "invalid trailing UTF-8 octet",  # what Helm reports for a cut-off file
}


def _decode_input(data: bytes) -> str:
    """go-yaml's reader: UTF-16 with a BOM, else UTF-8 (a BOM is skipped); bad bytes fail."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if len(data) % 2 or data.startswith(b"\xff\xfe"):
            # go-yaml v2 rejects every UTF-16LE input this way
            raise _GoYAMLFail("incomplete UTF-16 character")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _GoYAMLFail("incomplete UTF-16 surrogate pair") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _GoYAMLFail(_UTF8_REASONS.get(err.reason, "invalid leading UTF-8 octet")) from None


def _convert_marked_error(err: Any) -> _GoYAMLFail:
    """go-yaml's ``parser.fail``: problem line (+1 for scanner errors), else context line."""
    problem = getattr(err, "problem", None) or "unknown problem parsing YAML content"
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    line = 0
    if problem_mark is not None and problem_mark.line != 0:
        line = problem_mark.line
        if isinstance(err, _pyyaml.scanner.ScannerError):
            line += 1
    elif context_mark is not None and context_mark.line != 0:
        line = context_mark.line
    index = problem_mark.index if problem_mark is not None else None
    if line:
        return _GoYAMLFail(f"line {line}: {problem}", line, index)
    return _GoYAMLFail(problem, None, index)


_MAX_DEPTH = 10000  # go-yaml's max_flow_level and max_indents; also encoding/json's nesting limit


class _Builder:
    """go-yaml v2 ``parser``: builds the node tree of the first document."""

    def __init__(self, loader: _EventLoader) -> None:
        self.loader = loader
        self.anchors: dict[str, _Node] = {}
        self.root_end = 0
        self.flow_depth = 0
        self.block_columns: list[int] = []

    def document(self) -> _Node | None:
        get = self.loader.get_event
        get()  # stream start
        event = get()
        if isinstance(event, _pyyaml.StreamEndEvent):
            return None
        if event.version is not None and event.version != (1, 1):
            line = event.start_mark.line
            message = "found incompatible YAML document"
            raise _GoYAMLFail(f"line {line}: {message}" if line else message, line or None)
        node = self.node(get())
        self.root_end = self.last_end
        get()  # document end
        return node

    last_end = 0

    def node(self, event: Any) -> _Node:
        self.last_end = event.end_mark.index
        line = event.start_mark.line
        if isinstance(event, _pyyaml.ScalarEvent):
            tag = event.tag or ""
            if tag == "!":
                tag = ""
            node = _Node(_SCALAR, tag, event.value, bool(event.implicit[0]), event.anchor, line)
            self.set_anchor(node)
            return node
        if isinstance(event, _pyyaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is None:
                raise _GoYAMLFail(f"unknown anchor '{event.anchor}' referenced")
            node = _Node(_ALIAS, "", event.anchor, False, None, line)
            node.alias = target
            return node
        if isinstance(event, _pyyaml.SequenceStartEvent):
            node = _Node(_SEQ, event.tag or "", "", bool(event.implicit), event.anchor, line)
            end = _pyyaml.SequenceEndEvent
        elif isinstance(event, _pyyaml.MappingStartEvent):
            node = _Node(_MAP, event.tag or "", "", bool(event.implicit), event.anchor, line)
            end = _pyyaml.MappingEndEvent
        else:  # pragma: no cover - libyaml guarantees node events here
            raise _GoYAMLFail(f"unexpected event {type(event).__name__}")
        self.set_anchor(node)
        pushed = self.enter(event)
        get = self.loader.get_event
        children = node.children
        while True:
            child = get()
            if isinstance(child, end):
                self.last_end = child.end_mark.index
                self.leave(pushed)
                return node
            children.append(self.node(child))

    def enter(self, event: Any) -> str:
        """Count nesting as go-yaml's scanner does (indent stack, flow level; 10000 each)."""
        mark = event.start_mark
        if event.flow_style:
            self.flow_depth += 1
            if self.flow_depth > _MAX_DEPTH:
                line = mark.line + 1
                raise _GoYAMLFail(f"line {line}: exceeded max depth of {_MAX_DEPTH}" if mark.line else
                                  f"exceeded max depth of {_MAX_DEPTH}", line)
            return "flow"
        if self.block_columns and mark.column <= self.block_columns[-1]:
            return ""  # an indentless sequence under a key opens no indentation level
        self.block_columns.append(mark.column)
        if len(self.block_columns) > _MAX_DEPTH:
            line = mark.line + 1
            raise _GoYAMLFail(f"line {line}: exceeded max depth of {_MAX_DEPTH}", line)
        return "block"

    def leave(self, pushed: str) -> None:
        if pushed == "flow":
            self.flow_depth -= 1
        elif pushed == "block":
            self.block_columns.pop()

    def set_anchor(self, node: _Node) -> None:
        if node.anchor is not None:
            self.anchors[node.anchor] = node


# ---------------------------------------------------------------------------
# go-yaml v2 decoding into interface{}, then sigs.k8s.io/yaml's JSON conversion
# ---------------------------------------------------------------------------


class _GoMap(dict):
    """map[interface{}]interface{} as go-yaml builds it.

    Keys are ``(python_type_name, key)`` pairs so that Go-distinct keys such as
    ``1``, ``1.0`` and ``true`` stay distinct.
    """

    def go_items(self) -> list[tuple[Any, Any]]:
        return [(key[1], value) for key, value in self.items()]


class _Decoder:
    def __init__(self) -> None:
        self.active: set[int] = set()

    def decode(self, node: _Node) -> Any:
        kind = node.kind
        if kind == _SCALAR:
            return self.scalar(node)
        if kind == _MAP:
            out = _GoMap()
            self.mapping(node, out)
            return out
        if kind == _SEQ:
            return [self.decode(child) for child in node.children]
        return self.alias(node)

    def alias(self, node: _Node) -> Any:
        target = node.alias
        assert target is not None
        if id(target) in self.active:
            raise _GoYAMLFail(f"anchor '{node.value}' value contains itself")
        self.active.add(id(target))
        try:
            return self.decode(target)
        finally:
            self.active.discard(id(target))

    def scalar(self, node: _Node) -> Any:
        if node.tag == "" and not node.implicit:
            return node.value
        tag, value = _resolve(node.tag, node.value)
        if tag == BINARY_TAG:
            return _decode_binary(value)
        if tag == TIMESTAMP_TAG:
            return node.value
        return value

    def mapping(self, node: _Node, out: _GoMap) -> None:
        children = node.children
        for i in range(0, len(children) - 1, 2):
            key_node, value_node = children[i], children[i + 1]
            if _is_merge(key_node):
                self.merge(value_node, out)
                continue
            key = self.decode(key_node)
            if isinstance(key, (list, _GoMap)):
                raise _GoYAMLFail(f"invalid map key: {_go_sharp_v(key)}")
            # Go map keys compare by type and value (1, 1.0 and true are distinct keys)
            out[(type(key).__name__, key)] = self.decode(value_node)

    def merge(self, node: _Node, out: _GoMap) -> None:
        if node.kind == _MAP:
            self.mapping(node, out)
        elif node.kind == _ALIAS:
            if node.alias is not None and node.alias.kind != _MAP:
                raise _GoYAMLFail("map merge requires map or sequence of maps as the value")
            self.merge_alias(node, out)
        elif node.kind == _SEQ:
            for child in reversed(node.children):
                if child.kind == _ALIAS:
                    if child.alias is not None and child.alias.kind != _MAP:
                        raise _GoYAMLFail("map merge requires map or sequence of maps as the value")
                    self.merge_alias(child, out)
                elif child.kind != _MAP:
                    raise _GoYAMLFail("map merge requires map or sequence of maps as the value")
                else:
                    self.mapping(child, out)
        else:
            raise _GoYAMLFail("map merge requires map or sequence of maps as the value")

    def merge_alias(self, node: _Node, out: _GoMap) -> None:
        target = node.alias
        assert target is not None
        if id(target) in self.active:
            raise _GoYAMLFail(f"anchor '{node.value}' value contains itself")
        self.active.add(id(target))
        try:
            self.mapping(target, out)
        finally:
            self.active.discard(id(target))


def _is_merge(node: _Node) -> bool:
    return node.kind == _SCALAR and node.value == "<<" and (node.implicit or node.tag == MERGE_TAG)


def _decode_binary(text: str) -> str:
    """!!binary: Go's base64.StdEncoding (newlines ignored) → bytes as a Go string."""
    cleaned = text.replace("\r", "").replace("\n", "")
    try:
        if len(cleaned) % 4:
            raise binascii.Error("padding")
        data = base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        raise _GoYAMLFail("!!binary value contains invalid base64 data") from None
    return data.decode("utf-8", "replace")


def _go_sharp_v(value: Any) -> str:
    """Go's ``%#v`` of a decoded YAML value (for go-yaml / sigs.k8s.io error messages)."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float_g(value, 64)
    if isinstance(value, str):
        return gojson.marshal_string(value, escape_html=False)
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_sharp_v(v) for v in value) + "}"
    if isinstance(value, _GoMap):
        pairs = sorted(value.go_items(), key=lambda kv: _fmtsort_key(kv[0]))
        items = ", ".join(f"{_go_sharp_v(k)}:{_go_sharp_v(v)}" for k, v in pairs)
        return "map[interface {}]interface {}{" + items + "}"
    return repr(value)


# fmt sorts interface{} map keys by concrete type, then value (nil first, NaN lowest);
# the type order is the one Helm's binary shows.
_FMTSORT_TYPE_RANK = {str: 1, float: 2, int: 3, bool: 4}


def _fmtsort_key(key: Any) -> tuple[Any, ...]:
    if key is None:
        return (0,)
    rank = _FMTSORT_TYPE_RANK.get(type(key), 5)
    if isinstance(key, float):
        return (rank, 0 if math.isnan(key) else 1, 0.0 if math.isnan(key) else key)
    if isinstance(key, str):
        return (rank, key.encode("utf-8", "surrogatepass"))
    return (rank, key)


def _go_plus_sharp_v(value: Any) -> str:
    """Go's ``%+#v`` for interface values inside error messages (top-level nil is ``<nil>``)."""
    if value is None:
        return "<nil>"
    return _go_sharp_v(value)


def _go_float_g(value: float, bits: int, eprec: int = 6) -> str:
    """``strconv.FormatFloat(value, 'g', -1, bits)`` (``eprec=21`` gives fmt's ``%v``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if bits == 32:
        digits, point = _shortest_float32(value)
    else:
        digits, point = gojson._shortest_digits(value)
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    exp = point - 1
    if exp < -4 or exp >= eprec:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _shortest_float32(value: float) -> tuple[str, int]:
    """Shortest decimal digits that round-trip ``value`` as a float32."""
    try:
        f32 = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        f32 = math.copysign(_INF, value)
    if math.isinf(f32):
        return "inf", 0
    for precision in range(1, 10):
        text = f"{abs(f32):.{precision}e}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == abs(f32):
            break
    mantissa, _, exp_text = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    return digits, int(exp_text) + 1


def _float_key_string(value: float) -> str:
    """sigs.k8s.io/yaml: a float map key becomes ``FormatFloat(k, 'g', -1, 32)``."""
    try:
        f32 = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        f32 = math.copysign(_INF, value)
    if math.isnan(f32):
        return ".nan"
    if math.isinf(f32):
        return ".inf" if f32 > 0 else "-.inf"
    if f32 == 0:
        return "-0" if math.copysign(1.0, f32) < 0 else "0"
    digits, point = _shortest_float32(f32)
    sign = "-" if f32 < 0 else ""
    exp = point - 1
    if exp < -4 or exp >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


class _JSONConverter:
    """sigs.k8s.io/yaml ``convertToJSONableObject`` + the JSON round trip into interface{}."""

    def __init__(self) -> None:
        self.unsupported: str | None = None
        self.max_depth = 0

    def convert(self, value: Any, depth: int = 1) -> Any:
        if isinstance(value, _GoMap):
            if depth > self.max_depth:
                self.max_depth = depth
            out: dict[str, Any] = {}
            for key, item in value.go_items():
                text = self.key_string(key, item)  # Go converts the key before the value
                out[text] = self.convert(item, depth + 1)
            return out
        if isinstance(value, list):
            if depth > self.max_depth:
                self.max_depth = depth
            return [self.convert(item, depth + 1) for item in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return float(value)
        if isinstance(value, float):
            if (math.isnan(value) or math.isinf(value)) and self.unsupported is None:
                self.unsupported = gojson._go_special(value)
            return value
        return value

    def key_string(self, key: Any, item: Any) -> str:
        if isinstance(key, str):
            return key
        if isinstance(key, bool):
            return "true" if key else "false"
        if isinstance(key, int):
            return str(key)
        if isinstance(key, float):
            return _float_key_string(key)
        raise _GoYAMLFail(
            "unsupported map key of type: %!s(<nil>), key: <nil>, value: " + _go_plus_sharp_v(item),
        )


def _json_too_deep(value: Any, depth: int = 1) -> str | None:
    """``[`` or ``{``: the first container encoding/json meets nested deeper than it allows."""
    if not isinstance(value, (dict, list)):
        return None
    if depth > _MAX_DEPTH:
        return "[" if isinstance(value, list) else "{"
    if isinstance(value, dict):
        items = [value[k] for k in sorted(value, key=lambda k: k.encode("utf-8", "surrogatepass"))]
    else:
        items = value
    for item in items:
        found = _json_too_deep(item, depth + 1)
        if found is not None:
            return found
    return None


def _first_unsupported(value: Any) -> str | None:
    """The NaN/Inf ``json.Marshal`` meets first (maps in sorted key order), as Go spells it."""
    if isinstance(value, float):
        return gojson._go_special(value) if (math.isnan(value) or math.isinf(value)) else None
    if isinstance(value, dict):
        items = [value[k] for k in sorted(value, key=lambda k: k.encode("utf-8", "surrogatepass"))]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        found = _first_unsupported(item)
        if found is not None:
            return found
    return None


def _ensure_recursion_limit(limit: int = 40000) -> None:
    """Deep documents (go-yaml allows 10000 levels) recurse in Python; raise the limit."""
    if sys.getrecursionlimit() < limit:
        sys.setrecursionlimit(limit)


# ---------------------------------------------------------------------------
# Fast path: PyYAML's C composer builds the node graph, go-yaml v2's rules resolve it
# ---------------------------------------------------------------------------
#
# Only documents the fast path is certain about are read this way: no tags, anchors,
# aliases, merge keys, directives or scanner divergences; string keys only; no NaN/Inf;
# nesting well below the limits.  Anything else (and every error) goes to the exact
# event-based reader above, which gives the same values for these documents.


class _Bail(Exception):
    """The fast path met something it is not certain about."""


class _ComposeLoader(_pyyaml.CSafeLoader):
    """libyaml composes; instead of resolving a tag, the implicit flags are kept as the tag."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return implicit


_SCALAR_NODE = _pyyaml.ScalarNode
_MAPPING_NODE = _pyyaml.MappingNode
_FAST_DEPTH_LIMIT = 9000  # below go-yaml's 10000 (and the C composer's recursion, which has no limit)


@functools.lru_cache(maxsize=65536)
def _plain_value(text: str) -> Any:
    """go-yaml v2's value of an untagged plain scalar (timestamps keep their text)."""
    return _resolve_untyped("", text)[1]


def _fast_compose(text: str) -> tuple[Any, bool]:
    """The first document's node graph (None: no document) and whether its flow collections
    still need the ``?`` audit; raises :class:`_Bail`."""
    if "\\/" in text or text.startswith("%") or "\n%" in text:
        raise _Bail  # go-yaml's unknown \\/ escape; directives
    if len(text) >= _FAST_DEPTH_LIMIT // 2:
        # each level needs a flow bracket, or a deeper column for every two block levels
        flow = text.count("[") + text.count("{")
        if flow + 2 * max(map(len, text.split("\n"))) + 2 >= _FAST_DEPTH_LIMIT:
            raise _Bail
    loader = _ComposeLoader(text)
    try:
        root = loader.get_node() if loader.check_node() else None
    except _pyyaml.YAMLError:
        raise _Bail from None
    finally:
        loader.dispose()
    if root is not None and "*" in text and "&" in text:  # an alias needs an anchor
        _fast_audit(root, True, False)
    return root, "?" in text and ("[" in text or "{" in text)


def _fast_audit(root: Any, aliases: bool, flow_question: bool) -> None:
    """Bail on a collection reached twice (an alias) or a ``?`` in a flow plain scalar.

    go-yaml's scanner ends a plain scalar at ``?`` inside ``[...]``/``{...}``, where
    libyaml keeps it (see :func:`_go_scanner_divergence`).
    """
    seen: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, in_flow = stack.pop()
        if type(node) is _SCALAR_NODE:
            if in_flow and node.style == "" and "?" in node.value:
                raise _Bail
            continue
        if aliases:
            if id(node) in seen:
                raise _Bail
            seen.add(id(node))
        flow = in_flow or bool(node.flow_style)
        if type(node) is _MAPPING_NODE:
            for key_node, value_node in node.value:
                stack.append((key_node, flow))
                stack.append((value_node, flow))
        else:
            stack.extend((child, flow) for child in node.value)


def _fast_go(node: Any, audit: bool) -> Any:
    """go-yaml v2 value of a composed node (maps as :class:`_GoMap`).

    ``audit``: flow collections must be checked for ``?`` (see :func:`_fast_audit`).
    """
    tag = node.tag
    if type(tag) is str:
        raise _Bail
    if type(node) is _SCALAR_NODE:
        return _plain_value(node.value) if tag[0] else node.value
    if audit and node.flow_style:
        _fast_audit(node, False, True)
        audit = False  # everything inside is checked
    if type(node) is _MAPPING_NODE:
        out = _GoMap()
        for key_node, value_node in node.value:
            key = _fast_key(key_node)
            out["str", key] = _fast_go(value_node, audit)
        return out
    return [_fast_go(child, audit) for child in node.value]


def _fast_json(node: Any, audit: bool) -> Any:
    """sigs.k8s.io/yaml value (numbers float64, string keys) of a composed node.

    ``audit``: flow collections must be checked for ``?`` (see :func:`_fast_audit`).
    """
    tag = node.tag
    if type(tag) is str:
        raise _Bail
    if type(node) is _SCALAR_NODE:
        if not tag[0]:
            return node.value
        value = _plain_value(node.value)
        if type(value) is int:
            return float(value)
        if type(value) is float and (value != value or value in (_INF, -_INF)):
            raise _Bail
        return value
    if audit and node.flow_style:
        _fast_audit(node, False, True)
        audit = False  # everything inside is checked
    if type(node) is _MAPPING_NODE:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            out[_fast_key(key_node)] = _fast_json(value_node, audit)
        return out
    return [_fast_json(child, audit) for child in node.value]


def _fast_key(node: Any) -> str:
    """A mapping key the fast path accepts: a scalar that resolves to a string, not ``<<``."""
    if type(node) is not _SCALAR_NODE or type(node.tag) is str:
        raise _Bail
    if not node.tag[0]:
        return node.value
    key = _plain_value(node.value)
    if type(key) is not str or key == "<<":
        raise _Bail
    return key


def _fast_load(data: str | bytes, convert: Callable[[Any, bool], Any]) -> tuple[bool, Any]:
    """``(True, value)`` from the fast path, or ``(False, None)`` when it bails."""
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return False, None
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return False, None
    try:
        node, audit = _fast_compose(data)
        return True, (None if node is None else convert(node, audit))
    except (_Bail, RecursionError):
        return False, None


def load_go(data: str | bytes) -> Any:
    """go-yaml v2 ``Unmarshal`` of the first document into ``interface{}``.

    Returns go-yaml's own values: ints stay ``int``, maps are dicts whose keys keep
    their Go types (``_GoMap``; see :meth:`_GoMap.go_items`).
    Raises :class:`YAMLError` (message ``yaml: ...``).
    """
    _ensure_recursion_limit()
    ok, value = _fast_load(data, _fast_go)
    if ok:
        return value
    try:
        text = _decode_input(data) if isinstance(data, bytes) else data
        root = _parse_first_document(text)
        return None if root is None else _Decoder().decode(root)
    except _GoYAMLFail as err:
        raise YAMLError("yaml: " + err.message, line=err.line, cause="yaml: " + err.message) from None


#: Documents read by :func:`load`, by their exact text; hits are handed out as copies.
_LOADED: dict[str | bytes, Any] = {}
_LOADED_MAX_ENTRIES = 512  # bounds the memory kept: at most 512 texts of 64 KiB
_LOADED_MAX_TEXT = 1 << 16
_JSON_LEAVES = frozenset({str, float, int, bool, type(None)})


def _copy_loaded(value: Any) -> Any:
    """A fresh copy of a :func:`load` result (its maps and lists; scalars are immutable)."""
    if type(value) is dict:
        return {k: v if type(v) in _JSON_LEAVES else _copy_loaded(v) for k, v in value.items()}
    if type(value) is list:
        return [v if type(v) in _JSON_LEAVES else _copy_loaded(v) for v in value]
    return value


def load(data: str | bytes, *, filename: str | None = None) -> Any:
    """Read YAML as Helm does: sigs.k8s.io/yaml ``Unmarshal`` into ``interface{}``.

    Args:
        data: the YAML text (only its first document is read, as go-yaml v2 does).
        filename: unused by the message (Helm's callers add it); kept for callers.

    Returns None/bool/float/str/list/dict: every number is a float64 (Python float),
    map keys are strings.  A text read before is not parsed again (templates run
    ``fromYaml`` on the same ``include`` output many times): the caller gets a copy.
    Raises :class:`YAMLError` worded as sigs.k8s.io/yaml words it:
    ``error converting YAML to JSON: yaml: line N: ...`` or
    ``error converting YAML to JSON: json: unsupported value: NaN``.
    """
    hit = _LOADED.get(data)
    if hit is not None:
        return _copy_loaded(hit)
    value = _load(data)
    if value is not None and len(data) <= _LOADED_MAX_TEXT:
        if len(_LOADED) >= _LOADED_MAX_ENTRIES:
            _LOADED.clear()
        _LOADED[data] = value
        return _copy_loaded(value)
    return value


def _load(data: str | bytes) -> Any:
    """:func:`load` without the cache."""
    _ensure_recursion_limit()
    ok, fast = _fast_load(data, _fast_json)
    if ok:
        return fast
    try:
        raw = load_go(data)
    except YAMLError as err:
        raise YAMLError(f"error converting YAML to JSON: {err}", line=err.line, cause=str(err)) from None
    converter = _JSONConverter()
    try:
        value = converter.convert(raw)
    except _GoYAMLFail as err:
        raise YAMLError(f"error converting YAML to JSON: {err.message}", cause=err.message) from None
    too_deep = _json_too_deep(value) if converter.max_depth > _MAX_DEPTH else None
    if too_deep is not None:
        cause = f"invalid character '{too_deep}' exceeded max depth"
        raise YAMLError(f"error unmarshaling JSON: while decoding JSON: {cause}", cause=cause)
    if converter.unsupported is not None:
        # json.Marshal meets map keys in sorted order: report the first bad float it would meet
        cause = f"json: unsupported value: {_first_unsupported(value)}"
        raise YAMLError(f"error converting YAML to JSON: {cause}", cause=cause)
    return value


def load_map(data: str | bytes, *, go_type: str = "map[string]interface {}") -> dict[str, Any]:
    """sigs.k8s.io/yaml ``Unmarshal`` into a Go map (values files, ``fromYaml``).

    A null document gives ``{}``. Raises :class:`YAMLError`; a non-map document gives
    ``error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into
    Go value of type <go_type>`` (Helm's values use ``go_type="common.Values"``).
    """
    value = load(data)
    if value is None:
        return {}
    if not isinstance(value, dict):
        cause = f"json: cannot unmarshal {gojson.go_type_name(value)} into Go value of type {go_type}"
        raise YAMLError(f"error unmarshaling JSON: while decoding JSON: {cause}", cause=cause)
    return value


def load_list(data: str | bytes) -> list[Any] | None:
    """sigs.k8s.io/yaml ``Unmarshal`` into ``[]interface{}`` (``fromYamlArray``).

    A null document gives None (a nil slice). Raises :class:`YAMLError` as :func:`load_map`.
    """
    value = load(data)
    if value is None:
        return None
    if not isinstance(value, list):
        cause = f"json: cannot unmarshal {gojson.go_type_name(value)} into Go value of type []interface {{}}"
        raise YAMLError(f"error unmarshaling JSON: while decoding JSON: {cause}", cause=cause)
    return value


def load_metadata_dict(data: str | bytes) -> dict[str, Any]:
    """Read a Chart.yaml-like document keeping the JSON types, for struct decoding.

    Same as :func:`load_map` (the value sigs.k8s.io/yaml hands to ``json.Unmarshal``):
    the loader checks each field's JSON kind (``gojson.go_type_name``) against the Go
    struct field to report e.g. ``json: cannot unmarshal number into Go struct field
    Metadata.version of type string``.
    """
    return load_map(data, go_type="chart.Metadata")


# ---------------------------------------------------------------------------
# Writing: go-yaml's emitter (libyaml port), block style
# ---------------------------------------------------------------------------

_BREAKS = "\r\n\x85\u2028\u2029"
_PLAIN, _SINGLE, _DOUBLE, _LITERAL = "plain", "single", "double", "literal"


def _is_printable(ch: str) -> bool:
    code = ord(ch)
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
    )


# Scalars made only of these characters need no per-character analysis (see _Analysis).
_SIMPLE_SCALAR = re.compile(r"[A-Za-z0-9_/.=+$()^;<~](?:[A-Za-z0-9_/.=+$()^;<>~@!&*%'\"`| -]*[A-Za-z0-9_/.=+$()^;<>~@!&*%'\"`|-])?\Z")


def _analyze(value: str, v3: bool) -> _Analysis:
    """The scalar analysis of ``value``; short scalars (keys, names, flags) are cached."""
    if len(value) <= 256:
        return _cached_analysis(value, v3)
    return _Analysis(value, v3)


@functools.lru_cache(maxsize=16384)
def _cached_analysis(value: str, v3: bool) -> _Analysis:
    return _Analysis(value, v3)


class _Analysis:
    __slots__ = ("multiline", "flow_plain", "block_plain", "single_quoted", "block")

    def __init__(self, value: str, v3: bool = False) -> None:
        if _SIMPLE_SCALAR.match(value) and not value.startswith(("---", "...")):
            # nothing in it sets an indicator flag: every style is allowed, single line
            self.multiline = False
            self.flow_plain = self.block_plain = self.single_quoted = self.block = True
            return
        if not value:
            self.multiline = False
            self.flow_plain = False
            self.block_plain = True
            self.single_quoted = True
            self.block = False
            return
        block_ind = flow_ind = line_breaks = special = tabs = False
        leading_space = leading_break = trailing_space = trailing_break = False
        break_space = space_break = False
        previous_space = previous_break = False
        if value.startswith(("---", "...")):
            block_ind = flow_ind = True
        preceded_by_ws = True
        n = len(value)
        for i, ch in enumerate(value):
            followed_by_ws = i + 1 >= n or value[i + 1] in " \t"
            if i == 0:
                if ch in "#,[]{}&*!|>'\"%@`":
                    flow_ind = block_ind = True
                elif ch in "?:":
                    flow_ind = True
                    if followed_by_ws:
                        block_ind = True
                elif ch == "-" and followed_by_ws:
                    flow_ind = block_ind = True
            else:
                if ch in ",?[]{}":
                    flow_ind = True
                elif ch == ":":
                    flow_ind = True
                    if followed_by_ws:
                        block_ind = True
                elif ch == "#" and preceded_by_ws:
                    flow_ind = block_ind = True
            if ch == "\t" and v3:  # go-yaml v3 allows tabs in block scalars; v2 treats them as special
                tabs = True
            elif not _is_printable(ch):
                special = True
            if ch == " ":
                if i == 0:
                    leading_space = True
                if i == n - 1:
                    trailing_space = True
                if previous_break:
                    break_space = True
                previous_space, previous_break = True, False
            elif ch in _BREAKS:
                line_breaks = True
                if i == 0:
                    leading_break = True
                if i == n - 1:
                    trailing_break = True
                if previous_space:
                    space_break = True
                previous_space, previous_break = False, True
            else:
                previous_space = previous_break = False
            preceded_by_ws = ch in " \t\0" or ch in _BREAKS
        self.multiline = line_breaks
        self.flow_plain = self.block_plain = self.single_quoted = self.block = True
        if leading_space or leading_break or trailing_space or trailing_break:
            self.flow_plain = self.block_plain = False
        if trailing_space:
            self.block = False
        if break_space:
            self.flow_plain = self.block_plain = self.single_quoted = False
        if space_break or tabs or special:
            self.flow_plain = self.block_plain = self.single_quoted = False
        if space_break or special:
            self.block = False
        if line_breaks:
            self.flow_plain = self.block_plain = False
        if flow_ind:
            self.flow_plain = False
        if block_ind:
            self.block_plain = False


class _Scalar:
    """A scalar to emit: its text and the style the encoder asks for."""

    __slots__ = ("text", "style")

    def __init__(self, text: str, style: str) -> None:
        self.text = text
        self.style = style


class _MapNode(list):
    """A mapping to emit: ``[(key_scalar, value_node), ...]`` in output order."""


class _Emitter:
    """go-yaml's emitter (``emitterc.go``) for block-style documents.

    ``width`` is ``best_width`` (80 for go-yaml v2, unlimited for v3);
    ``indentless`` makes sequences inside mappings indentless (v2 behaviour).
    """

    def __init__(self, *, width: int, indentless: bool, v3: bool = False) -> None:
        self.v3 = v3
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True
        self.indent = -1
        self.indents: list[int] = []
        self.flow_level = 0
        self.best_indent = 2
        self.best_width = width
        self.indentless_seq = indentless
        self.root_context = False
        self.mapping_context = False
        self.simple_key_context = False

    # -- primitives -------------------------------------------------------
    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def write_break(self, ch: str) -> None:
        if ch == "\n":
            self.put_break()
        else:
            self.out.append(ch)
            self.column = 0

    def write_indicator(self, indicator: str, need_ws: bool, is_ws: bool, is_indention: bool) -> None:
        if need_ws and not self.whitespace:
            self.put(" ")
        self.put(indicator)
        self.whitespace = is_ws
        self.indention = self.indention and is_indention

    def write_indent(self) -> None:
        indent = max(self.indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = True
        self.indention = True

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = self.best_indent if flow else 0
        elif not indentless:
            self.indent += self.best_indent

    # -- nodes ------------------------------------------------------------
    def document(self, node: Any) -> str:
        self.emit_node(node, root=True, mapping=False, simple_key=False)
        self.write_indent()
        return "".join(self.out)

    def emit_node(self, node: Any, *, root: bool, mapping: bool, simple_key: bool) -> None:
        self.root_context = root
        self.mapping_context = mapping
        self.simple_key_context = simple_key
        if isinstance(node, _Scalar):
            self.emit_scalar(node, _analyze(node.text, self.v3))
        elif isinstance(node, _MapNode):
            self.emit_mapping(node)
        else:
            self.emit_sequence(node)

    def emit_sequence(self, items: list[Any]) -> None:
        if self.flow_level or not items:
            self.emit_empty("[", "]")
            return
        indentless = self.indentless_seq and self.mapping_context and not self.indention
        self.increase_indent(False, indentless)
        for item in items:
            self.write_indent()
            self.write_indicator("-", True, False, True)
            self.emit_node(item, root=False, mapping=False, simple_key=False)
        self.indent = self.indents.pop()

    def emit_empty(self, open_: str, close: str) -> None:
        self.write_indicator(open_, True, True, False)
        self.increase_indent(True, False)
        self.indent = self.indents.pop()
        self.write_indicator(close, False, False, False)

    def emit_mapping(self, pairs: list[tuple[_Scalar, Any]]) -> None:
        if self.flow_level or not pairs:
            self.emit_empty("{", "}")
            return
        self.increase_indent(False, False)
        for key, value in pairs:
            self.write_indent()
            analysis = _analyze(key.text, self.v3)
            if not analysis.multiline and len(key.text.encode("utf-8", "surrogatepass")) <= 128:
                self.root_context = False
                self.mapping_context = True
                self.simple_key_context = True
                self.emit_scalar(key, analysis)
                self.write_indicator(":", False, False, False)
            else:
                self.write_indicator("?", True, False, True)
                self.emit_node(key, root=False, mapping=True, simple_key=False)
                self.write_indent()
                self.write_indicator(":", True, False, True)
            self.emit_node(value, root=False, mapping=True, simple_key=False)
        self.indent = self.indents.pop()

    # -- scalars ----------------------------------------------------------
    def select_style(self, scalar: _Scalar, analysis: _Analysis) -> str:
        style = scalar.style
        if self.simple_key_context and analysis.multiline:
            style = _DOUBLE
        if style == _PLAIN:
            if (self.flow_level and not analysis.flow_plain) or (
                not self.flow_level and not analysis.block_plain
            ):
                style = _SINGLE
            if not scalar.text and (self.flow_level or self.simple_key_context):
                style = _SINGLE
        if style == _SINGLE and not analysis.single_quoted:
            style = _DOUBLE
        if style == _LITERAL and (not analysis.block or self.flow_level or self.simple_key_context):
            style = _DOUBLE
        return style

    def emit_scalar(self, scalar: _Scalar, analysis: _Analysis) -> None:
        style = self.select_style(scalar, analysis)
        self.increase_indent(True, False)
        allow_breaks = not self.simple_key_context
        if style == _PLAIN:
            self.write_plain(scalar.text, allow_breaks)
        elif style == _SINGLE:
            self.write_single_quoted(scalar.text, allow_breaks)
        elif style == _DOUBLE:
            self.write_double_quoted(scalar.text, allow_breaks)
        else:
            self.write_literal(scalar.text)
        self.indent = self.indents.pop()

    def write_plain(self, value: str, allow_breaks: bool) -> None:
        if not self.whitespace:
            self.put(" ")
        if (" " not in value or self.column + len(value) <= self.best_width) and not any(
            b in value for b in _BREAKS
        ):
            # no fold point can be reached and no line break: the text goes out as is
            self.out.append(value)
            self.column += len(value)
            self.whitespace = False
            self.indention = False
            return
        spaces = breaks = False
        n = len(value)
        for i, ch in enumerate(value):
            if ch == " ":
                if (
                    allow_breaks
                    and not spaces
                    and self.column > self.best_width
                    and not (i + 1 < n and value[i + 1] == " ")
                ):
                    self.write_indent()
                else:
                    self.put(ch)
                spaces = True
            elif ch in _BREAKS:
                if not breaks and ch == "\n":
                    self.put_break()
                self.write_break(ch)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(ch)
                self.indention = False
                spaces = breaks = False
        self.whitespace = False
        self.indention = False

    def write_single_quoted(self, value: str, allow_breaks: bool) -> None:
        self.write_indicator("'", True, False, False)
        spaces = breaks = False
        n = len(value)
        for i, ch in enumerate(value):
            if ch == " ":
                if (
                    allow_breaks
                    and not spaces
                    and self.column > self.best_width
                    and 0 < i < n - 1
                    and value[i + 1] != " "
                ):
                    self.write_indent()
                else:
                    self.put(ch)
                spaces = True
            elif ch in _BREAKS:
                if not breaks and ch == "\n":
                    self.put_break()
                self.write_break(ch)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                if ch == "'":
                    self.put("'")
                self.put(ch)
                self.indention = False
                spaces = breaks = False
        self.write_indicator("'", False, False, False)
        self.whitespace = False
        self.indention = False

    def write_double_quoted(self, value: str, allow_breaks: bool) -> None:
        self.write_indicator('"', True, False, False)
        spaces = False
        starts_with_bom = value.startswith("\ufeff")  # go-yaml's is_bom looks at the first bytes only
        n = len(value)
        for i, ch in enumerate(value):
            if starts_with_bom or not _is_printable(ch) or ch in _BREAKS or ch in '"\\':
                self.put("\\" + _double_escape(ch))
                spaces = False
            elif ch == " ":
                if allow_breaks and not spaces and self.column > self.best_width and 0 < i < n - 1:
                    self.write_indent()
                    if value[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False
        self.write_indicator('"', False, False, False)
        self.whitespace = False
        self.indention = False

    def write_literal(self, value: str) -> None:
        self.write_indicator("|", True, False, False)
        if value[:1] == " " or value[:1] in _BREAKS and value:
            self.write_indicator(str(self.best_indent), False, False, False)
        chomp = ""
        if not value or value[-1] not in _BREAKS:
            chomp = "-"
        elif len(value) == 1 or value[-2] in _BREAKS:
            chomp = "+"
        if chomp:
            self.write_indicator(chomp, False, False, False)
        self.put_break()
        self.indention = True
        self.whitespace = True
        breaks = True
        for ch in value:
            if ch in _BREAKS:
                self.write_break(ch)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(ch)
                self.indention = False
                breaks = False


_ESCAPES = {
    "\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
    "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P",
}


def _double_escape(ch: str) -> str:
    short = _ESCAPES.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code <= 0xFF:
        return f"x{code:02X}"
    if code <= 0xFFFF:
        return f"u{code:04X}"
    return f"U{code:08X}"


# ---------------------------------------------------------------------------
# Encoding Go values into emitter nodes (go-yaml's encoder)
# ---------------------------------------------------------------------------


def _key_less(a: str, b: str, v3: bool = False) -> bool:
    """go-yaml's ``keyList.Less`` for two string keys (natural, digit-aware order).

    ``v3`` adds go-yaml v3's rule: after an equal digit, a letter sorts before a non-letter.
    """
    digits = False
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            digits = ca.isdecimal()
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return al if (v3 and digits) else bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdecimal():
            an = an * 10 + (ord(a[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdecimal():
            bn = bn * 10 + (ord(b[bi]) - 48)
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


_HAS_DIGIT = re.compile(r"\d")
_LIFT_LETTERS = {c: c + 0x100 for c in range(128) if chr(c).isalpha()}


def _sorted_keys(keys: list[str], v3: bool = False) -> list[str]:
    """Map keys in go-yaml's order (``sort.Sort(keyList)``)."""
    if all(k.isascii() and k.isalpha() for k in keys):
        return sorted(keys)  # plain words: the natural order is code point order
    if all(k.isascii() for k in keys) and not any(_HAS_DIGIT.search(k) for k in keys):
        # without digits keyList.Less is code point order, except that a non-letter sorts
        # before a letter: lifting letters above ASCII gives the same order
        return sorted(keys, key=lambda k: k.translate(_LIFT_LETTERS))

    def compare(x: str, y: str) -> int:
        if _key_less(x, y, v3):
            return -1
        if _key_less(y, x, v3):
            return 1
        return 0

    return sorted(keys, key=functools.cmp_to_key(compare))


class _YAMLMarshalError(Exception):
    pass


_V2_RESOLVE_WORDS = frozenset(_RESOLVE_MAP)
_V3_MAP_WORDS = frozenset(
    "true True TRUE false False FALSE ~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF "
    "-.inf -.Inf -.INF".split()
) | {""}
_OLD_BOOLS = frozenset("y Y yes Yes YES on On ON n N no No NO off Off OFF".split())


def _v2_plain_ok(text: str) -> bool:
    tag, _ = _resolve_untyped("", text)
    return tag == STR_TAG and not is_base60_float(text)


def _v3_plain_ok(text: str) -> bool:
    if text in _V3_MAP_WORDS or text in _OLD_BOOLS:
        return False
    if text in _V2_RESOLVE_WORDS:  # v2-only words (yes/no/on/off...) are plain strings in v3
        return not is_base60_float(text)
    tag, _ = _resolve_untyped("", text)
    return tag == STR_TAG and not is_base60_float(text)


class _Encoder:
    """go-yaml's ``encoder``: Go values → scalar/sequence/mapping nodes."""

    def __init__(self, plain_ok: Any, *, v3: bool = False) -> None:
        self.plain_ok = plain_ok
        self.v3 = v3

    def node(self, value: Any) -> Any:
        if value is None:
            return _Scalar("null", _PLAIN)
        if value is True:
            return _Scalar("true", _PLAIN)
        if value is False:
            return _Scalar("false", _PLAIN)
        if isinstance(value, int):
            return _Scalar(str(value), _PLAIN)
        if isinstance(value, float):
            return _Scalar(_yaml_float(value), _PLAIN)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, (list, tuple)):
            return [self.node(item) for item in value]
        if isinstance(value, dict):
            keys = {str(k) if not isinstance(k, str) else k: v for k, v in value.items()}
            return _MapNode((self.string(k), self.node(keys[k])) for k in _sorted_keys(list(keys), self.v3))
        raise _YAMLMarshalError(f"cannot marshal type: {type(value).__name__}")

    def string(self, text: str) -> _Scalar:
        if isinstance(text, _PlainText):
            return _Scalar(str(text), _PLAIN)
        if "\n" in text:
            return _Scalar(text, _LITERAL)
        if self.plain_ok(text):
            return _Scalar(text, _PLAIN)
        return _Scalar(text, _DOUBLE)


def _yaml_float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return _go_float_g(value, 64)


_NEL_RUN = re.compile("[ ]*\x85([ \x85]*)")
_YAML_READER_BAD = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _JSONToYAMLValue:
    """Go value → ``json.Marshal`` → go-yaml v2 ``Unmarshal`` of that JSON, structurally.

    Numbers take the type go-yaml gives their JSON text (``1`` int, ``1e+06`` float,
    ``-0`` int); strings are read back from a double-quoted YAML scalar (a raw NEL
    folds); characters libyaml's reader refuses make the conversion fail.
    """

    def convert(self, value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, int):
            return self.number(str(value))
        if isinstance(value, float):
            return self.number(gojson.format_float(value))
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(bytes(value)).decode("ascii")
        if isinstance(value, dict):
            return {self.key(gojson._key_string(k)): self.convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.convert(item) for item in value]
        if hasattr(value, "__go_json_fields__"):
            return {
                self.key(name): self.convert(item)
                for name, item, omit in value.__go_json_fields__()
                if not (omit and gojson.is_empty_value(item))
            }
        if hasattr(value, "__go_json__"):
            return self.convert(value.__go_json__())
        if hasattr(value, "__go_fields__"):
            return {self.key(name): self.convert(item) for name, item in value.__go_fields__().items()}
        raise gojson.MarshalError(f"json: unsupported type: {type(value).__name__}")

    def key(self, text: str) -> str:
        """A JSON object key read back by go-yaml as a flow-mapping simple key.

        A simple key must fit on one line (a raw NEL breaks it) and in 1024 characters
        of JSON text, or go-yaml rejects the document.
        """
        if "\x85" in text:
            raise _YAMLMarshalError("yaml: line 1: did not find expected ',' or '}'")
        if len(text) > 170 and len(gojson.marshal_string(text)) - 2 > 1022:
            raise _YAMLMarshalError("yaml: did not find expected ',' or '}'")
        return self.string(text)

    @staticmethod
    def number(text: str) -> Any:
        _, number = _resolve_untyped("", text)
        return number

    @staticmethod
    def string(text: str) -> str:
        if not text.isascii():
            text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
            if "\x85" in text:
                text = _NEL_RUN.sub(lambda m: "\n" * m.group(1).count("\x85") or " ", text)
            if _YAML_READER_BAD.search(text):
                raise _YAMLMarshalError("yaml: control characters are not allowed")
        elif "\x7f" in text:
            raise _YAMLMarshalError("yaml: control characters are not allowed")
        return text


def dump(value: Any) -> str:
    """Helm's ``toYaml`` body: sigs.k8s.io/yaml ``Marshal`` (trailing newline included).

    ``value`` goes through Go's ``json.Marshal``, go-yaml v2 reads the JSON back and
    writes it: keys in go-yaml's natural order, 2-space indentation, indentless
    sequences under keys, go-yaml's quoting, ``|``/``|-``/``|+`` block scalars, plain
    and quoted strings folded at 80 columns.
    Raises :class:`YAMLError` (``toYaml`` then prints nothing) for values JSON cannot
    encode (NaN, Inf) or YAML cannot read back (control characters).

    Templates write the same values many times (labels, resources...): for a value made
    only of dicts with string keys, lists and scalars, the text is remembered by the
    value's ``repr`` (exact for these types).
    """
    if not _plain_tree(value, 0):
        return _dump(value)
    key = repr(value)
    text = _DUMPED.get(key)
    if text is None:
        text = _dump(value)
        if len(key) <= _DUMPED_MAX_KEY:
            if len(_DUMPED) >= _DUMPED_MAX_ENTRIES:
                _DUMPED.clear()
            _DUMPED[key] = text
    return text


_DUMPED: dict[str, str] = {}
_DUMPED_MAX_ENTRIES = 2048  # bounds the memory kept: at most 2048 values of 16 KiB
_DUMPED_MAX_KEY = 1 << 14
_PLAIN_SCALARS = frozenset({str, float, int, bool, type(None)})


def _plain_tree(value: Any, depth: int) -> bool:
    """Only dicts with ``str`` keys, lists and str/float/int/bool/None, at most 100 deep."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if depth > 100:
        return False
    if kind is dict:
        return all(type(k) is str and _plain_tree(v, depth + 1) for k, v in value.items())
    if kind is list:
        return all(_plain_tree(v, depth + 1) for v in value)
    return False


def _dump(value: Any) -> str:
    """:func:`dump` without the cache."""
    _ensure_recursion_limit()
    try:
        plain = _JSONToYAMLValue().convert(value)
        node = _Encoder(_v2_plain_ok).node(plain)
    except gojson.MarshalError as err:
        raise YAMLError(f"error marshaling into JSON: {err}") from None
    except _YAMLMarshalError as err:
        raise YAMLError(str(err)) from None
    return _Emitter(width=80, indentless=True).document(node)


def dump_pretty(value: Any) -> str:
    """Helm's ``toYamlPretty`` body: go-yaml v3 ``Encoder`` with ``SetIndent(2)``.

    The Go value is encoded directly (ints stay ints, floats print as Go's ``%g``),
    sequences are indented under their key, long strings are not folded, YAML 1.1
    booleans (``yes``/``on``/``y``...) are quoted. Raises :class:`YAMLError` for values
    go-yaml cannot encode.
    """
    _ensure_recursion_limit()
    try:
        node = _Encoder(_v3_plain_ok, v3=True).node(_pretty_value(value))
    except _YAMLMarshalError as err:
        raise YAMLError(str(err)) from None
    return _Emitter(width=1 << 31, indentless=False, v3=True).document(node)


class _PlainText(str):
    """Text go-yaml v3 writes plain whatever it looks like (a ``time.Time`` in RFC 3339)."""


def _pretty_value(value: Any) -> Any:
    if getattr(value, "__go_type__", "") == "time.Time" and hasattr(value, "__go_json__"):
        return _PlainText(value.__go_json__())
    if isinstance(value, dict):
        return {k: _pretty_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_pretty_value(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return [int(b) for b in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "__go_json_fields__"):
        return {n: _pretty_value(v) for n, v, omit in value.__go_json_fields__() if not (omit and gojson.is_empty_value(v))}
    if hasattr(value, "__go_json__"):
        return _pretty_value(value.__go_json__())
    raise _YAMLMarshalError(f"cannot marshal type: {type(value).__name__}")
