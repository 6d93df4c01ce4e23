"""Dependency processing: conditions, tags, aliases and import-values (Helm v4.2).

Follows Helm's ``pkg/chart/v2/util/dependencies.go``: :func:`process_dependencies`
is ``ProcessDependencies`` (which imports values in *merge* mode in Helm v4, i.e.
``ProcessDependenciesWithMerge``), and :func:`check_dependencies` is
``action.CheckDependencies``.

Like Helm, processing mutates the chart tree given to it: disabled subcharts are
removed from ``chart.dependencies`` and ``chart.metadata.dependencies``, aliased
subcharts are replaced by renamed copies, ``Dependency.name`` becomes the alias,
``Dependency.enabled`` is set, ``Dependency.import_values`` is rewritten to
``{"child": ..., "parent": ...}`` pairs, and each chart's ``values`` gain the
imported values. Load a fresh chart (or copy it) when the original is still needed.

Library charts (``type: library``) are processed like any other subchart here; the
renderer skips their templates.
"""

from __future__ import annotations

import copy
from typing import Any

from pyhelm.chart.model import Chart, Dependency
from pyhelm.chartutil import values as chartvalues
from pyhelm.chartutil.values import NoTableError, NoValueError, Values


class DependencyError(Exception):
    """A dependency problem Helm reports as an error; ``str(err)`` is Helm's message."""


class _ImportPair(dict):
    """An ``import-values`` entry already rewritten by Helm (Go ``map[string]string``).

    Helm's type switch only matches ``map[string]interface{}`` and ``string``, so a
    rewritten entry is ignored if dependencies are processed again.
    """


def is_compatible_range(constraint: str, version: str) -> bool:
    """Helm ``IsCompatibleRange``: ``version`` satisfies semver ``constraint``; False on parse errors."""
    from pyhelm.semver import new_constraint, new_version

    try:
        return bool(new_constraint(constraint).check(new_version(version)))
    except Exception:  # noqa: BLE001 - Helm treats any parse failure as "not compatible"
        return False


def process_dependencies(chart: Chart, values: Values | None, *, warnings: list[str] | None = None) -> None:
    """Helm ``ProcessDependencies``: enable/disable subcharts, then import values.

    ``values`` are the user values (``-f``/``--set``), not modified. Warnings that
    Helm logs (non-bool condition or tag, missing import table) are appended to
    ``warnings``. Raises :class:`pyhelm.chartutil.values.ValuesError` when
    coalescing fails (``type mismatch on NAME: ...``).
    """
    _process_enabled(chart, values or {}, "", warnings)
    _process_import_values_tree(chart, warnings)


process_dependencies_with_merge = process_dependencies


def check_dependencies(chart: Chart) -> None:
    """Helm ``action.CheckDependencies``: every ``Chart.yaml`` dependency has a loaded subchart.

    Raises :class:`DependencyError`
    ``found in Chart.yaml, but missing in charts/ directory: a, b``.
    """
    loaded = {sub.name for sub in chart.dependencies}
    missing = [dep.name for dep in chart.metadata.dependencies if dep is not None and dep.name not in loaded]
    if missing:
        raise DependencyError(f"found in Chart.yaml, but missing in charts/ directory: {', '.join(missing)}")


# --------------------------------------------------------------------------- enabled


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def _alias_dependency(charts: list[Chart], dep: Dependency) -> Chart | None:
    """Helm ``getAliasDependency``: a renamed shallow copy of the subchart ``dep`` selects."""
    for sub in charts:
        if sub is None or sub.name != dep.name:
            continue
        if not is_compatible_range(dep.version, sub.metadata.version):
            continue
        out = copy.copy(sub)
        out.metadata = copy.copy(sub.metadata)
        out.metadata.dependencies = [copy.copy(d) for d in sub.metadata.dependencies]
        out.dependencies = []
        for grandchild in sub.dependencies:
            out.add_dependency(copy.copy(grandchild))
        if dep.alias:
            out.metadata.name = dep.alias
        return out
    return None


