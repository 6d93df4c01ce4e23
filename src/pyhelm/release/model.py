"""Release records, shaped like Helm v4's ``pkg/release/v1`` and ``pkg/release/common`` types.

A :class:`Release` is one revision of an installed chart: the chart itself, the user
values (``config``), the rendered manifest, the hooks, and an :class:`Info` block with
timestamps and a :class:`Status`. :mod:`pyhelm.release.codec` writes and reads them in
the exact JSON layout Helm's storage drivers use.

Times are :class:`GoTime` values: ``datetime`` objects that also keep Go's
sub-microsecond nanoseconds, so a record Helm wrote is re-encoded byte for byte.
``None`` stands for Go's zero ``time.Time`` (which Helm omits from JSON).
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from pyhelm.chart.model import Chart

__all__ = [
    "GoTime",
    "Hook",
    "HookDeletePolicy",
    "HookEvent",
    "HookExecution",
    "HookOutputLogPolicy",
    "HookPhase",
    "Info",
    "Release",
    "Status",
    "format_time",
    "now",
    "parse_time",
]


class Status(enum.StrEnum):
    """Helm's release status strings (``common.Status``)."""

    UNKNOWN = "unknown"
    DEPLOYED = "deployed"
    UNINSTALLED = "uninstalled"
    SUPERSEDED = "superseded"
    FAILED = "failed"
    UNINSTALLING = "uninstalling"
    PENDING_INSTALL = "pending-install"
    PENDING_UPGRADE = "pending-upgrade"
    PENDING_ROLLBACK = "pending-rollback"

    def is_pending(self) -> bool:
        """True for the three ``pending-*`` states (Helm ``Status.IsPending``)."""
        return self in (Status.PENDING_INSTALL, Status.PENDING_UPGRADE, Status.PENDING_ROLLBACK)


class HookEvent(enum.StrEnum):
    """When a hook runs (Helm ``release.HookEvent``)."""

    PRE_INSTALL = "pre-install"
    POST_INSTALL = "post-install"
    PRE_DELETE = "pre-delete"
    POST_DELETE = "post-delete"
    PRE_UPGRADE = "pre-upgrade"
    POST_UPGRADE = "post-upgrade"
    PRE_ROLLBACK = "pre-rollback"
    POST_ROLLBACK = "post-rollback"
    TEST = "test"


class HookDeletePolicy(enum.StrEnum):
    """When a hook resource is deleted (Helm ``release.HookDeletePolicy``)."""

    SUCCEEDED = "hook-succeeded"
    FAILED = "hook-failed"
    BEFORE_HOOK_CREATION = "before-hook-creation"


class HookOutputLogPolicy(enum.StrEnum):
    """When a hook's logs are copied back (Helm ``release.HookOutputLogPolicy``)."""

    ON_SUCCEEDED = "hook-succeeded"
    ON_FAILED = "hook-failed"


class HookPhase(enum.StrEnum):
    """The outcome of a hook's last run (Helm ``release.HookPhase``)."""

    UNKNOWN = "Unknown"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"


HOOK_ANNOTATION = "helm.sh/hook"
HOOK_WEIGHT_ANNOTATION = "helm.sh/hook-weight"
HOOK_DELETE_ANNOTATION = "helm.sh/hook-delete-policy"
HOOK_OUTPUT_LOG_ANNOTATION = "helm.sh/hook-output-log-policy"


# ---------------------------------------------------------------------------
# Go time.Time
# ---------------------------------------------------------------------------


class GoTime(_dt.datetime):
    """A timezone-aware ``datetime`` that also keeps Go's nanoseconds.

    ``nanosecond`` is the full fraction of the second (0..999_999_999); the inherited
    ``microsecond`` is its truncation. Arithmetic returns plain ``datetime`` objects.
    """

    _nanosecond: int

    def __new__(cls, *args: Any, nanosecond: int | None = None, **kwargs: Any) -> GoTime:
        self = super().__new__(cls, *args, **kwargs)
        if nanosecond is None:
            nanosecond = self.microsecond * 1000
        if nanosecond // 1000 != self.microsecond:
            raise ValueError("nanosecond does not agree with microsecond")
        self._nanosecond = nanosecond
        return self

    @property
    def nanosecond(self) -> int:
        """The fraction of the second in nanoseconds."""
        return self._nanosecond

    @classmethod
    def from_datetime(cls, value: _dt.datetime, nanosecond: int | None = None) -> GoTime:
        """Wrap ``value`` (naive values are taken as local time, as Go's ``time.Now``)."""
        if isinstance(value, GoTime) and nanosecond is None:
            return value
        if value.tzinfo is None:
            value = value.astimezone()
        return cls(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, value.tzinfo, fold=value.fold, nanosecond=nanosecond,
        )

    def __reduce__(self) -> Any:
        return (_rebuild_gotime, (format_time(self),))

    def __repr__(self) -> str:
        return f"GoTime({format_time(self)!r})"


