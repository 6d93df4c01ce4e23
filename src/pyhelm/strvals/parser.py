"""Helm's ``strvals`` package: the ``--set`` family of value parsers.

A set line is ``name1=value1,name2=value2``; names are dotted paths with optional
list indexes (``a.b[0].c``); ``\\`` escapes the next character. Follows Helm v4.2's
``pkg/strvals/parser.go`` and ``literal_parser.go`` including their error messages
and their quirks (Go panics on type conflicts are reported as
``unable to parse key: interface conversion: ...``).

Public API (``into`` is an optional map updated in place and also returned, as
Helm's ``ParseInto*`` functions do when several flags accumulate):

- :func:`parse_set` — ``--set`` (typed: int64, bool, null)
- :func:`parse_set_string` — ``--set-string`` (all strings)
- :func:`parse_json` / :func:`parse_set_json` — ``--set-json`` (``key=<json>``)
- :func:`parse_set_literal` — ``--set-literal`` (the whole right-hand side, verbatim)
- :func:`parse_set_file` — ``--set-file`` (value is a path given to a reader)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pyhelm.engine.runtime import go_quote

MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30

_EOF = ""  # the "rune" reported at end of input


class StrvalsError(ValueError):
    """A set line could not be parsed; ``str(err)`` is Helm's message."""


class _EOFError(Exception):
    """Go's ``io.EOF`` travelling through the parser (never escapes this module)."""


class _NotListError(Exception):
    """Go's ``ErrNotList`` (value does not start with ``{``)."""


class _GoPanic(Exception):
    """A Go runtime panic (failed type assertion) inside the parser."""


# --------------------------------------------------------------------------- Go formatting


def _quote_rune(ch: str) -> str:
    """Go ``strconv.QuoteRune``."""
    return go_quote(ch, quote="'")


def _go_type(value: Any) -> str:
    """The dynamic Go type name of a parsed value, for interface-conversion panics."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return type(value).__name__


def _as_map(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _GoPanic(
            f"interface conversion: interface {{}} is {_go_type(value)}, not map[string]interface {{}}"
        )
    return value


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _GoPanic(f"interface conversion: interface {{}} is {_go_type(value)}, not []interface {{}}")
    return value


# --------------------------------------------------------------------------- scanner


class _Scanner:
    """A rune reader over the set line (Go ``bytes.Buffer`` as ``io.RuneReader``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self) -> str:
        if self.pos >= len(self.text):
            return _EOF
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def unread(self) -> None:
        self.pos -= 1

    def rest(self) -> str:
        return self.text[self.pos :]

    def until(self, stop: str, *, escapes: bool = True) -> tuple[str, str, bool]:
        """Helm ``runesUntil``: ``(runes, last, eof)`` reading up to a stop rune."""
        out: list[str] = []
        while True:
            ch = self.read()
            if ch == _EOF:
                return "".join(out), _EOF, True
            if ch in stop:
                return "".join(out), ch, False
            if escapes and ch == "\\":
                nxt = self.read()
                if nxt == _EOF:
                    return "".join(out), _EOF, True
                out.append(nxt)
            else:
                out.append(ch)


def typed_value(text: str, as_string: bool) -> Any:
    """Helm ``typedVal``: ``true``/``false``/``null`` (any case), int64 without leading 0, else str."""
    if as_string:
        return text
    lowered = text.casefold()  # Go strings.EqualFold
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if text == "0":
        return 0
    if text and text[0] != "0":
        number = _parse_int64(text)
        if number is not None:
            return number
    return text


def _parse_int64(text: str) -> int | None:
    """Go ``strconv.ParseInt(s, 10, 64)``: optional sign and ASCII digits only."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not all("0" <= c <= "9" for c in body):
        return None
    value = int(text)
    if value < -(2**63) or value >= 2**63:
        return None
    return value


def _atoi(text: str) -> int:
    """Go ``strconv.Atoi`` with its error text."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not all("0" <= c <= "9" for c in body):
        raise StrvalsError(f"strconv.Atoi: parsing {go_quote(text)}: invalid syntax")
    value = int(text)
    if value < -(2**63) or value >= 2**63:
        raise StrvalsError(f"strconv.Atoi: parsing {go_quote(text)}: value out of range")
    return value


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    if key:
        data[key] = value


