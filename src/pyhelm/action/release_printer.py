"""Printing releases as Helm's CLI does (``pkg/cmd`` printers and ``pkg/cli/output``).

Shared by ``status``, ``get``, ``list``, ``history`` (and the commands that print a
release after changing it): Helm's ``status`` layout (NAME / LAST DEPLOYED / NAMESPACE /
STATUS / REVISION / DESCRIPTION / TEST SUITE / NOTES), ``-o json`` / ``-o yaml`` of the
release as ``encoding/json`` and ``sigs.k8s.io/yaml`` marshal it, uitable-style tables,
and Go's ``time.Time`` text (``String``, ``Format(time.ANSIC)``, custom layouts).

Everything returns text; nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Sequence
from typing import Any

from pyhelm.chart.model import Chart
from pyhelm.codec import json as gojson
from pyhelm.codec import yaml as goyaml
from pyhelm.codec.json import Struct
from pyhelm.engine.funcs import dates
from pyhelm.release.codec import release_to_json
from pyhelm.release.model import HookEvent, Release

__all__ = [
    "ANSIC",
    "OUTPUT_FORMATS",
    "app_version",
    "chart_name",
    "encode_json",
    "encode_yaml",
    "format_ansic",
    "format_layout",
    "go_time",
    "release_json",
    "resources_table",
    "status_table",
    "time_string",
    "uitable",
    "write_release",
]

#: Go's ``time.ANSIC`` layout.
ANSIC = "Mon Jan _2 15:04:05 2006"

#: The values ``-o/--output`` accepts (Helm ``output.Formats()``).
OUTPUT_FORMATS = ("table", "json", "yaml")


# ---------------------------------------------------------------------------
# Go time.Time text
# ---------------------------------------------------------------------------


def _location_of(value: _dt.datetime) -> dates.Location:
    """The Go location ``time.Parse`` gives an RFC 3339 time with this offset."""
    offset = value.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    if value.tzinfo is _dt.UTC or (seconds == 0 and value.tzinfo == _dt.UTC):
        return dates.UTC
    local = dates.LOCAL
    unix = int(value.timestamp())
    if local.lookup(unix)[0] == seconds:
        return local
    return dates.fixed_zone("", seconds)


def go_time(value: _dt.datetime, *, local: bool = False) -> dates.GoTime:
    """A release time (:class:`pyhelm.release.model.GoTime` or datetime) as a Go ``time.Time``.

    The location is the one Go's JSON decoding gives (UTC for ``Z``, Local when the
    offset matches the local zone, else an unnamed fixed zone); ``local=True`` converts
    to the local zone as Go's ``Time.Local()`` does.
    """
    if value.tzinfo is None:
        value = value.astimezone()
    nanos = getattr(value, "nanosecond", value.microsecond * 1000)
    whole = value.replace(microsecond=0)
    sec = int(whole.timestamp())
    loc = dates.LOCAL if local else _location_of(value)
    return dates.GoTime(sec, nanos, loc)


def time_string(value: _dt.datetime) -> str:
    """Go ``Time.String()``: ``2016-01-16 00:00:00 +0000 UTC``."""
    return go_time(value).String()


def format_layout(value: _dt.datetime, layout: str) -> str:
    """Go ``Time.Format(layout)`` in the time's own location."""
    return go_time(value).Format(layout)


def format_ansic(value: _dt.datetime) -> str:
    """Go ``Time.Local().Format(time.ANSIC)``: ``Sat Jan 16 00:00:00 2016``."""
    return go_time(value, local=True).Format(ANSIC)


# ---------------------------------------------------------------------------
# encoders (pkg/cli/output)
# ---------------------------------------------------------------------------


def encode_json(value: Any) -> str:
    """Helm ``output.EncodeJSON``: ``json.Encoder.Encode`` (compact, HTML-escaped, newline)."""
    return gojson.marshal(value) + "\n"


