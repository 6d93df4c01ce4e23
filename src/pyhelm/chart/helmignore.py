"""``.helmignore`` rules, as Helm's ``pkg/ignore`` applies them when loading a chart directory.

The syntax is a small subset of ``.gitignore``:

- blank lines and lines starting with ``#`` are skipped; lines are trimmed;
- ``!`` negates a rule: a path that does *not* match it is ignored;
- a trailing ``/`` restricts the rule to directories;
- a leading ``/`` anchors the rule at the chart root;
- a rule containing ``/`` is matched against the whole relative path, any other
  rule against the base name only;
- patterns use Go's ``filepath.Match`` (``*``, ``?``, ``[...]``, ``\\`` escapes);
  ``**`` is rejected.

Rules are evaluated in order; the first ignoring match wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HELMIGNORE = ".helmignore"

DEFAULT_RULES = ("templates/.?*",)


class BadPatternError(ValueError):
    """Go's ``filepath.ErrBadPattern``; ``str(err)`` is ``syntax error in pattern``."""

    def __init__(self) -> None:
        super().__init__("syntax error in pattern")


class HelmignoreError(ValueError):
    """A ``.helmignore`` rule Helm refuses (``double-star (**) syntax is not supported``...)."""


# ---------------------------------------------------------------------------
# Go path/filepath.Match


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    """Split ``pattern`` into (leading star?, chunk up to the next unbracketed ``*``, rest)."""
    star = False
    while pattern.startswith("*"):
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif ch == "[":
            in_range = True
        elif ch == "]":
            in_range = False
        elif ch == "*" and not in_range:
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _get_escaped(chunk: str) -> tuple[str, str]:
    """Read one (possibly escaped) character of a bracket class; raise on bad syntax."""
    if not chunk or chunk[0] in "-]":
        raise BadPatternError()
    if chunk[0] == "\\":
        chunk = chunk[1:]
        if not chunk:
            raise BadPatternError()
    ch, chunk = chunk[0], chunk[1:]
    if not chunk:
        raise BadPatternError()
    return ch, chunk


def _match_class(chunk: str, ch: str | None) -> tuple[bool, str]:
    """Evaluate a ``[...]`` class (``chunk`` starts after ``[``) against ``ch``."""
    negated = False
    if chunk.startswith("^"):
        negated = True
        chunk = chunk[1:]
    matched = False
    count = 0
    while True:
        if chunk.startswith("]") and count > 0:
            chunk = chunk[1:]
            break
        lo, chunk = _get_escaped(chunk)
        hi = lo
        if chunk[0] == "-":
            hi, chunk = _get_escaped(chunk[1:])
        if ch is not None and lo <= ch <= hi:
            matched = True
        count += 1
    return matched != negated, chunk


def _match_chunk(chunk: str, s: str, sep: str = "/") -> tuple[str, bool]:
    """Match ``chunk`` (no ``*``) at the start of ``s``; return (rest, ok).

    Scans the whole chunk even after a mismatch so that syntax errors are reported.
    """
    failed = False
    while chunk:
        if not failed and not s:
            failed = True
        head = chunk[0]
        if head == "[":
            ch = None
            if not failed:
                ch, s = s[0], s[1:]
            ok, chunk = _match_class(chunk[1:], ch)
            if not ok:
                failed = True
        elif head == "?":
            if not failed:
                if s[0] == sep:
                    failed = True
                s = s[1:]
            chunk = chunk[1:]
        else:
            if head == "\\":
                chunk = chunk[1:]
                if not chunk:
                    raise BadPatternError()
            if not failed:
                if chunk[0] != s[0]:
                    failed = True
                s = s[1:]
            chunk = chunk[1:]
    if failed:
        return "", False
    return s, True


def _check_rest(pattern: str) -> None:
    """Raise :class:`BadPatternError` if the unmatched remainder of a pattern is malformed."""
    while pattern:
        _, chunk, pattern = _scan_chunk(pattern)
        _match_chunk(chunk, "")


