"""Sprig's URL functions ``urlParse`` and ``urlJoin`` over a port of Go's ``net/url``
parsing (``url.Parse``) and printing (``URL.String``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import declare_params, want_dict, want_str
from pyhelm.engine.funcs.reflection import kind_of
from pyhelm.engine.funcs.strings import go_quote

_PATH, _USER, _HOST, _FRAGMENT, _QUERY = "path", "user", "host", "fragment", "query"
_HEX = "0123456789ABCDEF"


class URLError(ValueError):
    """Go's url.Parse error; ``str(err)`` is Go's text (``parse "x": ...``)."""


@dataclass
class GoURL:
    """The fields of Go's ``url.URL`` that Sprig reads or writes."""

    scheme: str = ""
    opaque: str = ""
    user: tuple[str, str | None] | None = None
    host: str = ""
    path: str = ""
    raw_path: str = ""
    omit_host: bool = False
    force_query: bool = False
    raw_query: str = ""
    fragment: str = ""
    raw_fragment: str = ""

    def hostname(self) -> str:
        """Go ``URL.Hostname``: host without a valid ``:port`` suffix and without IPv6 brackets."""
        host = self.host
        colon = host.rfind(":")
        if colon >= 0 and _valid_port(host[colon:]):
            host = host[:colon]
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        return host

    def user_string(self) -> str:
        """Go ``Userinfo.String``: escaped ``user[:password]``."""
        if self.user is None:
            return ""
        name, password = self.user
        text = escape(name, _USER)
        if password is not None:
            text += ":" + escape(password, _USER)
        return text

    def escaped_path(self) -> str:
        """Go ``URL.EscapedPath``."""
        if self.raw_path and _valid_encoded(self.raw_path) and unescape_or_none(self.raw_path, _PATH) == self.path:
            return self.raw_path
        if self.path == "*":
            return "*"
        return escape(self.path, _PATH)

    def string(self) -> str:
        """Go ``URL.String``."""
        out = []
        if self.scheme:
            out.append(self.scheme + ":")
        if self.opaque:
            out.append(self.opaque)
        else:
            if self.scheme or self.host or self.user is not None:
                if not (self.omit_host and not self.host and self.user is None):
                    if self.host or self.path or self.user is not None:
                        out.append("//")
                    if self.user is not None:
                        out.append(self.user_string() + "@")
                    if self.host:
                        out.append(escape(self.host, _HOST))
            path = self.escaped_path()
            if path and path[0] != "/" and self.host:
                out.append("/")
            if not out and ":" in path.split("/", 1)[0]:
                out.append("./")
            out.append(path)
        if self.force_query or self.raw_query:
            out.append("?" + self.raw_query)
        if self.fragment:
            out.append("#" + escape(self.fragment, _FRAGMENT))
        return "".join(out)


def _should_escape(c: str, mode: str) -> bool:
    if c.isascii() and c.isalnum():
        return False
    if mode == _HOST and c in "!$&'()*+,;=:[]<>\"":
        return False
    if c in "-_.~":
        return False
    if c in "$&+,/:;=?@":
        if mode == _PATH:
            return c == "?"
        if mode == _USER:
            return c in "@/?:"
        if mode == _FRAGMENT:
            return False
        return True
    if mode == _FRAGMENT and c in "!()*":
        return False
    return True


def escape(text: str, mode: str) -> str:
    """Go ``url.escape``: percent-encode the UTF-8 bytes that ``mode`` does not allow."""
    out = []
    for byte in text.encode("utf-8", "surrogateescape"):
        c = chr(byte)
        if byte < 0x80 and not _should_escape(c, mode):
            out.append(c)
        else:
            out.append("%" + _HEX[byte >> 4] + _HEX[byte & 15])
    return "".join(out)


def unescape(text: str, mode: str) -> str:
    """Go ``url.unescape``; raises URLError-worthy ValueError texts (``invalid URL escape "%zz"``)."""
    data = text.encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x25:
            chunk = data[i: i + 3]
            if len(chunk) < 3 or not all(chr(b) in "0123456789abcdefABCDEF" for b in chunk[1:]):
                bad = data[i:][:3].decode("utf-8", "replace")
                raise ValueError(f"invalid URL escape {go_quote(bad)}")
            value = int(chunk[1:].decode(), 16)
            if mode == _HOST and value < 0x80 and chunk != b"%25" and int(chr(chunk[1]), 16) < 8:
                raise ValueError(f"invalid URL escape {go_quote(chunk.decode())}")
            out.append(value)
            i += 3
            continue
        if mode == _HOST and byte < 0x80 and _should_escape(chr(byte), _HOST):
            raise ValueError(f"invalid character {go_quote(chr(byte))} in host name")
        out.append(byte)
        i += 1
    return out.decode("utf-8", "surrogateescape")


def unescape_or_none(text: str, mode: str) -> str | None:
    """:func:`unescape`, or None when the text is badly escaped."""
    try:
        return unescape(text, mode)
    except ValueError:
        return None


def _valid_encoded(text: str) -> bool:
    for c in text:
        if c in "!$&'()*+,;=:@[]%":
            continue
        if _should_escape(c, _PATH):
            return False
    return True