def _process_enabled(chart: Chart, values: Values, path: str, warnings: list[str] | None) -> None:
    """Helm ``processDependencyEnabled`` (recursive)."""
    reqs = chart.metadata.dependencies
    if not reqs:
        return
    kept: list[Chart] = [
        existing
        for existing in chart.dependencies
        if not any(
            existing.name == req.name and is_compatible_range(req.version, existing.metadata.version)
            for req in reqs
            if req is not None
        )
    ]
    for req in reqs:
        if req is None:
            continue
        aliased = _alias_dependency(chart.dependencies, req)
        if aliased is not None:
            kept.append(aliased)
        if req.alias:
            req.name = req.alias
    chart.set_dependencies(kept)

    for req in reqs:
        if req is not None:
            req.enabled = True
    cvals = chartvalues.coalesce_values(chart, values)
    _process_tags(reqs, cvals, warnings)
    _process_conditions(reqs, cvals, path, warnings)

    removed = {req.name for req in reqs if req is not None and not req.enabled}
    enabled_charts = [sub for sub in chart.dependencies if sub.metadata.name not in removed]
    enabled_reqs = [req for req in reqs if req is None or req.name not in removed]
    for sub in enabled_charts:
        _process_enabled(sub, cvals, f"{path}{sub.metadata.name}.", warnings)
    chart.metadata.dependencies = enabled_reqs
    chart.set_dependencies(enabled_charts)


def _process_conditions(reqs: list[Dependency], cvals: Values, path: str, warnings: list[str] | None) -> None:
    """Helm ``processDependencyConditions``: the first condition path holding a bool decides."""
    for req in reqs:
        if req is None:
            continue
        for cond in req.condition.strip().split(","):
            if not cond:
                continue
            try:
                value = chartvalues.path_value(cvals, path + cond)
            except NoValueError:
                continue
            except chartvalues.ValuesError as err:
                _warn(warnings, f"the method PathValue returned error error={err}")
                continue
            if isinstance(value, bool):
                req.enabled = value
                break
            _warn(warnings, f"returned non-bool value path={cond} chart={req.name}")


def _process_tags(reqs: list[Dependency], cvals: Values, warnings: list[str] | None) -> None:
    """Helm ``processDependencyTags``: any true tag enables; only-false tags disable."""
    try:
        tags = chartvalues.table(cvals, "tags")
    except NoTableError:
        return
    for req in reqs:
        if req is None:
            continue
        has_true = has_false = False
        for tag in req.tags or []:
            if tag not in tags:
                continue
            value = tags[tag]
            if isinstance(value, bool):
                has_true = has_true or value
                has_false = has_false or not value
            else:
                _warn(warnings, f"returned non-bool value tag={tag} chart={req.name}")
        if not has_true and has_false:
            req.enabled = False
        elif has_true or not has_false:
            req.enabled = True


# --------------------------------------------------------------------------- import-values


def _process_import_values_tree(chart: Chart, warnings: list[str] | None) -> None:
    """Helm ``processDependencyImportValues`` with merge: children first, then this chart."""
    for sub in chart.dependencies:
        _process_import_values_tree(sub, warnings)
    _process_import_values(chart, warnings)


def _path_to_map(path: str, data: Values) -> Values:
    """Helm ``pathToMap``: nest ``data`` under dotted ``path`` (``.`` is the root)."""
    if path == ".":
        return data
    out: Values = data
    for part in reversed(path.split(".")):
        out = {part: out}
    return out


def _go_sprint(value: Any) -> str:
    return chartvalues.go_sprint(value)


def _process_import_values(chart: Chart, warnings: list[str] | None) -> None:
    """Helm ``processImportValues`` (merge mode): copy child tables into the parent's values.

    Imported values rank below the parent's own values.
    """
    reqs = chart.metadata.dependencies
    if not reqs:
        return
    cvals = chartvalues.merge_chart_values(chart, None)
    imported: Values = {}
    for req in reqs:
        if req is None:
            continue
        rewritten: list[Any] = []
        for entry in req.import_values or []:
            if isinstance(entry, _ImportPair):
                continue
            if isinstance(entry, dict):
                child = _go_sprint(entry.get("child"))
                parent = _go_sprint(entry.get("parent"))
                rewritten.append(_ImportPair(child=child, parent=parent))
                try:
                    found = chartvalues.table(cvals, f"{req.name}.{child}")
                except NoTableError as err:
                    _warn(warnings, f"ImportValues missing table from chart chart={req.name} error={err}")
                    continue
                imported = chartvalues.merge_tables(imported, _path_to_map(parent, found)) or {}
            elif isinstance(entry, str):
                child = "exports." + entry
                rewritten.append(_ImportPair(child=child, parent="."))
                try:
                    found = chartvalues.table(cvals, f"{req.name}.{child}")
                except NoTableError as err:
                    _warn(warnings, f"ImportValues missing table error={err}")
                    continue
                imported = chartvalues.merge_tables(imported, found) or {}
        req.import_values = rewritten
    cvals = chartvalues.deep_copy(cvals)
    chart.values = chartvalues.merge_tables(cvals, imported) or {}
