"""``helm dependency list``: the declared dependencies of a chart and their status (Helm ``action.Dependency``).

Statuses, as Helm decides them: an archive ``charts/<name>-*.tgz`` is looked at first
(``ok``, ``corrupt``, ``misnamed``, ``wrong version``, ``invalid version``, ``too many
matches``), then the loaded subcharts (``unpacked``, ``wrong version``, ``invalid
version``), else ``missing``.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass

from pyhelm.chart.model import Chart, Dependency

DEFAULT_COLUMN_WIDTH = 80


@dataclass
class DependencyStatus:
    """One row of ``helm dependency list``."""

    name: str
    version: str
    repository: str
    status: str


def _constraint_status(version: str, want: str) -> str:
    """``""`` when ``version`` satisfies the constraint ``want``, else Helm's status word."""
    from pyhelm.semver import Constraints, SemverError, Version

    if version == want:
        return ""
    try:
        constraint = Constraints.parse(want)
        parsed = Version.parse(version)
    except SemverError:
        return "invalid version"
    return "" if constraint.check(parsed) else "wrong version"


def _archive_status(archive: str, dep: Dependency) -> str:
    """Helm ``statArchiveForStatus``: status of an archive candidate, ``""`` when it does not exist."""
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.loader import load

    if not os.path.exists(archive):
        return ""
    try:
        chart = load(archive)
    except (ChartLoadError, OSError):
        return "corrupt"
    if chart.metadata.name != dep.name:
        return "misnamed"
    return _constraint_status(chart.metadata.version, dep.version) or "ok"


def dependency_status(chart_path: str, dep: Dependency, parent: Chart) -> str:
    """Helm ``dependencyStatus``: the status word of ``dep`` for the chart at ``chart_path``."""
    from pyhelm.semver import SemverError, Version

    pattern = os.path.join(glob.escape(os.path.join(chart_path, "charts")), glob.escape(dep.name) + "-*.tgz")
    archives = sorted(glob.glob(pattern))
    if len(archives) > 1:
        found = []
        for arc in archives:
            maybe = os.path.basename(arc)[: -len(".tgz")][len(dep.name) + 1 :]
            try:
                Version.parse_strict(maybe)
            except SemverError:
                continue
            found.append(arc)
        if len(found) == 1:
            status = _archive_status(found[0], dep)
            if status:
                return status
        elif len(found) > 1:
            return "too many matches"
    elif len(archives) == 1:
        status = _archive_status(archives[0], dep)
        if status:
            return status
    sub = None
    for item in parent.dependencies:
        if item.metadata.name == dep.name:
            sub = item
    if sub is None:
        return "missing"
    return _constraint_status(sub.metadata.version, dep.version) or "unpacked"


def list_dependencies(chart_path: str) -> list[DependencyStatus] | None:
    """The rows of ``helm dependency list`` for a chart directory or archive.

    Returns ``None`` when the chart declares no dependencies. Raises
    :class:`pyhelm.chart.archive.ChartLoadError` when the chart cannot be loaded.
    """
    from pyhelm.chart.loader import load

    chart = load(chart_path)
    if not chart.metadata.dependencies:
        return None
    return [
        DependencyStatus(d.name, d.version, d.repository, dependency_status(chart_path, d, chart))
        for d in chart.metadata.dependencies
    ]


def _resize(text: str, width: int) -> str:
    """uitable's cell sizing: truncate to ``width`` (ending in ``...``) or pad with spaces."""
    if len(text) > width:
        return text[: max(width - 3, 0)] + "..." if width > 3 else text[:width]
    return text + " " * (width - len(text))


def format_table(rows: Sequence[Sequence[str]], max_width: int = DEFAULT_COLUMN_WIDTH) -> str:
    """gosuri/uitable's rendering: cells padded to their column's width (capped at
    ``max_width``), separated by tabs, rows joined by newlines (no trailing newline)."""
    widths = [min(max(len(r[i]) for r in rows), max_width) for i in range(len(rows[0]))]
    return "\n".join("\t".join(_resize(cell, widths[i]) for i, cell in enumerate(row)) for row in rows)


def missing_warnings(chart_path: str, reqs: list[Dependency]) -> list[str]:
    """Helm ``printMissing``: warnings for charts in ``charts/`` that Chart.yaml does not declare."""
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.loader import load
    from pyhelm.codec.json import marshal_string

    out = []
    for path in sorted(glob.glob(os.path.join(glob.escape(os.path.join(chart_path, "charts")), "*"))):
        if not os.path.isdir(path) and os.path.splitext(path)[1] != ".tgz":
            continue
        quoted = marshal_string(path, escape_html=False)
        try:
            chart = load(path)
        except (ChartLoadError, OSError):
            out.append(f"WARNING: {quoted} is not a chart.")
            continue
        if not any(d.name == chart.metadata.name for d in reqs):
            out.append(f"WARNING: {quoted} is not in Chart.yaml.")
    return out


def list_report(chart_path: str, max_col_width: int = DEFAULT_COLUMN_WIDTH) -> str:
    """The full text ``helm dependency list`` prints (Helm ``Dependency.List``).

    Raises :class:`pyhelm.chart.archive.ChartLoadError` when the chart cannot be loaded.
    """
    from pyhelm.chart.loader import load

    rows = list_dependencies(chart_path)
    if rows is None:
        return f"WARNING: no dependencies at {os.path.join(chart_path, 'charts')}\n"
    table = [("NAME", "VERSION", "REPOSITORY", "STATUS")]
    table += [(r.name, r.version, r.repository, r.status) for r in rows]
    text = format_table(table, max_col_width) + "\n\n"
    reqs = load(chart_path).metadata.dependencies
    for line in missing_warnings(chart_path, reqs):
        text += line + "\n"
    return text