def encode_yaml(value: Any) -> str:
    """Helm ``output.EncodeYAML``: ``sigs.k8s.io/yaml.Marshal`` (keys sorted, newline-terminated)."""
    return goyaml.dump(value)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (go-runewidth): combining marks 0, East Asian wide 2, others 1."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def uitable(rows: Sequence[Sequence[Any]]) -> str:
    """A ``gosuri/uitable`` table as Helm's ``output.EncodeTable`` writes it.

    Every cell (``%v`` of the value) is left-aligned and padded to its column's width,
    cells are separated by a tab, rows by newlines; the text ends with a newline.
    An empty table is just the newline.
    """
    cells = [[_cell_text(c) for c in row] for row in rows]
    ncols = max((len(r) for r in cells), default=0)
    widths = [0] * ncols
    for row in cells:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], display_width(text))
    lines = []
    for row in cells:
        padded = [text + " " * (widths[i] - display_width(text)) for i, text in enumerate(row)]
        lines.append("\t".join(padded))
    return "\n".join(lines) + "\n"


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ---------------------------------------------------------------------------
# chart columns
# ---------------------------------------------------------------------------


def chart_name(chart: Chart | None) -> str:
    """``NAME-VERSION`` of a release's chart, ``MISSING`` without metadata (Helm ``formatChartName``)."""
    if chart is None or chart.metadata is None:
        return "MISSING"
    return f"{chart.metadata.name}-{chart.metadata.version}"


def app_version(chart: Chart | None) -> str:
    """The chart's appVersion, ``MISSING`` without metadata (Helm ``formatAppVersion``)."""
    if chart is None or chart.metadata is None:
        return "MISSING"
    return chart.metadata.app_version


# ---------------------------------------------------------------------------
# live resources (kubectl's human-readable Table printer)
# ---------------------------------------------------------------------------


def _tabwriter(lines: list[list[str]], *, minwidth: int = 6, padding: int = 3) -> str:
    """Go ``text/tabwriter`` as kubectl configures it, for lines of tab-separated cells.

    Every cell but a line's last is padded with spaces to its column's width (the widest
    cell plus ``padding``, at least ``minwidth``).
    """
    ncols = max((len(line) for line in lines), default=0)
    widths = [minwidth] * ncols
    for line in lines:
        for i, cell in enumerate(line[:-1]):
            widths[i] = max(widths[i], display_width(cell) + padding)
    out = []
    for line in lines:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(line[:-1])]
        out.append("".join(cells) + (line[-1] if line else "") + "\n")
    return "".join(out)


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        for i, ch in enumerate(value):
            if ch in "\f\n\r":
                return value[:i] + "..."
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _TablePrinter:
    """kubectl's ``HumanReadablePrinter`` for server-side Tables: headers only when the
    columns change; each object aligned on its own (one tabwriter per object)."""

    def __init__(self) -> None:
        self.last_columns: Any = None
        self.printed_headers = False

    def print_obj(self, table: dict[str, Any]) -> str:
        columns = table.get("columnDefinitions") or []
        rows = table.get("rows") or []
        no_headers = self.printed_headers and (not columns or columns == self.last_columns)
        if not columns:
            columns = self.last_columns or []
        elif columns != self.last_columns:
            self.last_columns = columns
            self.printed_headers = False
        if rows:
            self.printed_headers = True
        shown = [i for i, c in enumerate(columns) if not c.get("priority")]
        lines: list[list[str]] = []
        if not no_headers:
            if not rows:
                return ""
            lines.append([str(columns[i].get("name", "")).upper() for i in shown])
        for row in rows:
            cells = row.get("cells") or []
            lines.append([_table_cell(cells[i]) if i < len(cells) else "" for i in shown])
        return _tabwriter(lines)


def resources_table(resources: dict[str, list[Any]]) -> str:
    """The body of ``helm status``'s RESOURCES block: ``==> VERSION/KIND`` then its objects.

    ``resources`` maps a kind key to server-side ``meta.k8s.io`` Tables (as
    :func:`pyhelm.action.status.live_resources` returns with ``table=True``). Kinds are
    printed in sorted order (Helm walks a Go map, in no fixed order).
    """
    printer = _TablePrinter()
    out = []
    for kind in sorted(resources):
        out.append(f"==> {kind}\n")
        for obj in resources[kind]:
            if isinstance(obj, dict) and obj.get("kind") == "Table":
                out.append(printer.print_obj(obj))
        out.append("\n")
    return "".join(out)


# ---------------------------------------------------------------------------
# the release itself
# ---------------------------------------------------------------------------


def release_json(rel: Release) -> Struct:
    """The release as Helm's ``-o json``/``-o yaml`` marshal it (``release.Release`` JSON tags)."""
    return release_to_json(rel)