def go_path_match(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match(pattern, name)`` with ``/`` as separator.

    ``*`` matches any run of non-``/`` characters, ``?`` one non-``/`` character,
    ``[...]`` a class (``^`` negates, ``a-z`` ranges), ``\\`` escapes.
    Raises :class:`BadPatternError` on a malformed pattern (also when the match fails early).
    """
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return "/" not in name
        rest, ok = _match_chunk(chunk, name)
        if ok and (not rest or pattern):
            name = rest
            continue
        if star:
            found = False
            for i in range(len(name)):
                if name[i] == "/":
                    break
                rest, ok = _match_chunk(chunk, name[i + 1 :])
                if ok:
                    if not pattern and rest:
                        continue
                    name = rest
                    found = True
                    break
            if found:
                continue
        _check_rest(pattern)
        return False
    return not name


def go_base(path: str) -> str:
    """Go's ``filepath.Base`` for slash paths: last element, ``.`` for empty, ``/`` for root."""
    if not path:
        return "."
    trimmed = path.rstrip("/")
    if not trimmed:
        return "/"
    return trimmed.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------
# Rules


@dataclass
class _Pattern:
    raw: str
    rule: str
    negate: bool
    must_dir: bool
    mode: str  # "root", "path" or "base"

    def match(self, path: str) -> bool:
        if self.mode == "base":
            path = go_base(path)
        try:
            return go_path_match(self.rule, path)
        except BadPatternError:
            return False


class Rules:
    """A parsed ``.helmignore`` (Helm ``ignore.Rules``)."""

    def __init__(self) -> None:
        self.patterns: list[_Pattern] = []

    @classmethod
    def parse(cls, text: str) -> Rules:
        """Parse ``.helmignore`` text (Helm ``ignore.Parse``).

        Raises :class:`HelmignoreError` for ``**`` and :class:`BadPatternError` for a
        pattern ``filepath.Match`` rejects.
        """
        rules = cls()
        for line in text.split("\n"):
            rules.add_rule(line.rstrip("\r"))
        return rules

    @classmethod
    def parse_file(cls, path: str | Path) -> Rules:
        """Read and parse a ``.helmignore`` file (Helm ``ignore.ParseFile``)."""
        return cls.parse(Path(path).read_bytes().decode("utf-8", errors="replace"))

    def add_defaults(self) -> None:
        """Add Helm's default rule: dotfiles directly under ``templates/`` are ignored."""
        for rule in DEFAULT_RULES:
            self.add_rule(rule)

    def __len__(self) -> int:
        return len(self.patterns)

    def add_rule(self, rule: str) -> None:
        """Parse one line and append its pattern (Helm ``Rules.parseRule``)."""
        rule = rule.strip()
        if not rule or rule.startswith("#"):
            return
        if "**" in rule:
            raise HelmignoreError("double-star (**) syntax is not supported")
        go_path_match(rule, "abc")  # raises BadPatternError like Helm's compile check
        raw = rule
        negate = rule.startswith("!")
        if negate:
            rule = rule[1:]
        must_dir = rule.endswith("/")
        if must_dir:
            rule = rule[:-1]
        if rule.startswith("/"):
            mode, rule = "root", rule[1:]
        elif "/" in rule:
            mode = "path"
        else:
            mode = "base"
        self.patterns.append(_Pattern(raw, rule, negate, must_dir, mode))

    def ignore(self, path: str, is_dir: bool) -> bool:
        """Whether the chart-relative slash ``path`` is ignored (Helm ``Rules.Ignore``)."""
        if path in ("", ".", "./"):
            return False
        for pat in self.patterns:
            if pat.negate:
                if pat.must_dir and not is_dir:
                    return True
                if not pat.match(path):
                    return True
                continue
            if pat.must_dir and not is_dir:
                continue
            if pat.match(path):
                return True
        return False
