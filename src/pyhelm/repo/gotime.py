"""Go ``time.Time`` as ``encoding/json`` writes it (RFC 3339 with nanoseconds, zeros trimmed)."""

from __future__ import annotations

import datetime as _dt
import re
import time

ZERO_TIME = "0001-01-01T00:00:00Z"
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)

_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$")


def _format(seconds: int, nanos: int, offset_seconds: int) -> str:
    stamp = _EPOCH + _dt.timedelta(seconds=seconds + offset_seconds)
    text = f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}T{stamp.hour:02d}:{stamp.minute:02d}:{stamp.second:02d}"
    if nanos:
        text += "." + f"{nanos:09d}".rstrip("0")
    if offset_seconds == 0:
        return text + "Z"
    sign = "+" if offset_seconds > 0 else "-"
    hours, minutes = divmod(abs(offset_seconds) // 60, 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def now() -> str:
    """Go ``time.Now()`` in the local zone, formatted as ``RFC3339Nano`` (what Helm writes)."""
    ns = time.time_ns()
    seconds, nanos = divmod(ns, 1_000_000_000)
    offset = _dt.datetime.fromtimestamp(seconds).astimezone().utcoffset() or _dt.timedelta()
    return _format(seconds, nanos, int(offset.total_seconds()))


def normalize(text: str) -> str:
    """Re-format an RFC 3339 time the way Go prints it after a JSON round trip.

    Raises ValueError with Go's ``parsing time`` wording for text Go rejects.
    """
    match = _RFC3339.match(text)
    if not match:
        raise ValueError(f'parsing time "{text}" as "2006-01-02T15:04:05Z07:00": cannot parse "{text}" as "2006"')
    year, month, day, hour, minute, sec, frac, zone = match.groups()
    nanos = int((frac or "0")[:9].ljust(9, "0"))
    offset = 0
    if zone not in ("Z", "z"):
        sign = 1 if zone[0] == "+" else -1
        offset = sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    stamp = _dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(sec), tzinfo=_dt.UTC)
    return _format(int((stamp - _EPOCH).total_seconds()) - offset, nanos, offset)