def _rebuild_gotime(text: str) -> GoTime:
    return parse_time(text)


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|z|[+-]\d{2}:\d{2})\Z"
)


def parse_time(text: str) -> GoTime:
    """Parse an RFC 3339 time with up to nanosecond precision (Go ``time.Time.UnmarshalJSON``).

    Returns a :class:`GoTime` with a fixed-offset timezone (UTC for ``Z``).
    Raises ValueError for text Go would reject.
    """
    m = _RFC3339.match(text)
    if not m:
        raise ValueError(f'parsing time "{text}" as RFC 3339: cannot parse')
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    frac, zone = m.group(7) or "", m.group(8)
    nanos = int((frac + "000000000")[:9]) if frac else 0
    if zone in ("Z", "z"):
        tz: _dt.tzinfo = _dt.UTC
    else:
        sign = 1 if zone[0] == "+" else -1
        offset = _dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        tz = _dt.timezone(sign * offset)
    return GoTime(year, month, day, hour, minute, second, nanos // 1000, tz, nanosecond=nanos)


def format_time(value: _dt.datetime) -> str:
    """Format as Go's ``time.RFC3339Nano`` (``time.Time.MarshalJSON`` without quotes).

    The fraction drops trailing zeros (and the dot when zero); a zero UTC offset is
    written ``Z``. Naive datetimes are taken as local time.
    """
    if value.tzinfo is None:
        value = value.astimezone()
    nanos = value.nanosecond if isinstance(value, GoTime) else value.microsecond * 1000
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        text += "." + f"{nanos:09d}".rstrip("0")
    offset = value.utcoffset() or _dt.timedelta(0)
    if not offset:
        return text + "Z"
    total = int(offset.total_seconds())
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{text}{sign}{total // 3600:02d}:{total % 3600 // 60:02d}"


def now() -> GoTime:
    """The current local time with nanoseconds, as Go's ``time.Now()``."""
    import time

    ns = time.time_ns()
    local = _dt.datetime.fromtimestamp(ns // 1_000_000_000).astimezone()
    local = local.replace(microsecond=(ns % 1_000_000_000) // 1000)
    return GoTime.from_datetime(local, nanosecond=ns % 1_000_000_000)


# ---------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------


@dataclass
class HookExecution:
    """The last run of a hook (Helm ``release.HookExecution``).

    ``phase`` is a :class:`HookPhase` or, for records written with an unknown phase,
    the raw string (``""`` is Go's zero value, written as ``"phase":""``).
    """

    started_at: GoTime | None = None
    completed_at: GoTime | None = None
    phase: HookPhase | str = ""


@dataclass
class Hook:
    """A hook resource of a release (Helm ``release.Hook``)."""

    name: str = ""
    kind: str = ""
    path: str = ""
    manifest: str = ""
    events: list[HookEvent | str] | None = None
    last_run: HookExecution = field(default_factory=HookExecution)
    weight: int = 0
    delete_policies: list[HookDeletePolicy | str] | None = None
    output_log_policies: list[HookOutputLogPolicy | str] | None = None


@dataclass
class Info:
    """Release information (Helm ``release.Info``).

    ``status`` is a :class:`Status`, or ``""`` (Go's zero value) when unset.
    ``resources`` maps a resource kind to its objects as decoded JSON (filled only
    by ``helm status --show-resources``; never stored by Helm's actions).
    """

    first_deployed: GoTime | None = None
    last_deployed: GoTime | None = None
    deleted: GoTime | None = None
    description: str = ""
    status: Status | str = ""
    notes: str = ""
    resources: dict[str, list[Any]] | None = None


@dataclass
class Release:
    """One revision of a release (Helm ``release.Release``).

    ``config`` is the user-supplied values (``None`` when Helm stored none);
    ``version`` is the revision number (1 for the first install); ``labels`` are
    the release's custom labels: they live in the storage object's metadata, never in
    the encoded record. ``apply_method`` is ``"csa"``, ``"ssa"`` or ``""``.
    """

    name: str = ""
    info: Info | None = None
    chart: Chart | None = None
    config: dict[str, Any] | None = None
    manifest: str = ""
    hooks: list[Hook] | None = None
    version: int = 0
    namespace: str = ""
    labels: dict[str, str] | None = None
    apply_method: str = ""

    def set_status(self, status: Status, message: str) -> None:
        """Set ``info.status`` and ``info.description`` (Helm ``Release.SetStatus``)."""
        if self.info is None:
            self.info = Info()
        self.info.status = status
        self.info.description = message

    @property
    def status(self) -> Status | str:
        """The release's status, ``""`` when it has no info block."""
        return self.info.status if self.info is not None else ""
