"""Sprig's date functions, and Go's ``time`` package as they need it.

- :class:`GoTime`: a ``time.Time`` (unix seconds + nanoseconds + location +
  optional monotonic reading), printed as Go prints it.
- :func:`format_layout` / :func:`parse_layout`: Go reference-layout formatting and
  parsing (``"2006-01-02T15:04:05Z07:00"``, ``"Jan _2"``, ``".000"``, ``"MST"``...).
- :func:`format_duration` / :func:`parse_duration`: ``time.Duration.String`` and
  ``time.ParseDuration``.
- :func:`load_location`: ``time.LoadLocation`` over the system tz database.

Errors are :class:`GoTimeError` carrying Go's exact message.
"""

from __future__ import annotations

import datetime as _dt
import os
import time as _time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyhelm.engine.runtime import GoInt, type_name

NANOS = 1_000_000_000
INT64_MAX = (1 << 63) - 1
_MONO_START = _time.monotonic_ns()

LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


class GoTimeError(ValueError):
    """A Go ``time`` error; ``str(err)`` is Go's message."""


def go_quote(text: str) -> str:
    """The ``time`` package's private ``quote``: ASCII kept, other bytes as ``\\xNN``."""
    out = ['"']
    for ch in text:
        if ord(ch) >= 0x80 or ch < " ":
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
        else:
            if ch in '"\\':
                out.append("\\")
            out.append(ch)
    out.append('"')
    return "".join(out)


# --------------------------------------------------------------------------- locations


class Location:
    """A Go ``*time.Location``: a name and a rule giving (offset seconds, abbreviation)."""

    def __init__(self, name: str, tz: zoneinfo.ZoneInfo | None = None, offset: int = 0, abbr: str = ""):
        self.name = name
        self._tz = tz
        self._offset = offset
        self._abbr = abbr
        self._names: dict[str, list[int]] | None = None

    def lookup(self, unix: int) -> tuple[int, str]:
        """Offset east of UTC in seconds and the zone abbreviation in effect at ``unix``."""
        if self._tz is None:
            return self._offset, self._abbr
        if unix > _FAR_FUTURE:
            # Beyond Python's datetime range the zone's recurring rule applies; it repeats every
            # 400 Gregorian years, so look at the same moment of an earlier cycle.
            unix -= -(-(unix - _FAR_FUTURE) // _CYCLE_400Y) * _CYCLE_400Y
        try:
            moment = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC) + _dt.timedelta(seconds=unix)
            local = moment.astimezone(self._tz)
        except (OverflowError, ValueError):
            # Outside Python's datetime range: use the zone's first (or last) rule.
            edge = _dt.datetime(2, 1, 1, tzinfo=_dt.UTC) if unix < 0 else _dt.datetime(9998, 12, 1, tzinfo=_dt.UTC)
            local = edge.astimezone(self._tz)
        off = local.utcoffset()
        return (int(off.total_seconds()) if off else 0), (local.tzname() or "")

    def lookup_name(self, abbr: str, unix: int) -> int | None:
        """Offset of the zone named ``abbr`` (Go ``lookupName``): preferably one in effect at ``unix``."""
        names = self._zone_names()
        for offset in names.get(abbr, []):
            off, name = self.lookup(unix - offset)
            if name == abbr:
                return off
        found = names.get(abbr)
        return found[0] if found else None

    def _zone_names(self) -> dict[str, list[int]]:
        """``{abbreviation: [offsets]}`` seen in this zone's history (sampled twice a year), cached."""
        if self._names is None:
            names: dict[str, list[int]] = {}
            if self._tz is None:
                names[self._abbr] = [self._offset]
            else:
                for year in range(1700, 2040):
                    for month in (1, 4, 7, 10):
                        off, name = self.lookup(_days_from_civil(year, month, 1) * 86400)
                        if off not in names.setdefault(name, []):
                            names[name].append(off)
            self._names = names
        return self._names

    def String(self) -> str:  # noqa: N802 - Go method name
        """The location's name (``Local``, ``UTC``, ``America/New_York``)."""
        return self.name

    def __go_string__(self) -> str:
        return self.name

    __go_type__ = "*time.Location"


UTC = Location("UTC", None, 0, "UTC")

_CYCLE_400Y = 146097 * 86400  # seconds in 400 Gregorian years
_FAR_FUTURE = 221845392000  # 9000-01-01T00:00:00Z: later instants reuse an earlier 400-year cycle

# GoTime has a ``Location`` method; annotations inside the class use this alias.
_Loc = Location


