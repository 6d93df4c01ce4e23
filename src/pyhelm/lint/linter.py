"""Lint messages, the linter that collects them, and Helm's ``lint.RunAll``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

UNKNOWN, INFO, WARNING, ERROR = 0, 1, 2, 3
SEVERITY_NAMES = ("UNKNOWN", "INFO", "WARNING", "ERROR")


@dataclass
class Message:
    """One finding (Helm ``support.Message``): severity, chart-relative path, error text."""

    severity: int
    path: str
    error: str

    def __str__(self) -> str:
        """``[SEVERITY] path: error`` as ``helm lint`` prints it."""
        return f"[{SEVERITY_NAMES[self.severity]}] {self.path}: {self.error}"


@dataclass
class Linter:
    """Messages found in one chart directory (Helm ``support.Linter``)."""

    chart_dir: str
    messages: list[Message] = field(default_factory=list)
    highest_severity: int = UNKNOWN

    def run_rule(self, severity: int, path: str, error: str | None) -> bool:
        """Record ``error`` (when not None) at ``severity``; return True when there was no error."""
        if error is None:
            return True
        self.messages.append(Message(severity, path, error))
        self.highest_severity = max(self.highest_severity, severity)
        return False


def run_all(
    base_dir: str,
    values: dict[str, Any] | None = None,
    namespace: str = "",
    *,
    kube_version: Any = None,
    skip_schema_validation: bool = False,
) -> Linter:
    """Lint the chart directory ``base_dir`` (Helm ``lint.RunAll``).

    ``values`` are user overrides (``-f``/``--set``); ``namespace`` is
    ``.Release.Namespace`` while rendering; ``kube_version`` a
    :class:`pyhelm.chartutil.capabilities.KubeVersion` or None. Rules run in Helm's
    order: Chart.yaml, values, templates, dependencies, CRDs.
    """
    from pyhelm.lint.rules import chartfile, crds, dependencies, templates
    from pyhelm.lint.rules import values as values_rule

    linter = Linter(os.path.abspath(base_dir))
    overrides = values or {}
    chartfile.lint(linter)
    values_rule.lint(linter, overrides, skip_schema_validation)
    templates.lint(linter, overrides, namespace, kube_version, skip_schema_validation)
    dependencies.lint(linter)
    crds.lint(linter)
    return linter
