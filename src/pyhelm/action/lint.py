"""``helm lint`` as an action (Helm ``action.Lint``): lint chart paths, collect messages and errors."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any

from pyhelm.lint import ERROR, INFO, WARNING, Message, run_all


@dataclass
class LintOptions:
    """``helm lint`` flags: ``kube_version`` is a ``KubeVersion`` (already parsed) or None.

    ``namespace`` is ``.Release.Namespace`` while rendering; empty as in Helm's action
    (the CLI passes its ``--namespace``, by default ``default``).
    """

    strict: bool = False
    namespace: str = ""
    kube_version: Any = None
    skip_schema_validation: bool = False


@dataclass
class LintResult:
    """Helm ``LintResult``: charts linted, every message, and the errors that fail the run."""

    total_charts_linted: int = 0
    messages: list[Message] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def has_warnings_or_errors(self) -> bool:
        """Helm ``HasWarningsOrErrors``: a message above INFO, or any error."""
        return any(m.severity > INFO for m in self.messages) or bool(self.errors)


class LintChartError(Exception):
    """A path could not be linted at all (no Chart.yaml, unreadable archive)."""


def run(
    paths: list[str], values: dict[str, Any] | None = None, options: LintOptions | None = None
) -> LintResult:
    """Lint each chart directory or archive in ``paths`` (Helm ``(*Lint).Run``).

    Returns a :class:`LintResult`; messages at ERROR (or WARNING with ``strict``)
    become its ``errors``, and a path that cannot be linted adds its error text.
    """
    opts = options or LintOptions()
    lowest = WARNING if opts.strict else ERROR
    result = LintResult()
    for path in paths:
        try:
            messages = lint_chart(path, values or {}, opts)
        except LintChartError as err:
            result.errors.append(str(err))
            continue
        result.messages.extend(messages)
        result.total_charts_linted += 1
        result.errors.extend(m.error for m in messages if m.severity >= lowest)
    return result


def lint_chart(path: str, values: dict[str, Any], options: LintOptions) -> list[Message]:
    """Lint one chart directory or ``.tgz``/``.tar.gz`` archive; returns its messages.

    Raises :class:`LintChartError` (``unable to check Chart.yaml file in chart: ...``,
    ``unable to open tarball: ...``, ``unable to extract tarball: ...``).
    """
    if path.endswith((".tgz", ".tar.gz")):
        tmp = tempfile.mkdtemp(prefix="helm-lint")
        try:
            return _lint_dir(_expand(path, tmp), values, options)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return _lint_dir(path, values, options)


def _lint_dir(chart_path: str, values: dict[str, Any], options: LintOptions) -> list[Message]:
    chart_file = os.path.normpath(os.path.join(chart_path, "Chart.yaml"))
    try:
        os.stat(chart_file)
    except OSError as err:
        reason = "not a directory" if isinstance(err, NotADirectoryError) else "no such file or directory"
        raise LintChartError(
            f"unable to check Chart.yaml file in chart: stat {chart_file}: {reason}"
        ) from None
    linter = run_all(
        chart_path,
        dict(values),
        options.namespace,
        kube_version=options.kube_version,
        skip_schema_validation=options.skip_schema_validation,
    )
    return linter.messages


def _expand(archive: str, tmp: str) -> str:
    """Unpack ``archive`` into ``tmp/<chart name>`` as Helm's ``chartutil.Expand``; return that directory."""
    from pyhelm.chart.archive import read_archive_files
    from pyhelm.chart.metadata import parse_metadata

    try:
        with open(archive, "rb") as fh:
            data = fh.read()
    except OSError as err:
        raise LintChartError(
            f"unable to open tarball: open {archive}: {(err.strerror or '').lower()}"
        ) from None
    try:
        files = read_archive_files(data)
        name = ""
        for f in files:
            if f.name == "Chart.yaml":
                name = parse_metadata(f.data).name
        if not name:
            raise ValueError("chart name not specified")
    except Exception as err:
        raise LintChartError(f"unable to extract tarball: {err}") from None
    chart_dir = os.path.join(tmp, name)
    for f in files:
        target = os.path.join(chart_dir, f.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(f.data)
    entries = sorted(os.listdir(tmp))
    first = os.path.join(tmp, entries[0])
    if not os.path.isdir(first):
        raise LintChartError(f"unexpected file {entries[0]} in temporary output directory {tmp}")
    return first


__all__ = ["ERROR", "INFO", "WARNING", "LintChartError", "LintOptions", "LintResult", "lint_chart", "run"]
