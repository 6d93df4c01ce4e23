"""Version constraints as Masterminds semver v3 (v3.5) parses and checks them.

Grammar: ``||`` separates OR groups; inside a group constraints are ANDed and
separated by spaces or commas. Operators ``= != > < >= => <= =< ~ ~> ^`` (none
means ``=``); ``x``/``X``/``*`` wildcards; ``A - B`` hyphen ranges
(``>= A, <= B``). A prerelease version only satisfies a group where some
constraint names a prerelease (or when ``include_prerelease`` is set).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pyhelm.engine.runtime import go_quote as _go_quote
from pyhelm.semver.version import SemverError, Version, compare_prerelease

_WS = r"[\t\n\f\r ]"
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"

_CONSTRAINT_RE = re.compile(rf"{_WS}*({_OPS}){_WS}*({_CV}){_WS}*")
_RANGE_RE = re.compile(rf"{_WS}*({_CV}){_WS}+-{_WS}+({_CV}){_WS}*")
_FIND_RE = re.compile(rf"({_OPS}){_WS}*({_CV})")
_VALID_RE = re.compile(
    rf"({_WS}*({_OPS}){_WS}*({_CV}){_WS}*)((?:{_WS}+|,{_WS}*)({_OPS}){_WS}*({_CV}){_WS}*)*"
)

_PRE_MSG = "{v} is a prerelease version and the constraint is only looking for release versions"

#: Longest constraint string and most ``||`` groups NewConstraint accepts.
MAX_CONSTRAINT_LEN = 512
MAX_CONSTRAINT_GROUPS = 32


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


@dataclass
class _Constraint:
    """One comparison: operator, the version it compares with, and wildcard flags."""

    con: Version
    orig: str
    op: str
    dirty: bool = False
    minor_dirty: bool = False
    patch_dirty: bool = False

    def check(self, v: Version, include_pre: bool) -> tuple[bool, str | None]:
        """Return ``(ok, reason)``; ``reason`` is Masterminds' message when not ok."""
        if v.prerelease and not self.con.prerelease and not include_pre:
            return False, _PRE_MSG.format(v=_go_quote(v.String()))
        return _OPS_FUNCS[self.op](v, self)

    def __str__(self) -> str:
        return self.op + self.orig


def _parse_one(text: str) -> _Constraint:
    m = _CONSTRAINT_RE.fullmatch(text)
    if m is None:
        raise SemverError(f"improper constraint: {_go_quote(text)}")
    op, orig = m.group(1), m.group(2)
    major, minor, patch, pre = m.group(3), m.group(4) or "", m.group(5) or "", m.group(6) or ""
    ver = orig
    dirty = minor_dirty = patch_dirty = False
    if _is_x(major):
        ver, dirty = "0.0.0" + pre, True
    elif minor == "" or _is_x(minor[1:]):
        ver, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif patch == "" or _is_x(patch[1:]):
        ver, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        con = Version.parse(ver)
    except SemverError:
        raise SemverError("constraint parser error") from None
    return _Constraint(con, orig, op, dirty, minor_dirty, patch_dirty)


def _rewrite_range(text: str) -> str:
    out = text
    for m in _RANGE_RE.finditer(text):
        out = out.replace(m.group(0), f">= {m.group(1)}, <= {m.group(11)} ", 1)
    return out


class Constraints:
    """A parsed constraint string: OR groups of ANDed comparisons.

    ``str(c)`` is the original text; :meth:`String` is Masterminds' normalised form.
    """

    def __init__(self, groups: list[list[_Constraint]], original: str, include_prerelease: bool = False):
        self.groups = groups
        self.original = original
        self.include_prerelease = include_prerelease

    @classmethod
    def parse(cls, text: str) -> Constraints:
        """Masterminds ``NewConstraint``. Raises :class:`SemverError` (``improper constraint: "..."``)."""
        if len(text.encode("utf-8", "surrogateescape")) > MAX_CONSTRAINT_LEN:
            raise SemverError(f"constraint string is too long (max {MAX_CONSTRAINT_LEN} bytes)")
        rewritten = _rewrite_range(text)
        parts = rewritten.split("||")
        if len(parts) > MAX_CONSTRAINT_GROUPS:
            raise SemverError(f"too many constraint groups (max {MAX_CONSTRAINT_GROUPS})")
        groups: list[list[_Constraint]] = []
        for part in parts:
            if not _VALID_RE.fullmatch(part):
                raise SemverError(f"improper constraint: {_go_quote(part)}")
            found = [m.group(0) for m in _FIND_RE.finditer(part)] or [part]
            groups.append([_parse_one(s) for s in found])
        return cls(groups, text)

    def _group_includes_pre(self, group: list[_Constraint]) -> bool:
        return self.include_prerelease or any(c.con.prerelease for c in group)

    def check(self, version: Version | str) -> bool:
        """True when some OR group accepts the version (Masterminds ``Check``)."""
        v = _as_version(version)
        for group in self.groups:
            include = self._group_includes_pre(group)
            if all(c.check(v, include)[0] for c in group):
                return True
        return False

    def validate(self, version: Version | str) -> tuple[bool, list[str]]:
        """``(ok, reasons)`` as Masterminds ``Validate``; reasons are its error messages."""
        v = _as_version(version)
        reasons: list[str] = []
        pre_reported = False
        for group in self.groups:
            include = self._group_includes_pre(group)
            ok = True
            for c in group:
                if not include and not c.con.prerelease and v.prerelease:
                    if not pre_reported:
                        reasons.append(_PRE_MSG.format(v=_go_quote(v.String())))
                        pre_reported = True
                    ok = False
                    continue
                passed, why = c.check(v, include)
                if not passed:
                    reasons.append(why or "")
                    ok = False
            if ok:
                return True, []
        return False, reasons

    def String(self) -> str:  # noqa: N802 - Go method name
        """Normalised text: ANDs joined by a space, ORs by `` || ``."""
        return " || ".join(" ".join(str(c) for c in group) for group in self.groups)

    def __str__(self) -> str:
        return self.original

    def __repr__(self) -> str:
        return f"Constraints({self.original!r})"


