"""Printing a release as Helm's install/upgrade/status commands do (``pkg/cmd/status.go``).

``format_release`` gives the table (NAME / LAST DEPLOYED / NAMESPACE / STATUS /
REVISION / DESCRIPTION / TEST SUITE / NOTES), ``-o json`` (the release record as
``json.Marshal`` writes it) and ``-o yaml`` (that JSON as YAML).
"""

from __future__ import annotations

import datetime as _dt

from pyhelm.release.model import Release

__all__ = ["OutputFormatError", "ansic", "format_release"]


class OutputFormatError(ValueError):
    """An unknown ``-o`` value."""


def ansic(value: _dt.datetime) -> str:
    """Go's ``time.ANSIC`` layout (``Mon Jan _2 15:04:05 2006``)."""
    return f"{value:%a %b} {value.day:>2} {value:%H:%M:%S %Y}"


def format_release(
    rel: Release,
    output: str = "table",
    *,
    debug: bool = False,
    hide_notes: bool = False,
    show_metadata: bool = False,
) -> str:
    """Render ``rel`` for ``-o table|json|yaml``.

    The table shows hooks and manifest for a dry run (description ``Dry run complete``)
    or with ``debug``. Raises :class:`OutputFormatError` for another format.
    """
    if output == "json":
        from pyhelm.release.codec import encode_release_json

        return encode_release_json(rel) + "\n"
    if output == "yaml":
        from pyhelm.codec import json as gojson
        from pyhelm.codec import yaml as goyaml
        from pyhelm.release.codec import encode_release_json

        return goyaml.dump(gojson.unmarshal(encode_release_json(rel)))
    if output != "table":
        raise OutputFormatError(f"invalid format type {output!r}")
    return _table(rel, debug, hide_notes, show_metadata)


def _table(rel: Release, debug: bool, hide_notes: bool, show_metadata: bool) -> str:
    info = rel.info
    lines = [f"NAME: {rel.name}"]
    if info is not None and info.last_deployed is not None:
        lines.append(f"LAST DEPLOYED: {ansic(info.last_deployed)}")
    lines.append(f"NAMESPACE: {rel.namespace}")
    lines.append(f"STATUS: {info.status if info else ''}")
    lines.append(f"REVISION: {rel.version}")
    if show_metadata and rel.chart is not None:
        lines.append(f"CHART: {rel.chart.metadata.name}")
        lines.append(f"VERSION: {rel.chart.metadata.version}")
        lines.append(f"APP_VERSION: {rel.chart.metadata.app_version}")
    lines.append(f"DESCRIPTION: {info.description if info else ''}")
    out = "\n".join(lines) + "\n" + _test_suite(rel)
    if debug:
        out += _values(rel)
    if debug or (info is not None and info.description.lower() == "dry run complete"):
        out += "HOOKS:\n"
        for hook in rel.hooks or []:
            out += f"---\n# Source: {hook.path}\n{hook.manifest}\n"
        out += f"MANIFEST:\n{rel.manifest}\n"
    if not hide_notes and info is not None and info.notes:
        out += f"NOTES:\n{info.notes.strip()}\n"
    return out


def _test_suite(rel: Release) -> str:
    tests = [h for h in rel.hooks or [] if "test" in (h.events or [])]
    if not tests:
        return "TEST SUITE: None\n"
    out = ""
    for hook in tests:
        run = hook.last_run
        if run.started_at is None:
            continue
        completed = ansic(run.completed_at) if run.completed_at is not None else "Mon Jan  1 00:00:00 0001"
        out += (
            f"TEST SUITE:     {hook.name}\n"
            f"Last Started:   {ansic(run.started_at)}\n"
            f"Last Completed: {completed}\n"
            f"Phase:          {run.phase}\n"
        )
    return out


def _values(rel: Release) -> str:
    from pyhelm.chartutil.values import coalesce_values, deep_copy
    from pyhelm.codec import yaml as goyaml

    out = "USER-SUPPLIED VALUES:\n" + goyaml.dump(rel.config or {}) + "\n"
    computed = coalesce_values(rel.chart, deep_copy(rel.config or {})) if rel.chart is not None else {}
    out += "COMPUTED VALUES:\n" + goyaml.dump(computed) + "\n"
    return out