def _get_scheme(raw: str) -> tuple[str, str]:
    for i, c in enumerate(raw):
        if c.isascii() and c.isalpha():
            continue
        if (c.isascii() and c.isdigit()) or c in "+-.":
            if i == 0:
                return "", raw
            continue
        if c == ":":
            if i == 0:
                raise ValueError("missing protocol scheme")
            return raw[:i], raw[i + 1:]
        return "", raw
    return "", raw


def _parse_host(host: str) -> str:
    if host.startswith("["):
        end = host.rfind("]")
        if end < 0:
            raise ValueError("missing ']' in host")
        port = host[end + 1:]
        if not _valid_port(port):
            raise ValueError(f"invalid port {go_quote(port)} after host")
        return unescape(host[: end + 1], _HOST) + port
    colon = host.find(":")
    if colon >= 0 and not _valid_port(host[colon:]):
        raise ValueError(f"invalid port {go_quote(host[colon:])} after host")
    return unescape(host, _HOST)


def _valid_port(port: str) -> bool:
    return port == "" or (port[0] == ":" and all(c in "0123456789" for c in port[1:]))


_USERINFO_OK = set("-._:~!$&'()*+,;=%@")


def _parse_authority(authority: str) -> tuple[tuple[str, str | None] | None, str]:
    at = authority.rfind("@")
    host = _parse_host(authority[at + 1:] if at >= 0 else authority)
    if at < 0:
        return None, host
    info = authority[:at]
    if any(not ((c.isascii() and c.isalnum()) or c in _USERINFO_OK) for c in info):
        raise ValueError("net/url: invalid userinfo")
    if ":" not in info:
        return (unescape(info, _USER), None), host
    name, _, password = info.partition(":")
    return (unescape(name, _USER), unescape(password, _USER)), host


def _parse(raw: str) -> GoURL:
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise ValueError("net/url: invalid control character in URL")
    url = GoURL()
    if raw == "*":
        url.path = "*"
        return url
    scheme, rest = _get_scheme(raw)
    url.scheme = scheme.lower()
    if rest.endswith("?") and rest.count("?") == 1:
        url.force_query = True
        rest = rest[:-1]
    else:
        rest, _, url.raw_query = rest.partition("?")
    if not rest.startswith("/"):
        if url.scheme:
            url.opaque = rest
            return url
        if ":" in rest.split("/", 1)[0]:
            raise ValueError("first path segment in URL cannot contain colon")
    if (url.scheme or not rest.startswith("///")) and rest.startswith("//"):
        authority, slash, tail = rest[2:].partition("/")
        rest = slash + tail
        url.user, url.host = _parse_authority(authority)
    elif url.scheme and rest.startswith("/"):
        url.omit_host = True
    url.path = unescape(rest, _PATH)
    url.raw_path = "" if escape(url.path, _PATH) == rest else rest
    return url


def parse_url(raw: str) -> GoURL:
    """Go ``url.Parse``; raises URLError with Go's ``parse "RAW": REASON`` text."""
    base, sep, fragment = raw.partition("#")
    try:
        url = _parse(base)
    except ValueError as err:
        raise URLError(f"parse {go_quote(base)}: {err}") from err
    if sep:
        try:
            url.fragment = unescape(fragment, _FRAGMENT)
        except ValueError as err:
            raise URLError(f"parse {go_quote(raw)}: {err}") from err
        url.raw_fragment = fragment
    return url


def url_parse(value: Any) -> dict[str, Any]:
    """``urlParse URL``: ``{scheme host hostname path query opaque fragment userinfo}``.

    A malformed URL raises FuncError ``unable to parse url: <Go error>``.
    """
    try:
        url = parse_url(want_str(value))
    except URLError as err:
        raise FuncError(f"unable to parse url: {err}") from err
    return {
        "scheme": url.scheme,
        "host": url.host,
        "hostname": url.hostname(),
        "path": url.path,
        "query": url.raw_query,
        "opaque": url.opaque,
        "fragment": url.fragment,
        "userinfo": url.user_string(),
    }


def _meta(d: dict[str, Any], key: str) -> str:
    if key not in d:
        return ""
    value = d[key]
    if isinstance(value, str):
        return value
    if value is None:
        raise FuncError("runtime error: invalid memory address or nil pointer dereference")
    raise FuncError(f"unable to parse {key} key, must be of type string, but {kind_of(value)} found")


def url_join(d: Any) -> str:
    """``urlJoin DICT``: build a URL string from urlParse-style parts (Go ``URL.String``)."""
    d = want_dict(d)
    url = GoURL(
        scheme=_meta(d, "scheme"),
        host=_meta(d, "host"),
        path=_meta(d, "path"),
        raw_query=_meta(d, "query"),
        opaque=_meta(d, "opaque"),
        fragment=_meta(d, "fragment"),
    )
    userinfo = _meta(d, "userinfo")
    if userinfo:
        try:
            url.user = parse_url(f"proto://{userinfo}@host").user
        except URLError as err:
            raise FuncError(f"unable to parse userinfo in dict: {err}") from err
    return url.string()


FUNCS: dict[str, Callable[..., Any]] = {
    "urlParse": url_parse,
    "urlJoin": url_join,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "urlParse": ("string",),
        "urlJoin": ("map[string]interface {}",),
    },
)
