"""The reference Helm (helm-python-sdk, Helm v4.2.3) as a test oracle.

Every differential test asks the reference what Helm does and compares pyhelm's
answer with it; nothing here knows pyhelm. Helpers:

- :func:`write_chart` lays out a small chart on disk from strings.
- :func:`ref_render` renders a chart directory with the reference engine.
- :func:`ref_template` renders one template text and returns its output or error.
- :func:`ref_values_files` reads ``-f`` files as Helm does (parse, then merge in order).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import helm_python as helm

RELEASE = "release-name"
NAMESPACE = "default"

DEFAULT_CHART_YAML = "apiVersion: v2\nname: {name}\nversion: 0.1.0\n"


class RefError(Exception):
    """The reference rejected the input; ``str(err)`` is Helm's message."""


def write_chart(
    root: Path,
    templates: dict[str, str],
    values: str = "",
    *,
    name: str = "mychart",
    chart_yaml: str | None = None,
    files: dict[str, str | bytes] | None = None,
) -> Path:
    """Write a chart directory ``root/name`` and return its path.

    ``templates`` maps paths under ``templates/`` to their text; ``files`` maps any
    other chart-relative path to its content.
    """
    chart_dir = root / name
    (chart_dir / "templates").mkdir(parents=True, exist_ok=True)
    text = chart_yaml if chart_yaml is not None else DEFAULT_CHART_YAML.format(name=name)
    (chart_dir / "Chart.yaml").write_text(text)
    (chart_dir / "values.yaml").write_text(values)
    for rel, body in templates.items():
        _write(chart_dir / "templates" / rel, body)
    for rel, body in (files or {}).items():
        _write(chart_dir / rel, body)
    return chart_dir


def _write(path: Path, body: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body)


def ref_render(
    chart_dir: Path | str,
    values: dict[str, Any] | None = None,
    *,
    name: str = RELEASE,
    namespace: str = NAMESPACE,
    is_upgrade: bool | None = None,
) -> dict[str, str]:
    """Render with the reference engine: ``{"<chart>/templates/<file>": text}``.

    Raises :class:`RefError` with Helm's message when Helm rejects the chart.
    """
    try:
        chart = helm.Chart.load(str(chart_dir))
        try:
            return chart.render(
                values or {},
                name=name,
                namespace=namespace,
                is_upgrade=is_upgrade,
                is_install=None if is_upgrade is None else not is_upgrade,
            )
        finally:
            chart.close()
    except helm.HelmError as err:
        raise RefError(str(err)) from err


def ref_manifest(
    chart_dir: Path | str, values: dict[str, Any] | None = None, *, name: str = RELEASE, namespace: str = NAMESPACE
) -> str:
    """The manifest stream ``helm template`` prints before its hooks (client dry-run install)."""
    try:
        config = helm.Config(storage_driver="memory")
        release = config.install(str(chart_dir), name, values or {}, dry_run="client", namespace=namespace)
        return release.get("manifest", "")  # omitted when empty (a library chart)
    except helm.HelmError as err:
        raise RefError(str(err)) from err


def ref_template(root: Path, text: str, values: str = "", *, files: dict[str, str | bytes] | None = None) -> str:
    """Render one template ``text`` in a fresh chart under ``root``.

    Returns the rendered text, or ``"ERROR: " + message`` when Helm fails, so a
    test can compare success and failure alike.
    """
    chart_dir = write_chart(root, {"t.yaml": text}, values, files=files)
    try:
        return ref_render(chart_dir)["mychart/templates/t.yaml"]
    except RefError as err:
        return f"ERROR: {err}"


def ref_values_yaml(text: str) -> dict[str, Any]:
    """Parse a values document as Helm does (``-f`` file content)."""
    try:
        return helm.values_from_yaml(text)
    except helm.HelmError as err:
        raise RefError(str(err)) from err


def merge_maps(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's ``mergeMaps`` for successive ``-f`` files: nested maps merge, others replace."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_maps(out[key], value)
        else:
            out[key] = value
    return out


def ref_values_files(paths: list[Path]) -> dict[str, Any]:
    """Read ``-f`` value files in order and merge them, as ``helm template -f a -f b`` does."""
    merged: dict[str, Any] = {}
    for path in paths:
        merged = merge_maps(merged, ref_values_yaml(Path(path).read_text()))
    return merged


def canonical(value: Any) -> str:
    """A stable JSON text of a value, for comparing structures in assertions."""
    return json.dumps(value, sort_keys=True, default=repr)
