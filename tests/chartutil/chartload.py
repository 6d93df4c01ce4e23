"""Load a chart directory into pyhelm's model for the chartutil tests.

Uses ``pyhelm.chart.loader.load`` when it exists; until then a minimal stand-in
reads ``Chart.yaml`` (PyYAML), ``values.yaml`` (parsed by the reference Helm, so
these tests exercise values processing and nothing else), ``values.schema.json``
and subchart directories under ``charts/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python as helm
import yaml

from pyhelm.chart.model import Chart, Dependency, Metadata

try:  # pragma: no cover - depends on the loader having landed
    from pyhelm.chart.loader import load as _pyhelm_load
except ImportError:  # pragma: no cover
    _pyhelm_load = None


def load_chart(path: Path | str) -> Chart:
    """The chart at ``path`` with its subcharts."""
    if _pyhelm_load is not None:
        return _pyhelm_load(str(path))
    return _load_dir(Path(path))


def _dependency(raw: dict[str, Any]) -> Dependency:
    return Dependency(
        name=str(raw.get("name") or ""),
        version=str(raw.get("version") or ""),
        repository=str(raw.get("repository") or ""),
        condition=str(raw.get("condition") or ""),
        tags=list(raw.get("tags") or []),
        import_values=list(raw.get("import-values") or []),
        alias=str(raw.get("alias") or ""),
    )


def _floats(value: Any) -> Any:
    """Numbers as Helm holds values-file numbers: float64 (the JSON bridge returns int)."""
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _load_dir(root: Path) -> Chart:
    meta_raw = yaml.safe_load((root / "Chart.yaml").read_text()) or {}
    metadata = Metadata(
        name=str(meta_raw.get("name") or ""),
        version=str(meta_raw.get("version") or ""),
        api_version=str(meta_raw.get("apiVersion") or ""),
        type=str(meta_raw.get("type") or ""),
        dependencies=[_dependency(d) for d in meta_raw.get("dependencies") or []],
    )
    values_file = root / "values.yaml"
    values = _floats(helm.values_from_yaml(values_file.read_text())) if values_file.exists() else {}
    schema_file = root / "values.schema.json"
    chart = Chart(
        metadata=metadata,
        values=values or {},
        schema=schema_file.read_bytes() if schema_file.exists() else None,
    )
    charts_dir = root / "charts"
    if charts_dir.is_dir():
        for sub in sorted(charts_dir.iterdir()):
            if sub.is_dir() and (sub / "Chart.yaml").exists():
                chart.add_dependency(_load_dir(sub))
    return chart
