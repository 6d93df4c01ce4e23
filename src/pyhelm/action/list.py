"""``helm list``: releases of a namespace (Helm ``action.List``).

Only the latest revision of each release is listed (all revisions when only
``superseded`` is asked for); the state flags select statuses; ``filter`` is a Go
regular expression on names and ``selector`` a Kubernetes label selector on the
records' labels. Results are sorted by name (or date), then paged with
``offset``/``limit``.
"""

from __future__ import annotations

import builtins
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pyhelm.release.model import Release
from pyhelm.storage import Storage

__all__ = [
    "ListError",
    "ListOptions",
    "ListState",
    "list_releases",
    "parse_selector",
    "release_elements",
]


class ListError(Exception):
    """``helm list`` failed; ``str(err)`` is Helm's message."""


class ListState(enum.IntFlag):
    """Helm ``action.ListStates``: one bit per release status."""

    DEPLOYED = 1
    UNINSTALLED = 2
    UNINSTALLING = 4
    PENDING_INSTALL = 8
    PENDING_UPGRADE = 16
    PENDING_ROLLBACK = 32
    SUPERSEDED = 64
    FAILED = 128
    UNKNOWN = 256

    @classmethod
    def from_name(cls, status: str) -> ListState:
        """The bit of a status name; ``UNKNOWN`` for any other (Helm ``FromName``)."""
        return _BY_NAME.get(status, cls.UNKNOWN)


_BY_NAME = {
    "deployed": ListState.DEPLOYED,
    "uninstalled": ListState.UNINSTALLED,
    "superseded": ListState.SUPERSEDED,
    "failed": ListState.FAILED,
    "uninstalling": ListState.UNINSTALLING,
    "pending-install": ListState.PENDING_INSTALL,
    "pending-upgrade": ListState.PENDING_UPGRADE,
    "pending-rollback": ListState.PENDING_ROLLBACK,
}

LIST_ALL = (
    ListState.DEPLOYED | ListState.UNINSTALLED | ListState.UNINSTALLING | ListState.PENDING_INSTALL
    | ListState.PENDING_ROLLBACK | ListState.PENDING_UPGRADE | ListState.SUPERSEDED | ListState.FAILED
)


@dataclass
class ListOptions:
    """The ``helm list`` flags that shape the result (Helm ``action.List`` fields)."""

    all: bool = False
    by_date: bool = False
    sort_reverse: bool = False
    limit: int = 256
    offset: int = 0
    filter: str = ""
    selector: str = ""
    uninstalled: bool = False
    superseded: bool = False
    uninstalling: bool = False
    deployed: bool = False
    failed: bool = False
    pending: bool = False

    def state_mask(self) -> ListState:
        """The statuses to show (Helm ``SetStateMask``); every status when no flag is set.

        Helm v4.2.3 lists releases of every status unless state flags narrow them.
        """
        if self.all:
            return LIST_ALL
        state = ListState(0)
        if self.deployed:
            state |= ListState.DEPLOYED
        if self.uninstalled:
            state |= ListState.UNINSTALLED
        if self.uninstalling:
            state |= ListState.UNINSTALLING
        if self.pending:
            state |= ListState.PENDING_INSTALL | ListState.PENDING_ROLLBACK | ListState.PENDING_UPGRADE
        if self.failed:
            state |= ListState.FAILED
        if self.superseded:
            state |= ListState.SUPERSEDED
        return state or LIST_ALL


# ---------------------------------------------------------------------------
# Go regexp (RE2) → Python
# ---------------------------------------------------------------------------


def compile_go_regexp(pattern: str) -> re.Pattern[str]:
    """Compile a Go (RE2) regular expression with Python's engine.

    Raises :class:`ListError` ``error parsing regexp: ...`` when Python rejects it.
    Perl-only constructs RE2 refuses (backreferences, lookaround) are rejected too.
    """
    lookbehind = re.search(r"\(\?<[=!]", pattern)
    if lookbehind:
        start = lookbehind.start()
        end = pattern.find(">", start)
        text = pattern[start:] if end < 0 else pattern[start:end + 1]
        raise ListError(f"error parsing regexp: invalid named capture: `{text}`")
    perl = re.search(r"\(\?[=!]|\\[1-9]", pattern)
    if perl:
        word = "invalid escape sequence" if perl.group().startswith("\\") else "invalid or unsupported Perl syntax"
        raise ListError(f"error parsing regexp: {word}: `{perl.group()}`")
    translated = pattern.replace("\\z", "\\Z")
    try:
        return re.compile(translated)
    except re.error as err:
        raise ListError(f"error parsing regexp: {_go_regexp_problem(err, pattern)}") from None


def _go_regexp_problem(err: re.error, pattern: str) -> str:
    """Go's ``regexp/syntax`` wording for the common mistakes Python reports."""
    msg = err.msg
    pos = err.pos or 0
    if msg.startswith("unterminated character set"):
        return f"missing closing ]: `{pattern[pos:]}`"
    if msg.startswith("missing ), unterminated subpattern"):
        return f"missing closing ): `{pattern}`"
    if msg.startswith("unbalanced parenthesis"):
        return f"unexpected ): `{pattern}`"
    if msg.startswith("nothing to repeat"):
        op = pattern[pos:pos + 2] if pattern[pos + 1:pos + 2] in ("?", "+") else pattern[pos:pos + 1]
        return f"missing argument to repetition operator: `{op}`"
    if msg.startswith("multiple repeat"):
        return f"invalid nested repetition operator: `{pattern[pos - 1:pos + 1]}`"
    if msg.startswith("bad escape"):
        return f"invalid escape sequence: `{pattern[pos:pos + 2]}`"
    return f"{msg}: `{pattern}`"