def _set_index(lst: list[Any] | None, index: int, value: Any) -> list[Any]:
    if index < 0:
        raise StrvalsError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise StrvalsError(f"index of {index} is greater than maximum supported index of {MAX_INDEX}")
    lst = list(lst) if lst is not None else []
    if len(lst) <= index:
        lst.extend([None] * (index + 1 - len(lst)))
    lst[index] = value
    return lst


# --------------------------------------------------------------------------- parsers


Reader = Callable[[str], Any]


class _KeyParser:
    """What Helm's ``parser`` and ``literalParser`` share: the key loop, nested names, indexes.

    Subclasses give ``_key`` and ``_list_item``; ``escapes`` says whether ``\\`` escapes
    apply while scanning (``--set-literal`` takes text as is).
    """

    escapes = True

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self.sc = _Scanner(text)
        self.data = data

    def parse(self) -> None:
        while True:
            try:
                self.key(self.data, 0)
            except _EOFError:
                return

    def key(self, data: dict[str, Any], level: int) -> None:
        try:
            self._key(data, level)
        except _GoPanic as panic:
            raise StrvalsError(f"unable to parse key: {panic}") from None

    def _key(self, data: dict[str, Any], level: int) -> None:
        raise NotImplementedError

    def _list_item(self, lst: list[Any], i: int, level: int) -> list[Any]:
        raise NotImplementedError

    def _indexed_key(self, data: dict[str, Any], k: str, level: int) -> None:
        """``k[i]...``: the list under ``k`` with item ``i`` set (what is parsed so far on error)."""
        index = self._key_index()
        lst = _as_list(data[k]) if k in data else []
        try:
            lst = self._list_item(lst, index, level)
        except _ItemError as err:
            _set(data, k, err.partial)
            raise err.cause from None
        _set(data, k, lst)

    def _nested_key(self, data: dict[str, Any], k: str, level: int) -> None:
        """``k.rest``: the map under ``k`` with ``rest`` parsed into it, at most MAX_NESTED_NAME_LEVEL deep."""
        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            raise StrvalsError(
                f"value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
            )
        inner = _as_map(data[k]) if k in data else {}
        try:
            self.key(inner, level)
        except (StrvalsError, _EOFError):
            if inner:
                _set(data, k, inner)
            raise
        if not inner:
            raise StrvalsError(f"key map {go_quote(k)} has no value")
        _set(data, k, inner)

    def _key_index(self) -> int:
        v, _, eof = self.sc.until("]", escapes=self.escapes)
        if eof:
            raise _EOFError  # Go wraps io.EOF ("error parsing index: EOF"); still EOF
        try:
            return _atoi(v)
        except StrvalsError as err:
            raise StrvalsError(f"error parsing index: {err}") from None


