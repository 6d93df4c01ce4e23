"""Semantic versions as Masterminds semver v3 (v3.5) parses, prints and orders them.

``Version.parse`` is Go's ``semver.NewVersion`` with its default coercion: a leading
``v``, missing minor/patch (``1``, ``v1.2``) and leading zeros in the numeric
segments (``01.2.3``) are accepted. ``Version.parse_strict`` is ``StrictNewVersion``.
Error messages are Masterminds' own, raised as :class:`SemverError`.
"""

from __future__ import annotations

import functools
import re

_UINT64_MAX = (1 << 64) - 1

#: Longest version string NewVersion/StrictNewVersion accept (bytes).
MAX_VERSION_LEN = 256

_LOOSE_RE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)

_DIGITS = frozenset("0123456789")
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")

ERR_INVALID = "invalid semantic version"
ERR_EMPTY = "version string empty"
ERR_CHARS = "invalid characters in version"
ERR_ZERO = "version segment starts with 0"
ERR_METADATA = "invalid build string"
ERR_PRERELEASE = "invalid prerelease string"
ERR_TOO_LONG = f"version string is too long (max {MAX_VERSION_LEN} bytes)"


class SemverError(ValueError):
    """A version or constraint failed to parse; ``str(err)`` is Masterminds' message."""


def _parse_uint(text: str) -> int:
    """Go ``strconv.ParseUint(text, 10, 64)`` with the semver wrapping of its error."""
    value = int(text)
    if value > _UINT64_MAX:
        raise SemverError(
            f'error parsing version segment: strconv.ParseUint: parsing "{text}": value out of range'
        )
    return value


def _check_length(text: str) -> None:
    if len(text.encode("utf-8", "surrogateescape")) > MAX_VERSION_LEN:
        raise SemverError(ERR_TOO_LONG)


def _only(text: str, alphabet: frozenset[str]) -> bool:
    return all(ch in alphabet for ch in text)


def validate_prerelease(pre: str) -> None:
    """Check dot-separated prerelease identifiers; raise :class:`SemverError` if invalid."""
    for part in pre.split("."):
        if part == "":
            raise SemverError(ERR_PRERELEASE)
        if _only(part, _DIGITS):
            if len(part) > 1 and part[0] == "0":
                raise SemverError(ERR_ZERO)
        elif not _only(part, _ALLOWED):
            raise SemverError(ERR_PRERELEASE)


def validate_metadata(meta: str) -> None:
    """Check dot-separated build metadata identifiers; raise :class:`SemverError` if invalid."""
    for part in meta.split("."):
        if part == "" or not _only(part, _ALLOWED):
            raise SemverError(ERR_METADATA)


def _compare_pre_part(s: str, o: str) -> int:
    if s == o:
        return 0
    if s == "":
        return -1
    if o == "":
        return 1
    s_num = s.isascii() and s.isdigit() and int(s) <= _UINT64_MAX
    o_num = o.isascii() and o.isdigit() and int(o) <= _UINT64_MAX
    if not s_num and not o_num:
        return 1 if s.encode() > o.encode() else -1
    if not o_num:
        return -1
    if not s_num:
        return 1
    return 1 if int(s) > int(o) else -1


def compare_prerelease(a: str, b: str) -> int:
    """Order two prerelease strings part by part (Masterminds ``ComparePrerelease``): -1, 0 or 1."""
    a_parts = a.split(".")
    b_parts = b.split(".")
    for i in range(max(len(a_parts), len(b_parts))):
        s = a_parts[i] if i < len(a_parts) else ""
        o = b_parts[i] if i < len(b_parts) else ""
        d = _compare_pre_part(s, o)
        if d:
            return d
    return 0