def _as_version(version: Version | str) -> Version:
    return version if isinstance(version, Version) else Version.parse(version)


# -- the operator functions: (version, constraint) -> (ok, reason) ---------------------

_Result = tuple[bool, str | None]


def _fail(fmt: str, v: Version, c: _Constraint) -> _Result:
    """A failed check with Masterminds' reason; both operands are ``%q``-quoted as v3.5 prints them."""
    return False, fmt.format(v=_go_quote(v.String()), c=_go_quote(c.orig))


def _not_equal(v: Version, c: _Constraint) -> _Result:
    equal_msg = "{v} is equal to {c}"
    if c.dirty:
        if c.con.major != v.major:
            return True, None
        if c.con.minor != v.minor and not c.minor_dirty:
            return True, None
        if c.minor_dirty:
            return _fail(equal_msg, v, c)
        if c.con.patch != v.patch and not c.patch_dirty:
            return True, None
        if c.patch_dirty:
            if v.prerelease or c.con.prerelease:
                if compare_prerelease(v.prerelease, c.con.prerelease) != 0:
                    return True, None
            return _fail(equal_msg, v, c)
    if v.compare(c.con) == 0:
        return _fail(equal_msg, v, c)
    return True, None


def _greater(v: Version, c: _Constraint) -> _Result:
    msg = "{v} is less than or equal to {c}"
    if not c.dirty:
        return (True, None) if v.compare(c.con) == 1 else _fail(msg, v, c)
    if v.major > c.con.major:
        return True, None
    if v.major < c.con.major or c.minor_dirty:
        return _fail(msg, v, c)
    if c.patch_dirty:
        return (True, None) if v.minor > c.con.minor else _fail(msg, v, c)
    return (True, None) if v.compare(c.con) == 1 else _fail(msg, v, c)


def _less(v: Version, c: _Constraint) -> _Result:
    if v.compare(c.con) < 0:
        return True, None
    return _fail("{v} is greater than or equal to {c}", v, c)


def _greater_equal(v: Version, c: _Constraint) -> _Result:
    if v.compare(c.con) >= 0:
        return True, None
    return _fail("{v} is less than {c}", v, c)


def _less_equal(v: Version, c: _Constraint) -> _Result:
    msg = "{v} is greater than {c}"
    if not c.dirty:
        return (True, None) if v.compare(c.con) <= 0 else _fail(msg, v, c)
    if v.major > c.con.major:
        return _fail(msg, v, c)
    if v.major == c.con.major and v.minor > c.con.minor and not c.minor_dirty:
        return _fail(msg, v, c)
    return True, None


def _tilde(v: Version, c: _Constraint) -> _Result:
    if v.compare(c.con) < 0:
        return _fail("{v} is less than {c}", v, c)
    con = c.con
    if con.major == 0 and con.minor == 0 and con.patch == 0 and not c.minor_dirty and not c.patch_dirty:
        return True, None
    if v.major != con.major:
        return _fail("{v} does not have same major version as {c}", v, c)
    if v.minor != con.minor and not c.minor_dirty:
        return _fail("{v} does not have same major and minor version as {c}", v, c)
    return True, None


def _tilde_or_equal(v: Version, c: _Constraint) -> _Result:
    if c.dirty:
        return _tilde(v, c)
    if v.compare(c.con) == 0:
        return True, None
    return _fail("{v} is not equal to {c}", v, c)


def _caret(v: Version, c: _Constraint) -> _Result:
    con = c.con
    if v.compare(con) < 0:
        return _fail("{v} is less than {c}", v, c)
    if con.major > 0 or c.minor_dirty:
        if v.major == con.major:
            return True, None
        return _fail("{v} does not have same major version as {c}", v, c)
    if v.major > 0:
        return _fail("{v} does not have same major version as {c}", v, c)
    if con.minor > 0 or c.patch_dirty:
        if v.minor == con.minor:
            return True, None
        return _fail(
            "{v} does not have same minor version as {c}. Expected minor versions to match "
            "when constraint major version is 0",
            v,
            c,
        )
    if v.minor > 0:
        return _fail("{v} does not have same minor version as {c}", v, c)
    if v.patch == con.patch:
        return True, None
    return _fail(
        "{v} does not equal {c}. Expect version and constraint to equal when major and minor versions are 0",
        v,
        c,
    )


_OPS_FUNCS: dict[str, Callable[[Version, _Constraint], _Result]] = {
    "": _tilde_or_equal,
    "=": _tilde_or_equal,
    "!=": _not_equal,
    ">": _greater,
    "<": _less,
    ">=": _greater_equal,
    "=>": _greater_equal,
    "<=": _less_equal,
    "=<": _less_equal,
    "~": _tilde,
    "~>": _tilde,
    "^": _caret,
}