class _Parser(_KeyParser):
    """Helm's ``parser`` (``--set``, ``--set-string``, ``--set-file``, ``--set-json``)."""

    def __init__(
        self, text: str, data: dict[str, Any], reader: Reader | None, json_mode: bool = False
    ) -> None:
        super().__init__(text, data)
        self.reader = reader
        self.json_mode = json_mode

    def _key(self, data: dict[str, Any], level: int) -> None:
        k, last, eof = self.sc.until("=[,.")
        if eof:
            if not k:
                raise _EOFError
            raise StrvalsError(f"key {go_quote(k)} has no value")
        if last == "[":
            self._indexed_key(data, k, level)
        elif last == "=":
            self._assign(data, k)
        elif last == ",":
            _set(data, k, "")
            raise StrvalsError(f"key {go_quote(k)} has no value (cannot end with ,)")
        else:  # "."
            self._nested_key(data, k, level)

    def _assign(self, data: dict[str, Any], k: str) -> None:
        if self.json_mode:
            if self._empty_val():
                _set(data, k, None)
                return
            _set(data, k, self._json_value())
            self._empty_val()
            return
        try:
            values = self._val_list()
        except _EOFError:
            _set(data, k, "")
            raise
        except _NotListError:
            runes = self._val()
            _set(data, k, self._read(runes, data, k))
            return
        _set(data, k, values)

    def _read(self, runes: str, data: dict[str, Any], k: str) -> Any:
        assert self.reader is not None
        try:
            return self.reader(runes)
        except StrvalsError:
            _set(data, k, None)
            raise

    def _list_item(self, lst: list[Any], i: int, level: int) -> list[Any]:
        if i < 0:
            raise _ItemError(lst, StrvalsError(f"negative {i} index not allowed"))
        k, last, eof = self.sc.until("[.=")
        if k:
            raise _ItemError(lst, StrvalsError(f"unexpected data at end of array index: {_quote_runes(k)}"))
        if eof:
            raise _ItemError(lst, _EOFError())
        if last == "=":
            return self._list_assign(lst, i)
        if last == "[":
            try:
                next_i = self._key_index()
            except (StrvalsError, _EOFError) as err:
                raise _ItemError(lst, err) from None
            current: list[Any] | None = None
            if len(lst) > i and lst[i] is not None:
                current = _as_list(lst[i])
            try:
                inner_list = self._list_item(current or [], next_i, level)
            except _ItemError as err:
                raise _ItemError(lst, err.cause) from None
            return self._checked_set_index(lst, i, inner_list)
        # "."
        inner: dict[str, Any] = {}
        if len(lst) > i:
            if isinstance(lst[i], dict):
                inner = lst[i]
            else:
                lst[i] = inner
        try:
            self.key(inner, level)
        except (StrvalsError, _EOFError) as err:
            raise _ItemError(lst, err) from None
        return self._checked_set_index(lst, i, inner)

    def _checked_set_index(self, lst: list[Any], i: int, value: Any) -> list[Any]:
        try:
            return _set_index(lst, i, value)
        except StrvalsError as err:
            raise _ItemError(lst, err) from None

    def _list_assign(self, lst: list[Any], i: int) -> list[Any]:
        if self.json_mode:
            if self._empty_val():
                return self._checked_set_index(lst, i, None)
            try:
                value = self._json_value()
            except StrvalsError as err:
                raise _ItemError(lst, err) from None
            lst = self._checked_set_index(lst, i, value)
            self._empty_val()
            return lst
        try:
            values = self._val_list()
        except _EOFError:
            return self._checked_set_index(lst, i, "")
        except _NotListError:
            runes = self._val()
            assert self.reader is not None
            try:
                value = self.reader(runes)
            except StrvalsError as err:
                raise _ItemError(lst, err) from None
            return self._checked_set_index(lst, i, value)
        except StrvalsError as err:
            raise _ItemError(lst, err) from None
        return self._checked_set_index(lst, i, values)

    def _empty_val(self) -> bool:
        """Helm ``emptyVal``: skip spaces; true at ``,`` (consumed) or end of input."""
        while True:
            ch = self.sc.read()
            if ch == _EOF or ch == ",":
                return True
            if not ch.isspace():
                self.sc.unread()
                return False

    def _json_value(self) -> Any:
        text = self.sc.rest()
        value, consumed = _decode_json_prefix(text)
        self.sc.pos += consumed
        return value

    def _val(self) -> str:
        v, _, _ = self.sc.until(",")
        return v

    def _val_list(self) -> list[Any]:
        ch = self.sc.read()
        if ch == _EOF:
            raise _EOFError
        if ch != "{":
            self.sc.unread()
            raise _NotListError
        out: list[Any] = []
        assert self.reader is not None
        while True:
            runes, last, eof = self.sc.until(",}")
            if eof:
                raise StrvalsError("list must terminate with '}'")
            if last == "}":
                nxt = self.sc.read()
                if nxt != _EOF and nxt != ",":
                    self.sc.unread()
                out.append(self.reader(runes))
                return out
            out.append(self.reader(runes))


class _ItemError(Exception):
    """An error from ``listItem`` carrying the list Go would still assign to the key."""

    def __init__(self, partial: list[Any] | None, cause: Exception) -> None:
        super().__init__(str(cause))
        self.partial = partial
        self.cause = cause