def _system_local() -> Location:
    tz_env = os.environ.get("TZ")
    try:
        if tz_env is None:
            with open("/etc/localtime", "rb") as fh:
                return Location("Local", zoneinfo.ZoneInfo.from_file(fh, key="Local"))
        if tz_env == "" or tz_env in ("UTC", ":UTC"):
            return Location("Local", None, 0, "UTC")
        name = tz_env[1:] if tz_env.startswith(":") else tz_env
        if name.startswith("/"):
            with open(name, "rb") as fh:
                return Location("Local", zoneinfo.ZoneInfo.from_file(fh, key="Local"))
        return Location("Local", zoneinfo.ZoneInfo(name))
    except (OSError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return Location("Local", None, 0, "UTC")


LOCAL = _system_local()


def load_location(name: str) -> Location:
    """Go ``time.LoadLocation``: ``""``/``UTC`` → UTC, ``Local`` → the system zone.

    Raises :class:`GoTimeError` (``unknown time zone NAME``) for names not in the database.
    """
    if name in ("", "UTC"):
        return UTC
    if name == "Local":
        return LOCAL
    bad = ".." in name or name.startswith("/") or "\\" in name
    if not bad:
        try:
            return Location(name, zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise GoTimeError(f"unknown time zone {name}")


def fixed_zone(name: str, offset: int) -> Location:
    """Go ``time.FixedZone``."""
    return Location(name, None, offset, name)


# --------------------------------------------------------------------------- GoTime


class _NamedInt(GoInt):
    """A Go named integer type of package time (kind int/int64, its own ``%T``)."""

    go_type_name = "int"

    def __new__(cls, value: int) -> _NamedInt:
        obj = super().__new__(cls, value, cls.go_type_name)
        assert isinstance(obj, _NamedInt)
        return obj


class Month(_NamedInt):
    """Go ``time.Month``: an int printing as its English name."""

    go_type_name = __go_type__ = "time.Month"

    def __go_string__(self) -> str:
        return LONG_MONTHS[self - 1] if 1 <= self <= 12 else f"%!Month({int(self)})"

    def String(self) -> str:  # noqa: N802
        """English month name."""
        return self.__go_string__()


class Weekday(_NamedInt):
    """Go ``time.Weekday``: an int printing as its English name."""

    go_type_name = __go_type__ = "time.Weekday"

    def __go_string__(self) -> str:
        return LONG_DAYS[self] if 0 <= self <= 6 else f"%!Weekday({int(self)})"

    def String(self) -> str:  # noqa: N802
        """English weekday name."""
        return self.__go_string__()


class Duration(_NamedInt):
    """Go ``time.Duration``: int64 nanoseconds printing as ``1h30m0s``."""

    go_type_name = __go_type__ = "time.Duration"

    def __go_string__(self) -> str:
        return format_duration(int(self))

    def String(self) -> str:  # noqa: N802
        """Go ``Duration.String``."""
        return format_duration(int(self))

    def Seconds(self) -> float:  # noqa: N802
        """The duration as floating-point seconds."""
        return int(self) / NANOS

    def Minutes(self) -> float:  # noqa: N802
        """The duration as floating-point minutes."""
        return int(self) / MINUTE_NS

    def Hours(self) -> float:  # noqa: N802
        """The duration as floating-point hours."""
        return int(self) / HOUR_NS


@dataclass(frozen=True)
class _Civil:
    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    weekday: int
    yday: int
    offset: int
    abbr: str


class GoTime:
    """A Go ``time.Time``. Immutable; template-visible methods use Go names."""

    __go_type__ = "time.Time"

    def __init__(self, sec: int, nsec: int = 0, loc: _Loc = UTC, mono: int | None = None):
        extra, nsec = divmod(nsec, NANOS)
        self.sec = sec + extra
        self.nsec = nsec
        self.loc = loc
        self.mono = mono

    @classmethod
    def now(cls) -> GoTime:
        """Go ``time.Now()`` in Local, with a monotonic reading."""
        ns = _time.time_ns()
        return cls(ns // NANOS, ns % NANOS, LOCAL, _time.monotonic_ns() - _MONO_START + 1)

    @classmethod
    def zero(cls) -> GoTime:
        """Go's zero ``time.Time{}``: January 1, year 1, 00:00:00 UTC."""
        return cls(-62135596800, 0, UTC)

    @classmethod
    def from_civil(cls, year: int, month: int, day: int, hour: int, minute: int, second: int,
                   nsec: int, loc: Location) -> GoTime:
        """Go ``time.Date`` (normalising overflowing fields)."""
        extra_years, month0 = divmod(month - 1, 12)
        year += extra_years
        days = _days_from_civil(year, month0 + 1, 1) + day - 1
        wall = days * 86400 + hour * 3600 + minute * 60 + second
        unix = wall - loc.lookup(wall)[0]
        off = loc.lookup(unix)[0]
        if wall - off != unix:
            unix = wall - off
        return cls(unix, nsec, loc)

    # -- civil fields
    def _civil(self) -> _Civil:
        offset, abbr = self.loc.lookup(self.sec)
        wall = self.sec + offset
        days, secs = divmod(wall, 86400)
        year, month, day = _civil_from_days(days)
        weekday = (days + 4) % 7
        yday = days - _days_from_civil(year, 1, 1) + 1
        return _Civil(year, month, day, secs // 3600, secs // 60 % 60, secs % 60, weekday, yday, offset, abbr)

    # -- Go methods
    def Year(self) -> int:  # noqa: N802
        """Year."""
        return self._civil().year

    def Month(self) -> Month:  # noqa: N802
        """Month (1-12), printing as its name."""
        return Month(self._civil().month)

    def Day(self) -> int:  # noqa: N802
        """Day of the month."""
        return self._civil().day

    def Hour(self) -> int:  # noqa: N802
        """Hour (0-23)."""
        return self._civil().hour

    def Minute(self) -> int:  # noqa: N802
        """Minute."""
        return self._civil().minute

    def Second(self) -> int:  # noqa: N802
        """Second."""
        return self._civil().second

    def Nanosecond(self) -> int:  # noqa: N802
        """Nanoseconds within the second."""
        return self.nsec

    def Weekday(self) -> Weekday:  # noqa: N802
        """Day of the week."""
        return Weekday(self._civil().weekday)

    def YearDay(self) -> int:  # noqa: N802
        """Day of the year (1-366)."""
        return self._civil().yday

    def Unix(self) -> int:  # noqa: N802
        """Seconds since the epoch."""
        return self.sec

    def UnixMilli(self) -> int:  # noqa: N802
        """Milliseconds since the epoch."""
        return self.sec * 1000 + self.nsec // 1_000_000

    def UnixMicro(self) -> int:  # noqa: N802
        """Microseconds since the epoch."""
        return self.sec * 1_000_000 + self.nsec // 1000

    def UnixNano(self) -> int:  # noqa: N802
        """Nanoseconds since the epoch."""
        return self.sec * NANOS + self.nsec

    def IsZero(self) -> bool:  # noqa: N802
        """True for the zero time."""
        return self.sec == -62135596800 and self.nsec == 0

    def Location(self) -> Location:  # noqa: N802
        """The time's location."""
        return self.loc

    def Zone(self) -> tuple[str, int]:  # noqa: N802
        """Zone abbreviation and offset."""
        offset, abbr = self.loc.lookup(self.sec)
        return abbr, offset

    def UTC(self) -> GoTime:  # noqa: N802
        """Same instant in UTC (monotonic reading dropped)."""
        return GoTime(self.sec, self.nsec, UTC)

    def Local(self) -> GoTime:  # noqa: N802
        """Same instant in Local."""
        return GoTime(self.sec, self.nsec, LOCAL)

    def In(self, loc: _Loc) -> GoTime:  # noqa: N802
        """Same instant in ``loc``."""
        return GoTime(self.sec, self.nsec, loc)

    def Add(self, d: int) -> GoTime:  # noqa: N802
        """Time plus a Duration in nanoseconds (keeps the monotonic reading)."""
        mono = None if self.mono is None else self.mono + d
        return GoTime(self.sec, self.nsec + d, self.loc, mono)

    def AddDate(self, years: int, months: int, days: int) -> GoTime:  # noqa: N802
        """Go ``AddDate``: civil arithmetic, normalised like ``time.Date``."""
        c = self._civil()
        return GoTime.from_civil(c.year + years, c.month + months, c.day + days, c.hour, c.minute,
                                 c.second, self.nsec, self.loc)

    def Sub(self, other: GoTime) -> Duration:  # noqa: N802
        """Duration ``self - other`` in nanoseconds (saturating like Go)."""
        if self.mono is not None and other.mono is not None:
            d = self.mono - other.mono
        else:
            d = self.UnixNano() - other.UnixNano()
        return Duration(max(-INT64_MAX - 1, min(INT64_MAX, d)))

    def Before(self, other: GoTime) -> bool:  # noqa: N802
        """Instant comparison."""
        return self.UnixNano() < other.UnixNano()

    def After(self, other: GoTime) -> bool:  # noqa: N802
        """Instant comparison."""
        return self.UnixNano() > other.UnixNano()

    def Equal(self, other: GoTime) -> bool:  # noqa: N802
        """Same instant."""
        return self.UnixNano() == other.UnixNano()

    def Compare(self, other: GoTime) -> int:  # noqa: N802
        """-1, 0, +1."""
        a, b = self.UnixNano(), other.UnixNano()
        return (a > b) - (a < b)

    def Round(self, d: int) -> GoTime:  # noqa: N802
        """Round to a multiple of ``d`` since the zero time (``d <= 0`` only drops monotonic)."""
        if d <= 0:
            return GoTime(self.sec, self.nsec, self.loc)
        r = self._since_zero() % d
        if r + r < d:
            return GoTime(self.sec, self.nsec - r, self.loc)
        return GoTime(self.sec, self.nsec + d - r, self.loc)

    def Truncate(self, d: int) -> GoTime:  # noqa: N802
        """Round down to a multiple of ``d`` since the zero time."""
        if d <= 0:
            return GoTime(self.sec, self.nsec, self.loc)
        return GoTime(self.sec, self.nsec - self._since_zero() % d, self.loc)

    def _since_zero(self) -> int:
        return (self.sec + 62135596800) * NANOS + self.nsec

    def Format(self, layout: str) -> str:  # noqa: N802
        """Go ``Time.Format`` with a reference layout."""
        return format_layout(self, layout)

    def String(self) -> str:  # noqa: N802
        """Go ``Time.String``: ``2006-01-02 15:04:05.999999999 -0700 MST`` [+ `` m=±s.nnnnnnnnn``]."""
        out = format_layout(self, "2006-01-02 15:04:05.999999999 -0700 MST")
        if self.mono is not None:
            sign = "-" if self.mono < 0 else "+"
            m = abs(self.mono)
            out += f" m={sign}{m // NANOS}.{m % NANOS:09d}"
        return out

    def __go_string__(self) -> str:
        return self.String()

    def __go_json__(self) -> str:
        """``MarshalJSON``: RFC 3339 with nanoseconds."""
        return format_layout(self, "2006-01-02T15:04:05.999999999Z07:00")

    def __go_fields__(self) -> dict[str, Any]:
        return {}

    def __str__(self) -> str:
        return self.String()

    def __repr__(self) -> str:
        return f"GoTime({self.String()!r})"

    def __eq__(self, other: object) -> bool:
        # Go's == on time.Time compares wall, ext and loc; close enough: instant and location.
        if not isinstance(other, GoTime):
            return NotImplemented
        return (self.sec, self.nsec, self.loc.name, self.mono) == (other.sec, other.nsec, other.loc.name, other.mono)

    def __hash__(self) -> int:
        return hash((self.sec, self.nsec))


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


# --------------------------------------------------------------------------- layouts

# Layout element codes.
(
    LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
    UNDER_YEARDAY, ZERO_YEARDAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
    LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ, ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ,
    ISO_COLON_SECONDS_TZ, NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ,
    FRAC0, FRAC9,
) = range(35)

_ZERO_CODES = {"1": ZERO_MONTH, "2": ZERO_DAY, "3": ZERO_HOUR12, "4": ZERO_MINUTE, "5": ZERO_SECOND, "6": YEAR}
_TZ_PREFIXES = [
    ("-070000", NUM_SECONDS_TZ), ("-07:00:00", NUM_COLON_SECONDS_TZ), ("-0700", NUM_TZ),
    ("-07:00", NUM_COLON_TZ), ("-07", NUM_SHORT_TZ),
    ("Z070000", ISO_SECONDS_TZ), ("Z07:00:00", ISO_COLON_SECONDS_TZ), ("Z0700", ISO_TZ),
    ("Z07:00", ISO_COLON_TZ), ("Z07", ISO_SHORT_TZ),
]


@dataclass(frozen=True)
class _Elem:
    """A layout element: ``code`` (one of the constants) with its layout text; frac digits/separator."""

    code: int
    text: str
    digits: int = 0
    sep: str = "."


def _std_at(layout: str, i: int) -> tuple[_Elem, int] | None:
    """The layout element starting at ``i`` and its length, or None (Go ``nextStdChunk``)."""
    rest = layout[i:]
    c = rest[0]
    if c == "J" and rest.startswith("Jan"):
        if rest.startswith("January"):
            return _Elem(LONG_MONTH, "January"), 7
        if not rest[3:4].islower() or not rest[3:4].isascii():
            return _Elem(MONTH, "Jan"), 3
    if c == "M":
        if rest.startswith("Mon"):
            if rest.startswith("Monday"):
                return _Elem(LONG_WEEKDAY, "Monday"), 6
            if not rest[3:4].islower() or not rest[3:4].isascii():
                return _Elem(WEEKDAY, "Mon"), 3
        if rest.startswith("MST"):
            return _Elem(TZ, "MST"), 3
    if c == "0":
        if len(rest) >= 2 and "1" <= rest[1] <= "6":
            return _Elem(_ZERO_CODES[rest[1]], rest[:2]), 2
        if rest.startswith("002"):
            return _Elem(ZERO_YEARDAY, "002"), 3
    if c == "1":
        return (_Elem(HOUR, "15"), 2) if rest.startswith("15") else (_Elem(NUM_MONTH, "1"), 1)
    if c == "2":
        return (_Elem(LONG_YEAR, "2006"), 4) if rest.startswith("2006") else (_Elem(DAY, "2"), 1)
    if c == "_":
        if rest.startswith("_2") and not rest.startswith("_2006"):
            return _Elem(UNDER_DAY, "_2"), 2
        if rest.startswith("__2"):
            return _Elem(UNDER_YEARDAY, "__2"), 3
    if c in "345":
        return _Elem({"3": HOUR12, "4": MINUTE, "5": SECOND}[c], c), 1
    if c == "P" and rest.startswith("PM"):
        return _Elem(PM_UPPER, "PM"), 2
    if c == "p" and rest.startswith("pm"):
        return _Elem(PM_LOWER, "pm"), 2
    if c in "-Z":
        for prefix, code in _TZ_PREFIXES:
            if rest.startswith(prefix):
                return _Elem(code, prefix), len(prefix)
    if c in ".," and len(rest) >= 2 and rest[1] in "09":
        ch = rest[1]
        j = 1
        while j < len(rest) and rest[j] == ch:
            j += 1
        if not (j < len(rest) and rest[j].isascii() and rest[j].isdigit()):
            return _Elem(FRAC0 if ch == "0" else FRAC9, rest[:j], j - 1, c), j
    return None


def split_layout(layout: str) -> list[str | _Elem]:
    """Split a layout into literal strings and :class:`_Elem` elements (cached)."""
    cached = _LAYOUT_CACHE.get(layout)
    if cached is not None:
        return cached
    out: list[str | _Elem] = []
    lit_start = i = 0
    while i < len(layout):
        found = _std_at(layout, i)
        if found is None:
            i += 1
            continue
        if i > lit_start:
            out.append(layout[lit_start:i])
        out.append(found[0])
        i += found[1]
        lit_start = i
    if lit_start < len(layout):
        out.append(layout[lit_start:])
    if len(_LAYOUT_CACHE) < 256:
        _LAYOUT_CACHE[layout] = out
    return out


_LAYOUT_CACHE: dict[str, list[str | _Elem]] = {}


def _pad(n: int, width: int) -> str:
    if n < 0:
        return "-" + _pad(-n, width)
    return str(n).rjust(width, "0")


def _format_tz(code: int, offset: int) -> str:
    iso = code in (ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ)
    if offset == 0 and iso:
        return "Z"
    zone = int(offset / 60)
    absoffset = offset
    sign = "+"
    if zone < 0:
        sign, zone, absoffset = "-", -zone, -absoffset
    out = sign + _pad(zone // 60, 2)
    colon = code in (ISO_COLON_TZ, NUM_COLON_TZ, ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ)
    if colon:
        out += ":"
    if code not in (NUM_SHORT_TZ, ISO_SHORT_TZ):
        out += _pad(zone % 60, 2)
    if code in (ISO_SECONDS_TZ, NUM_SECONDS_TZ, NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ):
        if code in (NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ):
            out += ":"
        out += _pad(absoffset % 60, 2)
    return out


_FIELD_FORMATTERS: dict[int, Callable[[_Civil], str]] = {
    YEAR: lambda c: _pad(abs(c.year) % 100, 2),
    LONG_YEAR: lambda c: _pad(c.year, 4),
    MONTH: lambda c: LONG_MONTHS[c.month - 1][:3],
    LONG_MONTH: lambda c: LONG_MONTHS[c.month - 1],
    NUM_MONTH: lambda c: str(c.month),
    ZERO_MONTH: lambda c: _pad(c.month, 2),
    WEEKDAY: lambda c: LONG_DAYS[c.weekday][:3],
    LONG_WEEKDAY: lambda c: LONG_DAYS[c.weekday],
    DAY: lambda c: str(c.day),
    UNDER_DAY: lambda c: str(c.day).rjust(2),
    ZERO_DAY: lambda c: _pad(c.day, 2),
    UNDER_YEARDAY: lambda c: str(c.yday).rjust(3),
    ZERO_YEARDAY: lambda c: _pad(c.yday, 3),
    HOUR: lambda c: _pad(c.hour, 2),
    HOUR12: lambda c: str(c.hour % 12 or 12),
    ZERO_HOUR12: lambda c: _pad(c.hour % 12 or 12, 2),
    MINUTE: lambda c: str(c.minute),
    ZERO_MINUTE: lambda c: _pad(c.minute, 2),
    SECOND: lambda c: str(c.second),
    ZERO_SECOND: lambda c: _pad(c.second, 2),
    PM_UPPER: lambda c: "PM" if c.hour >= 12 else "AM",
    PM_LOWER: lambda c: "pm" if c.hour >= 12 else "am",
}


def _format_zone_name(c: _Civil) -> str:
    """``MST``: the abbreviation, or ``-0700`` for a zone without one."""
    if c.abbr:
        return c.abbr
    zone = int(c.offset / 60)
    sign = "-" if zone < 0 else "+"
    zone = abs(zone)
    return sign + _pad(zone // 60, 2) + _pad(zone % 60, 2)


def _format_frac(e: _Elem, nsec: int) -> str:
    """``.000`` keeps all digits; ``.999`` drops trailing zeros (and the separator if none remain)."""
    digits = f"{nsec:09d}"[: e.digits]
    if e.code == FRAC9:
        digits = digits.rstrip("0")
        if not digits:
            return ""
    return e.sep + digits


def _format_elem(e: _Elem, c: _Civil, nsec: int) -> str:
    """The text of one layout element for civil time ``c``."""
    field = _FIELD_FORMATTERS.get(e.code)
    if field is not None:
        return field(c)
    if e.code == TZ:
        return _format_zone_name(c)
    if e.code in (FRAC0, FRAC9):
        return _format_frac(e, nsec)
    return _format_tz(e.code, c.offset)


def format_layout(t: GoTime, layout: str) -> str:
    """Go ``Time.Format(layout)``."""
    civil = t._civil()
    parts = []
    for piece in split_layout(layout):
        parts.append(piece if isinstance(piece, str) else _format_elem(piece, civil, t.nsec))
    return "".join(parts)


# --------------------------------------------------------------------------- parsing


class _Bad(Exception):
    """Value does not match the current layout element."""


class _Range(Exception):
    """A parsed field is out of range; ``args[0]`` names it."""


def _parse_error(layout: str, value: str, elem: str, rest: str) -> GoTimeError:
    return GoTimeError(
        f"parsing time {go_quote(value)} as {go_quote(layout)}: cannot parse {go_quote(rest)} as {go_quote(elem)}"
    )


def _getnum(s: str, fixed: bool) -> tuple[int, str]:
    if not s or not s[0].isascii() or not s[0].isdigit():
        raise _Bad
    if len(s) < 2 or not s[1].isascii() or not s[1].isdigit():
        if fixed:
            raise _Bad
        return int(s[0]), s[1:]
    return int(s[:2]), s[2:]


def _getnum3(s: str, fixed: bool) -> tuple[int, str]:
    n = i = 0
    while i < 3 and i < len(s) and s[i].isascii() and s[i].isdigit():
        n = n * 10 + int(s[i])
        i += 1
    if i == 0 or (fixed and i != 3):
        raise _Bad
    return n, s[i:]


def _lookup_name(names: list[str], s: str) -> tuple[int, str]:
    for idx, name in enumerate(names):
        if len(s) >= len(name) and s[: len(name)].lower() == name.lower():
            return idx, s[len(name):]
    raise _Bad


def _skip_literal(value: str, prefix: str) -> str:
    """Go ``skip``: match a literal layout run; spaces match runs of spaces."""
    while prefix:
        if prefix[0] == " ":
            if value and value[0] != " ":
                raise _Bad
            prefix = prefix.lstrip(" ")
            value = value.lstrip(" ")
            continue
        if not value or value[0] != prefix[0]:
            raise _Bad
        prefix, value = prefix[1:], value[1:]
    return value


def _parse_tz_abbr(value: str) -> int:
    """Length of a plausible zone abbreviation at the start of ``value`` (Go ``parseTimeZone``), 0 if none."""
    if len(value) < 3:
        return 0
    if value[:4] in ("ChST", "MeST"):
        return 4
    if value[:3] == "GMT":
        return 3 + _parse_signed_offset(value[3:])
    if value[0] in "+-":
        return _parse_signed_offset(value)
    n = 0
    while n < 6 and n < len(value) and "A" <= value[n] <= "Z":
        n += 1
    if n == 3:
        return 3
    if n == 4 and (value[3] == "T" or value[:4] == "WITA"):
        return 4
    if n == 5 and value[4] == "T":
        return 5
    return 0


def _parse_signed_offset(value: str) -> int:
    """Go ``parseSignedOffset``: length of ``[+-]H`` (hour <= 23) at the start, 0 if none."""
    if not value or value[0] not in "+-":
        return 0
    i = 1
    while i < len(value) and "0" <= value[i] <= "9":
        i += 1
    if i == 1 or int(value[1:i]) > 23:
        return 0
    return i


@dataclass
class _Parsed:
    year: int = 0
    month: int = -1
    day: int = -1
    yday: int = -1
    hour: int = 0
    minute: int = 0
    second: int = 0
    nsec: int = 0
    pm_set: bool = False
    am_set: bool = False
    z: Location | None = None
    zone_offset: int = -1
    zone_name: str = ""


def _parse_frac(value: str, ndigit: int) -> int:
    """Nanoseconds of ``value`` = separator + digits (Go ``parseNanoseconds``)."""
    if value[0] not in ".,":
        raise _Bad
    digits = value[1:ndigit]
    if len(digits) > 9:
        digits = digits[:9]
    if not digits.isdigit() or not digits.isascii():
        raise _Bad
    return int(digits.ljust(9, "0"))


def _parse_tz_numeric(code: int, value: str, p: _Parsed) -> str:
    iso = code in (ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ)
    if iso and value[:1] == "Z":
        p.z = UTC
        return value[1:]
    shape = {
        ISO_TZ: "-hhmm", NUM_TZ: "-hhmm", ISO_COLON_TZ: "-hh:mm", NUM_COLON_TZ: "-hh:mm",
        ISO_SHORT_TZ: "-hh", NUM_SHORT_TZ: "-hh", ISO_SECONDS_TZ: "-hhmmss", NUM_SECONDS_TZ: "-hhmmss",
        ISO_COLON_SECONDS_TZ: "-hh:mm:ss", NUM_COLON_SECONDS_TZ: "-hh:mm:ss",
    }[code]
    if len(value) < len(shape):
        raise _Bad
    chunk = value[: len(shape)]
    for want, got in zip(shape, chunk, strict=True):
        if want == ":" and got != ":":
            raise _Bad
    sign = chunk[0]
    nums = chunk[1:].replace(":", "")
    hh, mm, ss = nums[0:2], nums[2:4] or "00", nums[4:6] or "00"
    try:
        hr, mn, sc = _getnum(hh, True)[0], _getnum(mm, True)[0], _getnum(ss, True)[0]
    except _Bad:
        raise
    if hr > 24:
        raise _Range("time zone offset hour")
    if mn > 60:
        raise _Range("time zone offset minute")
    if sc > 60:
        raise _Range("time zone offset second")
    offset = (hr * 60 + mn) * 60 + sc
    if sign == "-":
        offset = -offset
    elif sign != "+":
        raise _Bad
    p.zone_offset = offset
    return value[len(shape):]


_ParseFn = Callable[[_Elem, str, _Parsed, "_Elem | None"], str]


def _p_year(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    if e.code == YEAR:
        if len(value) < 2:
            raise _Bad
        year = _getnum(value[:2], True)[0]
        p.year = year + (1900 if year >= 69 else 2000)
        return value[2:]
    if len(value) < 4 or not value[:4].isascii() or not value[:4].isdigit():
        raise _Bad
    p.year = int(value[:4])
    return value[4:]


def _p_month_name(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    names = [m[:3] for m in LONG_MONTHS] if e.code == MONTH else LONG_MONTHS
    idx, rest = _lookup_name(names, value)
    p.month = idx + 1
    return rest


def _p_month_num(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    p.month, rest = _getnum(value, e.code == ZERO_MONTH)
    if not 0 < p.month <= 12:
        raise _Range("month")
    return rest


def _p_weekday(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    names = [d[:3] for d in LONG_DAYS] if e.code == WEEKDAY else LONG_DAYS
    return _lookup_name(names, value)[1]


def _p_day(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    if e.code == UNDER_DAY and value[:1] == " ":
        value = value[1:]
    p.day, rest = _getnum(value, e.code == ZERO_DAY)
    return rest


def _p_yday(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    for _ in range(2):
        if e.code == UNDER_YEARDAY and value[:1] == " ":
            value = value[1:]
    p.yday, rest = _getnum3(value, e.code == ZERO_YEARDAY)
    return rest


def _p_hour(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    p.hour, rest = _getnum(value, e.code == ZERO_HOUR12)
    if p.hour < 0 or p.hour > (23 if e.code == HOUR else 12):
        raise _Range("hour")
    return rest


def _p_minute(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    p.minute, rest = _getnum(value, e.code == ZERO_MINUTE)
    if p.minute < 0 or p.minute >= 60:
        raise _Range("minute")
    return rest


def _p_second(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    p.second, rest = _getnum(value, e.code == ZERO_SECOND)
    if p.second < 0 or p.second >= 60:
        raise _Range("second")
    # A fractional second in the value with no fractional element left in the layout.
    if len(rest) >= 2 and rest[0] in ".," and rest[1].isascii() and rest[1].isdigit():
        if nxt is not None and nxt.code in (FRAC0, FRAC9):
            return rest
        n = 2
        while n < len(rest) and rest[n].isascii() and rest[n].isdigit():
            n += 1
        p.nsec = _parse_frac(rest, n)
        rest = rest[n:]
    return rest


def _p_ampm(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    if len(value) < 2:
        raise _Bad
    pm, am = ("PM", "AM") if e.code == PM_UPPER else ("pm", "am")
    if value[:2] == pm:
        p.pm_set = True
    elif value[:2] == am:
        p.am_set = True
    else:
        raise _Bad
    return value[2:]


def _p_zone_name(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    if value[:3] == "UTC":
        p.z = UTC
        return value[3:]
    n = _parse_tz_abbr(value)
    if n == 0:
        raise _Bad
    p.zone_name = value[:n]
    return value[n:]


def _p_frac(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    if e.code == FRAC0:  # exactly the layout's number of digits
        ndigit = 1 + e.digits
        if len(value) < ndigit:
            raise _Bad
        p.nsec = _parse_frac(value, ndigit)
        return value[ndigit:]
    if len(value) < 2 or value[0] not in ".," or not value[1].isascii() or not value[1].isdigit():
        return value  # .999: the fraction is optional
    i = 0
    while i + 1 < len(value) and value[i + 1].isascii() and value[i + 1].isdigit():
        i += 1
    p.nsec = _parse_frac(value, 1 + i)
    return value[1 + i:]


_ELEM_PARSERS: dict[int, _ParseFn] = {
    YEAR: _p_year, LONG_YEAR: _p_year,
    MONTH: _p_month_name, LONG_MONTH: _p_month_name,
    NUM_MONTH: _p_month_num, ZERO_MONTH: _p_month_num,
    WEEKDAY: _p_weekday, LONG_WEEKDAY: _p_weekday,
    DAY: _p_day, UNDER_DAY: _p_day, ZERO_DAY: _p_day,
    UNDER_YEARDAY: _p_yday, ZERO_YEARDAY: _p_yday,
    HOUR: _p_hour, HOUR12: _p_hour, ZERO_HOUR12: _p_hour,
    MINUTE: _p_minute, ZERO_MINUTE: _p_minute,
    SECOND: _p_second, ZERO_SECOND: _p_second,
    PM_UPPER: _p_ampm, PM_LOWER: _p_ampm,
    TZ: _p_zone_name,
    FRAC0: _p_frac, FRAC9: _p_frac,
}


def _parse_elem(e: _Elem, value: str, p: _Parsed, nxt: _Elem | None) -> str:
    """Consume one layout element from ``value`` into ``p``; return the rest.

    Raises ``_Bad`` when the value does not match, ``_Range`` for an out-of-range field.
    """
    parser = _ELEM_PARSERS.get(e.code)
    if parser is not None:
        return parser(e, value, p, nxt)
    return _parse_tz_numeric(e.code, value, p)


_DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse_layout(layout: str, value: str, local: Location = UTC) -> GoTime:
    """Go ``time.ParseInLocation(layout, value, local)``; raises :class:`GoTimeError` as Go words it."""
    p = _Parsed()
    rest = value
    pieces = split_layout(layout)
    for idx, piece in enumerate(pieces):
        nxt = next((q for q in pieces[idx + 1:] if isinstance(q, _Elem)), None)
        try:
            if isinstance(piece, str):
                rest = _skip_literal(rest, piece)
            else:
                rest = _parse_elem(piece, rest, p, nxt)
        except _Bad:
            raise _parse_error(layout, value, piece if isinstance(piece, str) else piece.text, rest) from None
        except _Range as err:
            raise GoTimeError(f"parsing time {go_quote(value)}: {err.args[0]} out of range") from None
    if rest:
        raise GoTimeError(f"parsing time {go_quote(value)}: extra text: {go_quote(rest)}")
    return _assemble(p, value, local)


def _assemble(p: _Parsed, value: str, local: Location) -> GoTime:
    if p.pm_set and p.hour < 12:
        p.hour += 12
    elif p.am_set and p.hour == 12:
        p.hour = 0
    if p.yday >= 0:
        _apply_yday(p, value)
    else:
        if p.month < 0:
            p.month = 1
        if p.day < 0:
            p.day = 1
    days_in = _DAYS_IN[p.month - 1] + (1 if p.month == 2 and _is_leap(p.year) else 0)
    if p.day < 1 or p.day > days_in:
        raise GoTimeError(f"parsing time {go_quote(value)}: day out of range")
    fields = (p.year, p.month, p.day, p.hour, p.minute, p.second, p.nsec)
    if p.z is not None:
        return GoTime.from_civil(*fields, p.z)
    if p.zone_offset != -1:
        t = GoTime.from_civil(*fields, UTC)
        t = GoTime(t.sec - p.zone_offset, t.nsec, UTC)
        offset, abbr = local.lookup(t.sec)
        if offset == p.zone_offset and (p.zone_name == "" or abbr == p.zone_name):
            return GoTime(t.sec, t.nsec, local)
        return GoTime(t.sec, t.nsec, fixed_zone(p.zone_name, p.zone_offset))
    if p.zone_name:
        t = GoTime.from_civil(*fields, UTC)
        found = local.lookup_name(p.zone_name, t.sec)
        if found is not None:
            return GoTime(t.sec - found, t.nsec, local)
        offset = 0
        if len(p.zone_name) > 3 and p.zone_name[:3] == "GMT":
            offset = int(p.zone_name[3:]) * 3600
        return GoTime(t.sec, t.nsec, fixed_zone(p.zone_name, offset))
    return GoTime.from_civil(*fields, local)


def _apply_yday(p: _Parsed, value: str) -> None:
    leap = _is_leap(p.year)
    if p.yday < 1 or p.yday > 365 + leap:
        raise GoTimeError(f"parsing time {go_quote(value)}: day-of-year out of range")
    remaining = p.yday
    month = 1
    while True:
        n = _DAYS_IN[month - 1] + (1 if month == 2 and leap else 0)
        if remaining <= n:
            break
        remaining -= n
        month += 1
    if (p.month >= 0 and p.month != month) or (p.day >= 0 and p.day != remaining):
        raise GoTimeError(f"parsing time {go_quote(value)}: day-of-year does not match month or day")
    p.month, p.day = month, remaining


# --------------------------------------------------------------------------- durations

SECOND_NS = NANOS
MINUTE_NS = 60 * NANOS
HOUR_NS = 3600 * NANOS

_UNITS = {"ns": 1, "us": 1000, "\u00b5s": 1000, "\u03bcs": 1000, "ms": 1_000_000, "s": SECOND_NS,
          "m": MINUTE_NS, "h": HOUR_NS}


def _fmt_frac(v: int, prec: int) -> tuple[str, int]:
    digits = []
    printed = False
    for _ in range(prec):
        digit = v % 10
        printed = printed or digit != 0
        if printed:
            digits.append(str(digit))
        v //= 10
    text = "".join(reversed(digits))
    return ("." + text if printed else ""), v


def format_duration(d: int) -> str:
    """Go ``time.Duration.String``: ``1h2m3.5s``, ``1.5ms``, ``0s``."""
    neg = d < 0
    u = -d if neg else d
    if u < SECOND_NS:
        if u == 0:
            return "0s"
        if u < 1000:
            unit, prec = "ns", 0
        elif u < 1_000_000:
            unit, prec = "\u00b5s", 3
        else:
            unit, prec = "ms", 6
        frac, u = _fmt_frac(u, prec)
        out = f"{u}{frac}{unit}"
    else:
        frac, u = _fmt_frac(u, 9)
        out = f"{u % 60}{frac}s"
        u //= 60
        if u > 0:
            out = f"{u % 60}m" + out
            u //= 60
            if u > 0:
                out = f"{u}h" + out
    return "-" + out if neg else out


def parse_duration(text: str) -> int:
    """Go ``time.ParseDuration``: nanoseconds; raises :class:`GoTimeError` (``time: invalid duration "x"``)."""
    orig = text
    invalid = GoTimeError("time: invalid duration " + go_quote(orig))
    neg = False
    s = text
    if s and s[0] in "+-":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if s == "":
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            raise invalid
        i = 0
        while i < len(s) and "0" <= s[i] <= "9":
            i += 1
        pre = i > 0
        v = int(s[:i]) if pre else 0
        if v > INT64_MAX + 1:
            raise invalid
        s = s[i:]
        f, scale, post = 0, 1, False
        if s and s[0] == ".":
            s = s[1:]
            j = 0
            overflow = False
            while j < len(s) and "0" <= s[j] <= "9":
                if not overflow:
                    if f > (INT64_MAX + 1 - 10) // 10:
                        overflow = True
                    else:
                        f = f * 10 + int(s[j])
                        scale *= 10
                j += 1
            post = j > 0
            s = s[j:]
        if not pre and not post:
            raise invalid
        k = 0
        while k < len(s) and s[k] != "." and not ("0" <= s[k] <= "9"):
            k += 1
        if k == 0:
            raise GoTimeError("time: missing unit in duration " + go_quote(orig))
        unit_text, s = s[:k], s[k:]
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise GoTimeError(f"time: unknown unit {go_quote(unit_text)} in duration {go_quote(orig)}")
        if v > (1 << 63) // unit:
            raise invalid
        v *= unit
        if f > 0:
            v += int(float(f) * (float(unit) / scale))
            if v > 1 << 63:
                raise invalid
        total += v
        if total > 1 << 63:
            raise invalid
    if neg:
        return -total
    if total > INT64_MAX:
        raise invalid
    return total


def round_duration(d: int, m: int) -> int:
    """Go ``Duration.Round(m)``: halfway values round away from zero, saturating."""
    if m <= 0:
        return d
    r = d % m if d >= 0 else -((-d) % m)
    if d < 0:
        r = -r
        if r + r < m:
            return d + r
        d1 = d - m + r
        return d1 if d1 < d else -INT64_MAX - 1
    if r + r < m:
        return d - r
    d1 = d + m - r
    return d1 if d1 > d else INT64_MAX


# --------------------------------------------------------------------------- Sprig functions


def _int_of_type(value: Any, *go_types: str) -> bool:
    """True when ``value`` is a Go integer whose type is one of ``go_types`` (``int``, ``int64``...).

    Plain Python ints are Go ``int`` (template literals); typed results such as
    ``int64`` or Sprig's arithmetic are :class:`~pyhelm.engine.runtime.GoInt`.
    """
    return isinstance(value, int) and not isinstance(value, bool) and type_name(value) in go_types


def _want_time(value: Any) -> GoTime:
    if isinstance(value, GoTime):
        return value
    from pyhelm.engine.funcs._args import wrong_type

    raise wrong_type("time.Time", value)


def _want_str(value: Any) -> str:
    from pyhelm.engine.funcs._args import want_str

    return want_str(value)


def _func_error(message: str) -> Exception:
    from pyhelm.engine.errors import FuncError

    return FuncError(message)


def _as_moment(value: Any) -> GoTime:
    """Sprig's date argument: a time.Time, unix seconds (int/int64), anything else → now."""
    if isinstance(value, GoTime):
        return value
    if _int_of_type(value, "int", "int64", "int32"):
        return GoTime(int(value), 0, LOCAL)
    return GoTime.now()


def now() -> GoTime:
    """Sprig ``now`` (Go ``time.Now``): the current Local time with a monotonic reading."""
    return GoTime.now()


def date_in_zone(fmt: Any, date: Any, zone: Any) -> str:
    """Sprig ``dateInZone FMT DATE ZONE`` → str.

    DATE is a time.Time or unix seconds (Go int/int64); other values mean now.
    An unknown ZONE falls back to UTC. Raises ArgTypeError for non-string FMT/ZONE.
    """
    layout, zone_name = _want_str(fmt), _want_str(zone)
    moment = _as_moment(date)
    try:
        loc = load_location(zone_name)
    except GoTimeError:
        loc = UTC
    return moment.In(loc).Format(layout)


def date(fmt: Any, value: Any) -> str:
    """Sprig ``date FMT DATE`` → str: ``dateInZone FMT DATE "Local"``."""
    return date_in_zone(fmt, value, "Local")


def html_date(value: Any) -> str:
    """Sprig ``htmlDate DATE`` → ``YYYY-MM-DD`` in Local."""
    return date_in_zone("2006-01-02", value, "Local")


def html_date_in_zone(value: Any, zone: Any) -> str:
    """Sprig ``htmlDateInZone DATE ZONE`` → ``YYYY-MM-DD`` in ZONE."""
    return date_in_zone("2006-01-02", value, zone)


def date_modify(fmt: Any, value: Any) -> GoTime:
    """Sprig ``dateModify DURATION TIME`` → TIME + DURATION; an unparsable duration returns TIME."""
    text, moment = _want_str(fmt), _want_time(value)
    try:
        return moment.Add(parse_duration(text))
    except GoTimeError:
        return moment


def must_date_modify(fmt: Any, value: Any) -> GoTime:
    """Sprig ``mustDateModify``: like ``dateModify`` but raises FuncError on a bad duration."""
    text, moment = _want_str(fmt), _want_time(value)
    try:
        return moment.Add(parse_duration(text))
    except GoTimeError as err:
        raise _func_error(str(err)) from None


def ago(value: Any) -> str:
    """Sprig ``ago DATE`` → Go duration string of now - DATE rounded to seconds.

    DATE: time.Time or unix seconds (int/int64); anything else means now (``0s``).
    """
    if isinstance(value, GoTime):
        moment = value
    elif _int_of_type(value, "int", "int64"):
        moment = GoTime(int(value), 0, LOCAL)
    else:
        moment = GoTime.now()
    return format_duration(round_duration(GoTime.now().Sub(moment), SECOND_NS))


def duration(value: Any) -> str:
    """Sprig ``duration SECONDS`` → Go duration string (``1h1m1s``).

    Accepts a decimal string or a Go int64; anything else (including a plain Go int
    template literal and floats) counts as 0, as Sprig does.
    """
    n = 0
    if isinstance(value, str):
        from pyhelm.engine.funcs._args import parse_go_int

        n = parse_go_int(value, 10) or 0
    elif _int_of_type(value, "int64"):
        n = int(value)
    from pyhelm.engine.funcs._args import wrap_int64

    return format_duration(wrap_int64(n * SECOND_NS))


def duration_round(value: Any) -> str:
    """Sprig ``durationRound D`` → the largest whole unit: ``2h``, ``3d``, ``1y`` (months are 30d).

    D: a duration string, a Go int64 of nanoseconds, or a time.Time (time since it);
    anything else is 0.
    """
    d = 0
    if isinstance(value, str):
        try:
            d = parse_duration(value)
        except GoTimeError:
            d = 0
    elif _int_of_type(value, "int64"):
        d = int(value)
    elif isinstance(value, GoTime):
        d = GoTime.now().Sub(value)
    u = abs(d)
    for size, suffix in ((365 * 24 * HOUR_NS, "y"), (30 * 24 * HOUR_NS, "mo"), (24 * HOUR_NS, "d"),
                         (HOUR_NS, "h"), (MINUTE_NS, "m"), (SECOND_NS, "s")):
        if u > size:
            return f"{u // size}{suffix}"
    return "0s"


def to_date(fmt: Any, value: Any) -> GoTime:
    """Sprig ``toDate LAYOUT STR`` → time.Time parsed in Local; the zero time when parsing fails."""
    layout, text = _want_str(fmt), _want_str(value)
    try:
        return parse_layout(layout, text, LOCAL)
    except GoTimeError:
        return GoTime.zero()


def must_to_date(fmt: Any, value: Any) -> GoTime:
    """Sprig ``mustToDate``: like ``toDate`` but raises FuncError with Go's parse error."""
    layout, text = _want_str(fmt), _want_str(value)
    try:
        return parse_layout(layout, text, LOCAL)
    except GoTimeError as err:
        raise _func_error(str(err)) from None


def unix_epoch(value: Any) -> str:
    """Sprig ``unixEpoch TIME`` → unix seconds as a decimal string."""
    return str(_want_time(value).sec)


FUNCS: dict[str, Any] = {
    "ago": ago,
    "date": date,
    "date_in_zone": date_in_zone,
    "date_modify": date_modify,
    "dateInZone": date_in_zone,
    "dateModify": date_modify,
    "duration": duration,
    "durationRound": duration_round,
    "htmlDate": html_date,
    "htmlDateInZone": html_date_in_zone,
    "must_date_modify": must_date_modify,
    "mustDateModify": must_date_modify,
    "mustToDate": must_to_date,
    "now": now,
    "toDate": to_date,
    "unixEpoch": unix_epoch,
}


def _declare() -> None:
    from pyhelm.engine.funcs._args import declare_params

    declare_params(
        FUNCS,
        {
            "ago": ("any",),
            "date": ("string", "any"),
            "dateInZone": ("string", "any", "string"),
            "dateModify": ("string", "time.Time"),
            "duration": ("any",),
            "durationRound": ("any",),
            "htmlDate": ("any",),
            "htmlDateInZone": ("any", "string"),
            "mustDateModify": ("string", "time.Time"),
            "mustToDate": ("string", "string"),
            "toDate": ("string", "string"),
            "unixEpoch": ("time.Time",),
        },
    )


# Go parameter types (Sprig's signatures) for the compiler's literal-argument checks.
_declare()