@functools.total_ordering
class Version:
    """One semantic version: ``major.minor.patch[-prerelease][+metadata]``.

    ``str(v)`` is the original text (Masterminds ``Original()``); :meth:`String`
    is the normalised form Go prints (``1.2.0`` for ``v1.2``). Ordering ignores
    metadata; a prerelease sorts before its release.
    """

    __go_type__ = "*semver.Version"

    __slots__ = ("major", "minor", "patch", "prerelease", "metadata", "original")

    def __init__(
        self, major: int, minor: int = 0, patch: int = 0, prerelease: str = "", metadata: str = "",
        original: str | None = None,
    ) -> None:
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.metadata = metadata
        self.original = self.String() if original is None else original

    # -- parsing -----------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Version:
        """Masterminds ``NewVersion`` (coercing): ``v1.2`` → 1.2.0. Raises :class:`SemverError`."""
        _check_length(text)
        m = _LOOSE_RE.fullmatch(text)
        if m is None:
            raise SemverError(ERR_INVALID)
        major = _parse_uint(m.group(1))
        minor = _parse_uint(m.group(2)[1:]) if m.group(2) else 0
        patch = _parse_uint(m.group(3)[1:]) if m.group(3) else 0
        pre = m.group(5) or ""
        meta = m.group(8) or ""
        if pre:
            validate_prerelease(pre)
        if meta:
            validate_metadata(meta)
        return cls(major, minor, patch, pre, meta, text)

    @classmethod
    def parse_strict(cls, text: str) -> Version:
        """Masterminds ``StrictNewVersion``: exactly ``X.Y.Z[-pre][+meta]``. Raises :class:`SemverError`."""
        if text == "":
            raise SemverError(ERR_EMPTY)
        _check_length(text)
        parts = text.split(".", 2)
        if len(parts) != 3:
            raise SemverError(ERR_INVALID)
        meta = pre = ""
        if "+" in parts[2]:
            parts[2], meta = parts[2].split("+", 1)
            validate_metadata(meta)
        if "-" in parts[2]:
            parts[2], pre = parts[2].split("-", 1)
            validate_prerelease(pre)
        for part in parts:
            if not _only(part, _DIGITS):
                raise SemverError(ERR_CHARS)
            if len(part) > 1 and part[0] == "0":
                raise SemverError(ERR_ZERO)
        if "" in parts:
            raise SemverError('strconv.ParseUint: parsing "": invalid syntax')
        nums = [_strict_uint(p) for p in parts]
        return cls(nums[0], nums[1], nums[2], pre, meta, text)

    # -- Go-visible methods (templates call these on the value sprig's semver returns)
    def Major(self) -> int:  # noqa: N802 - Go method name
        """The major number."""
        return self.major

    def Minor(self) -> int:  # noqa: N802
        """The minor number."""
        return self.minor

    def Patch(self) -> int:  # noqa: N802
        """The patch number."""
        return self.patch

    def Prerelease(self) -> str:  # noqa: N802
        """The prerelease, without its ``-``."""
        return self.prerelease

    def Metadata(self) -> str:  # noqa: N802
        """The build metadata, without its ``+``."""
        return self.metadata

    def Original(self) -> str:  # noqa: N802
        """The text the version was parsed from."""
        return self.original

    def String(self) -> str:  # noqa: N802
        """Normalised text ``M.m.p[-pre][+meta]`` (Go ``Version.String``)."""
        out = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            out += "-" + self.prerelease
        if self.metadata:
            out += "+" + self.metadata
        return out

    def Compare(self, other: Version) -> int:  # noqa: N802
        """-1, 0 or 1 as Masterminds ``Compare`` (metadata ignored)."""
        return self.compare(other)

    def LessThan(self, other: Version) -> bool:  # noqa: N802
        """``Compare(other) < 0``."""
        return self.compare(other) < 0

    def GreaterThan(self, other: Version) -> bool:  # noqa: N802
        """``Compare(other) > 0``."""
        return self.compare(other) > 0

    def Equal(self, other: Version) -> bool:  # noqa: N802
        """``Compare(other) == 0``."""
        return self.compare(other) == 0

    def IncMajor(self) -> Version:  # noqa: N802
        """Next major version (prerelease and metadata dropped)."""
        return self._bumped(self.major + 1, 0, 0)

    def IncMinor(self) -> Version:  # noqa: N802
        """Next minor version (prerelease and metadata dropped)."""
        return self._bumped(self.major, self.minor + 1, 0)

    def IncPatch(self) -> Version:  # noqa: N802
        """Next patch version; a prerelease or metadata version just drops them."""
        if self.prerelease or self.metadata:
            return self._bumped(self.major, self.minor, self.patch)
        return self._bumped(self.major, self.minor, self.patch + 1)

    def _bumped(self, major: int, minor: int, patch: int) -> Version:
        prefix = "v" if self.original.startswith("v") else ""
        plain = Version(major, minor, patch)
        return Version(major, minor, patch, "", "", prefix + plain.String())

    # -- Python protocol -----------------------------------------------------------
    def compare(self, other: Version) -> int:
        """-1, 0 or 1: numeric parts, then prerelease (none sorts after any)."""
        a = (self.major, self.minor, self.patch)
        b = (other.major, other.minor, other.patch)
        if a != b:
            return -1 if a < b else 1
        if self.prerelease == other.prerelease:
            return 0
        if not self.prerelease:
            return 1
        if not other.prerelease:
            return -1
        return compare_prerelease(self.prerelease, other.prerelease)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.compare(other) == 0

    def __lt__(self, other: Version) -> bool:
        return self.compare(other) < 0

    def __hash__(self) -> int:
        return hash((self.major, self.minor, self.patch, self.prerelease))

    def __str__(self) -> str:
        return self.original

    def __repr__(self) -> str:
        return f"Version({self.original!r})"

    def __go_string__(self) -> str:
        """Go's ``%v`` of a ``*semver.Version``: its ``String()``."""
        return self.String()

    def __go_json__(self) -> str:
        """``MarshalJSON`` writes the normalised string."""
        return self.String()

    def __go_fields__(self) -> dict[str, object]:
        """Unexported fields are invisible to templates; printing goes through ``String()``."""
        return {}


def _strict_uint(text: str) -> int:
    value = int(text)
    if value > _UINT64_MAX:
        raise SemverError(f'strconv.ParseUint: parsing "{text}": value out of range')
    return value
