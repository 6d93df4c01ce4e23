"""Dependency rules (Helm ``rules.Dependencies``): Chart.yaml dependencies against charts/."""

from __future__ import annotations

from pyhelm.chart.model import Chart
from pyhelm.lint.linter import ERROR, WARNING, Linter


def lint(linter: Linter) -> None:
    """Load the chart directory and compare declared with present dependencies."""
    from pyhelm.chart import loader

    try:
        chart = loader.load_dir(linter.chart_dir)
    except Exception as err:
        linter.run_rule(ERROR, "", f"unable to load chart\n\t{err}")
        return
    linter.run_rule(ERROR, linter.chart_dir, missing_in_metadata(chart))
    linter.run_rule(ERROR, linter.chart_dir, duplicate_names(chart))
    linter.run_rule(WARNING, linter.chart_dir, missing_in_charts_dir(chart))


def missing_in_charts_dir(chart: Chart) -> str | None:
    """Declared dependencies with no chart under charts/."""
    present = {sub.name for sub in chart.dependencies}
    missing = [dep.name for dep in chart.metadata.dependencies if dep is not None and dep.name not in present]
    return f"chart directory is missing these dependencies: {','.join(missing)}" if missing else None


def missing_in_metadata(chart: Chart) -> str | None:
    """Charts under charts/ that Chart.yaml does not declare."""
    declared = {dep.name for dep in chart.metadata.dependencies if dep is not None}
    missing = [sub.name for sub in chart.dependencies if sub.name not in declared]
    return f"chart metadata is missing these dependencies: {','.join(missing)}" if missing else None


def duplicate_names(chart: Chart) -> str | None:
    """Dependencies sharing a name or alias."""
    seen: set[str] = set()
    shadowing = []
    for dep in chart.metadata.dependencies:
        if dep is None:
            continue
        key = dep.alias or dep.name
        if key in seen:
            shadowing.append(key)
        seen.add(key)
    return f"multiple dependencies with name or alias: {','.join(shadowing)}" if shadowing else None