# ---------------------------------------------------------------------------
# label selectors (k8s.io/apimachinery/pkg/labels, equality and set forms)
# ---------------------------------------------------------------------------

_Requirement = tuple[str, str, builtins.list[str]]


def parse_selector(selector: str) -> builtins.list[_Requirement]:
    """Parse a label selector: ``k=v``, ``k==v``, ``k!=v``, ``k``, ``!k``, ``k in (a,b)``, ``k notin (a)``.

    Returns ``[(key, operator, values)]``; raises :class:`ListError` for bad syntax.
    """
    reqs: builtins.list[_Requirement] = []
    for part in _split_selector(selector):
        part = part.strip()
        if not part:
            continue
        reqs.append(_parse_requirement(part))
    return reqs


def _split_selector(selector: str) -> builtins.list[str]:
    parts, depth, current = [], 0, []
    for ch in selector:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


_SET_RE = re.compile(r"^([^\s!=(),]+)\s+(in|notin)\s+\(([^()]*)\)$")


def _parse_requirement(part: str) -> _Requirement:
    m = _SET_RE.match(part)
    if m:
        values = [v.strip() for v in m.group(3).split(",") if v.strip()]
        return m.group(1), m.group(2), values
    if part.startswith("!"):
        return part[1:].strip(), "!", []
    for op in ("!=", "==", "="):
        if op in part:
            key, value = part.split(op, 1)
            return key.strip(), "!=" if op == "!=" else "=", [value.strip()]
    if re.fullmatch(r"[A-Za-z0-9_./-]+", part):
        return part, "exists", []
    raise ListError(f"unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'")


def selector_matches(reqs: builtins.list[_Requirement], labels: Mapping[str, str]) -> bool:
    """Whether ``labels`` satisfy every requirement (Kubernetes ``Selector.Matches``)."""
    for key, op, values in reqs:
        present = key in labels
        value = labels.get(key, "")
        if op == "=" and (not present or value != values[0]):
            return False
        if op == "!=" and present and value == values[0]:
            return False
        if op == "in" and (not present or value not in values):
            return False
        if op == "notin" and present and value in values:
            return False
        if op == "exists" and not present:
            return False
        if op == "!" and present:
            return False
    return True


# ---------------------------------------------------------------------------
# the action
# ---------------------------------------------------------------------------


def _latest(releases: builtins.list[Release]) -> builtins.list[Release]:
    """The highest revision of each namespace/name (Helm ``filterLatestReleases``)."""
    latest: dict[tuple[str, str], Release] = {}
    for rel in releases:
        key = (rel.namespace, rel.name)
        if key in latest and latest[key].version > rel.version:
            continue
        latest[key] = rel
    return list(latest.values())


def _date_key(rel: Release) -> tuple[int, str]:
    """Unix seconds of the last deployment, then the name (Helm ``SortByDate``)."""
    info = rel.info
    if info is None or info.last_deployed is None:
        return (_ZERO_UNIX, rel.name)
    return (int(info.last_deployed.timestamp() // 1), rel.name)


_ZERO_UNIX = -62135596800


def _sort(releases: builtins.list[Release], opts: ListOptions) -> builtins.list[Release]:
    if opts.by_date:
        ordered = sorted(releases, key=_date_key)
        return ordered[::-1] if opts.sort_reverse else ordered
    ordered = sorted(releases, key=lambda r: r.name)
    return ordered[::-1] if opts.sort_reverse else ordered


def list_releases(storage: Storage, opts: ListOptions) -> builtins.list[Release]:
    """Run Helm's ``List``: filter, keep latest revisions, apply the state mask and selector, sort, page.

    ``storage`` lists the namespace it was opened for (every namespace when opened
    with ``""``). Raises :class:`ListError` for a bad ``filter`` or ``selector`` and the
    storage's errors.
    """
    pattern = compile_go_regexp(opts.filter) if opts.filter else None
    results = storage.list(lambda rel: pattern is None or pattern.search(rel.name) is not None)
    mask = opts.state_mask()
    if mask != ListState.SUPERSEDED:
        results = _latest(results)
    results = [r for r in results if mask & ListState.from_name(str(r.status))]
    reqs = parse_selector(opts.selector)
    results = [r for r in results if selector_matches(reqs, r.labels or {})]
    results = _sort(results, opts)
    if opts.offset >= len(results):
        return []
    limit = len(results)
    if 0 < opts.limit < limit:
        limit = opts.limit
    return results[opts.offset:opts.offset + limit]


def release_elements(releases: builtins.list[Release], time_format: str = "") -> builtins.list[dict[str, str]]:
    """The rows ``helm list`` prints and marshals (Helm ``releaseElement``), in field order.

    ``updated`` is Go's ``Time.String()`` (or ``Format(time_format)``), ``-`` when unset.
    """
    from pyhelm.action.release_printer import app_version, chart_name, format_layout, time_string

    rows = []
    for rel in releases:
        updated = "-"
        last = rel.info.last_deployed if rel.info is not None else None
        if last is not None:
            updated = format_layout(last, time_format) if time_format else time_string(last)
        rows.append({
            "name": rel.name,
            "namespace": rel.namespace,
            "revision": str(rel.version),
            "updated": updated,
            "status": str(rel.status),
            "chart": chart_name(rel.chart),
            "app_version": app_version(rel.chart),
        })
    return rows