def _quote_runes(text: str) -> str:
    """Go ``%q`` of a ``[]rune``: ``['a' 'b']``."""
    return "[" + " ".join(_quote_rune(c) for c in text) + "]"


# --------------------------------------------------------------------------- JSON values


def _decode_json_prefix(text: str) -> tuple[Any, int]:
    """Decode one JSON value at the start of ``text`` as Go's ``json.Decoder`` does.

    Returns ``(value, characters consumed)``; numbers become float64. Raises
    :class:`StrvalsError` with Go's wording for the common failures.
    """
    start = 0
    while start < len(text) and text[start] in " \t\r\n":
        start += 1
    if start >= len(text):
        raise StrvalsError("unexpected EOF")
    ch = text[start]
    if ch not in '{["-0123456789tfn':
        if ord(ch) > 0x7F:
            ch = chr(ch.encode("utf-8")[0])
        raise StrvalsError(f"invalid character {_quote_rune(ch)} looking for beginning of value")
    decoder = json.JSONDecoder(parse_int=float, parse_constant=_reject_constant)
    try:
        value, end = decoder.raw_decode(text, start)
    except _ConstantError as err:
        raise StrvalsError(str(err)) from None
    except json.JSONDecodeError as err:
        raise StrvalsError(_go_json_error(text, err)) from None
    return value, end


def _literal_error(rest: str) -> str:
    """Go's error for a broken ``true``/``false``/``null`` literal, or ``""``."""
    for word in ("true", "false", "null"):
        if rest[:1] != word[0]:
            continue
        for i, expected in enumerate(word[1:], start=1):
            if i >= len(rest):
                return "unexpected EOF"
            if rest[i] != expected:
                return f"invalid character {_quote_rune(rest[i])} in literal {word} (expecting {_quote_rune(expected)})"
    return ""


class _ConstantError(Exception):
    pass


def _reject_constant(name: str) -> Any:
    raise _ConstantError(f"invalid character {_quote_rune(name[0])} looking for beginning of value")


def _go_json_error(text: str, err: json.JSONDecodeError) -> str:
    if err.pos >= len(text) or err.msg.startswith("Unterminated"):
        return "unexpected EOF"
    bad = text[err.pos]
    if err.msg.startswith("Expecting value") and bad == "-":
        if err.pos + 1 >= len(text):
            return "unexpected EOF"
        return f"invalid character {_quote_rune(text[err.pos + 1])} in numeric literal"
    if err.msg.startswith("Expecting value"):
        literal = _literal_error(text[err.pos :])
        if literal:
            return literal
    if ord(bad) > 0x7F:
        bad = chr(bad.encode("utf-8")[0])  # Go reports the first byte of the UTF-8 sequence
    if err.msg.startswith("Expecting value"):
        return f"invalid character {_quote_rune(bad)} looking for beginning of value"
    if err.msg.startswith("Expecting property name"):
        return f"invalid character {_quote_rune(bad)} looking for beginning of object key string"
    if err.msg.startswith("Expecting ':'"):
        return f"invalid character {_quote_rune(bad)} after object key"
    if err.msg.startswith("Expecting ','") and "object" in err.msg:
        return f"invalid character {_quote_rune(bad)} after object key:value pair"
    if err.msg.startswith("Expecting ','"):
        return f"invalid character {_quote_rune(bad)} after array element"
    return f"invalid character {_quote_rune(bad)} in literal"


# --------------------------------------------------------------------------- literal parser