def _test_suite_lines(rel: Release) -> list[str]:
    tests = [h for h in rel.hooks or [] if any(str(e) == HookEvent.TEST for e in h.events or [])]
    if not tests:
        return ["TEST SUITE: None"]
    lines = []
    for hook in tests:
        run = hook.last_run
        if run is None or run.started_at is None:
            continue
        completed = format_ansic(run.completed_at) if run.completed_at is not None else _zero_ansic()
        lines += [
            f"TEST SUITE:     {hook.name}",
            f"Last Started:   {format_ansic(run.started_at)}",
            f"Last Completed: {completed}",
            f"Phase:          {run.phase}",
        ]
    return lines


def _zero_ansic() -> str:
    return dates.GoTime.zero().Format(ANSIC)


def _values_yaml(value: Any) -> str:
    return encode_yaml(value)


def status_table(
    rel: Release,
    *,
    debug: bool = False,
    show_metadata: bool = False,
    hide_notes: bool = False,
    resources_text: str = "",
) -> str:
    """Helm's ``statusPrinter.WriteTable``: the human-readable release report.

    Args:
        rel: the release (``info`` must be set).
        debug: add USER-SUPPLIED VALUES, COMPUTED VALUES, HOOKS and MANIFEST (``get all``).
        show_metadata: add CHART / VERSION / APP_VERSION (``get all``).
        hide_notes: leave out the NOTES block (``--hide-notes``).
        resources_text: the already formatted body of the RESOURCES block (``==> KIND``
            tables), empty for none.

    Raises :class:`pyhelm.chartutil.values.ValuesError` when ``debug`` and the values
    cannot be coalesced.
    """
    info = rel.info
    assert info is not None
    out = [f"NAME: {rel.name}\n"]
    if info.last_deployed is not None:
        out.append(f"LAST DEPLOYED: {format_ansic(info.last_deployed)}\n")
    out.append(f"NAMESPACE: {rel.namespace}\n")
    out.append(f"STATUS: {info.status}\n")
    out.append(f"REVISION: {rel.version}\n")
    if show_metadata:
        md = rel.chart.metadata if rel.chart is not None else None
        out.append(f"CHART: {md.name if md else ''}\n")
        out.append(f"VERSION: {md.version if md else ''}\n")
        out.append(f"APP_VERSION: {md.app_version if md else ''}\n")
    out.append(f"DESCRIPTION: {info.description}\n")
    if resources_text:
        out.append(f"RESOURCES:\n{resources_text}\n")
    out.extend(line + "\n" for line in _test_suite_lines(rel))
    if debug:
        out.append("USER-SUPPLIED VALUES:\n")
        out.append(_values_yaml(rel.config))
        out.append("\n")
        out.append("COMPUTED VALUES:\n")
        out.append(_values_yaml(_computed_values(rel)))
        out.append("\n")
    if info.description.lower() == "dry run complete" or debug:
        out.append("HOOKS:\n")
        for hook in rel.hooks or []:
            out.append(f"---\n# Source: {hook.path}\n{hook.manifest}\n")
        out.append(f"MANIFEST:\n{rel.manifest}\n")
    if not hide_notes and info.notes:
        out.append(f"NOTES:\n{info.notes.strip()}\n")
    return "".join(out)


def _computed_values(rel: Release) -> dict[str, Any]:
    from pyhelm.chart.model import Chart as _Chart
    from pyhelm.chartutil.values import coalesce_values

    return coalesce_values(rel.chart or _Chart(), rel.config)


def write_release(
    rel: Release,
    output: str = "table",
    *,
    debug: bool = False,
    show_metadata: bool = False,
    hide_notes: bool = False,
    resources_text: str = "",
) -> str:
    """A release in one of Helm's output formats (``table``, ``json``, ``yaml``).

    ``table`` is :func:`status_table`; ``json``/``yaml`` marshal the whole release
    (callers strip the chart first where Helm does, as ``status`` does).
    Raises ValueError for an unknown format.
    """
    if output == "json":
        return encode_json(release_json(rel))
    if output == "yaml":
        return encode_yaml(release_json(rel))
    if output == "table":
        return status_table(
            rel, debug=debug, show_metadata=show_metadata, hide_notes=hide_notes,
            resources_text=resources_text,
        )
    raise ValueError(f"invalid format type {output!r}")