class _LiteralParser(_KeyParser):
    """Helm's ``literalParser`` (``--set-literal``): no escapes, value is the rest of the line."""

    escapes = False

    def _key(self, data: dict[str, Any], level: int) -> None:
        k, last, eof = self.sc.until("=[.", escapes=False)
        if eof:
            if not k:
                raise _EOFError
            raise StrvalsError(f"key {go_quote(k)} has no value")
        if last == "=":
            value, _, _ = self.sc.until("", escapes=False)
            _set(data, k, value)
        elif last == ".":
            self._nested_key(data, k, level)
        else:  # "["
            self._indexed_key(data, k, level)

    def _list_item(self, lst: list[Any], i: int, level: int) -> list[Any]:
        if i < 0:
            raise _ItemError(lst, StrvalsError(f"negative {i} index not allowed"))
        k, last, eof = self.sc.until("[.=", escapes=False)
        if k:
            raise _ItemError(lst, StrvalsError(f"unexpected data at end of array index: {_quote_runes(k)}"))
        if eof:
            raise _ItemError(lst, _EOFError())
        try:
            if last == "=":
                value, _, _ = self.sc.until("", escapes=False)
                return _set_index(lst, i, value)
            if last == ".":
                inner: dict[str, Any] = {}
                if len(lst) > i:
                    if isinstance(lst[i], dict):
                        inner = lst[i]
                    else:
                        lst[i] = inner
                self.key(inner, level)
                return _set_index(lst, i, inner)
            next_i = self._key_index()
            current: list[Any] | None = None
            if len(lst) > i and lst[i] is not None:
                current = _as_list(lst[i])
            try:
                inner_list = self._list_item(current or [], next_i, level)
            except _ItemError as err:
                raise err.cause from None
            return _set_index(lst, i, inner_list)
        except (StrvalsError, _EOFError) as err:
            raise _ItemError(lst, err) from None


# --------------------------------------------------------------------------- public API


def _typed_reader(as_string: bool) -> Reader:
    return lambda runes: typed_value(runes, as_string)


def _run(parser: _Parser | _LiteralParser) -> dict[str, Any]:
    parser.parse()
    return parser.data


def parse_set(text: str, into: dict[str, Any] | None = None) -> dict[str, Any]:
    """Helm ``strvals.Parse`` / ``ParseInto`` (``--set``).

    Returns the map (``into`` updated in place when given). Values: ``true``/``false``
    → bool, ``null`` → None, decimal integers → int (int64), ``{a,b}`` → list,
    everything else → str. Raises :class:`StrvalsError` with Helm's message.
    """
    data = into if into is not None else {}
    return _run(_Parser(text, data, _typed_reader(False)))


def parse_set_string(text: str, into: dict[str, Any] | None = None) -> dict[str, Any]:
    """Helm ``strvals.ParseString`` / ``ParseIntoString`` (``--set-string``): every value a str."""
    data = into if into is not None else {}
    return _run(_Parser(text, data, _typed_reader(True)))


def parse_json(text: str, into: dict[str, Any] | None = None) -> dict[str, Any]:
    """Helm ``strvals.ParseJSON`` (``--set-json``): each value is one JSON document.

    An empty value is null; JSON numbers become float (Go float64). Raises
    :class:`StrvalsError` (Go's JSON decoder wording for bad JSON).
    """
    data = into if into is not None else {}
    return _run(_Parser(text, data, None, json_mode=True))


parse_set_json = parse_json


def parse_set_literal(text: str, into: dict[str, Any] | None = None) -> dict[str, Any]:
    """Helm ``strvals.ParseLiteral`` / ``ParseLiteralInto`` (``--set-literal``).

    The key is parsed as for ``--set`` (without escapes); everything after the first
    ``=`` is the value, commas included.
    """
    data = into if into is not None else {}
    return _run(_LiteralParser(text, data))


def parse_set_file(
    text: str, reader: Callable[[str], Any], into: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Helm ``strvals.ParseFile`` / ``ParseIntoFile`` (``--set-file``).

    ``reader(path) -> value`` supplies each value (Helm reads the file as a string).
    An ``OSError`` from the reader is reported as Go's ``open PATH: ...`` message.
    """
    data = into if into is not None else {}
    return _run(_Parser(text, data, _wrap_reader(reader)))


def _wrap_reader(reader: Callable[[str], Any]) -> Reader:
    def read(path: str) -> Any:
        try:
            return reader(path)
        except IsADirectoryError:
            raise StrvalsError(f"read {path}: is a directory") from None
        except OSError as err:
            reason = (err.strerror or str(err)).lower()
            raise StrvalsError(f"open {path}: {reason}") from None

    return read


def read_file_text(path: str) -> str:
    """The default ``--set-file`` reader: the file's content as text (Go ``os.ReadFile``).

    ``-`` reads standard input, as Helm's ``readFile`` does.
    """
    if path.strip() == "-":
        import sys

        return sys.stdin.read()
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")
