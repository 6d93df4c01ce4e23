"""Shared helpers for the chart tests: build chart trees and archives, ask the reference."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path
from typing import Any

import helm_python as helm

CHART_YAML = "apiVersion: v2\nname: x\nversion: 1.0.0\n"


def make_dir(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (chart-relative path → content) under ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return root


def make_tgz(
    entries: list[tuple[str, str | bytes | None]], *, compress: bool = True, tar_format: int = tarfile.PAX_FORMAT
) -> bytes:
    """A tar(.gz) of ``(name, content)`` entries in order; ``None`` content makes a directory."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tar_format) as tar:
        for name, body in entries:
            info = tarfile.TarInfo(name)
            if body is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
                continue
            data = body if isinstance(body, bytes) else body.encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0) if compress else raw.getvalue()


def pack_dir(chart_dir: Path, prefix: str) -> bytes:
    """Re-pack a chart directory as a .tgz (every file under ``prefix/``, sorted walk order)."""
    entries: list[tuple[str, str | bytes | None]] = []
    for path in sorted(chart_dir.rglob("*")):
        if path.is_file():
            entries.append((f"{prefix}/{path.relative_to(chart_dir).as_posix()}", path.read_bytes()))
    return make_tgz(entries)


def ref_load(source: Path | bytes) -> dict[str, Any]:
    """Load with the reference; a summary dict, or ``{"error": message}``."""
    try:
        chart = helm.Chart.load_archive(source) if isinstance(source, bytes) else helm.Chart.load(str(source))
    except helm.HelmError as err:
        return {"error": str(err)}
    try:
        return {
            "metadata": chart.metadata,
            "values": chart.values,
            "files": [f["name"] for f in chart.files],
            "templates": [f["name"] for f in chart.templates],
            "schema": chart.schema,
            "deps": sorted(d.get("name", "") for d in chart.dependencies),
            "crds": sorted(c["filename"] for c in chart.crds),
            "file_data": {f["name"]: f["data"] for f in chart.files + chart.templates if "\ufffd" not in f["data"]},
        }
    finally:
        chart.close()


def my_load(source: Path | bytes) -> dict[str, Any]:
    """Load with pyhelm; the same summary shape as :func:`ref_load`."""
    import json

    from pyhelm.chart import loader
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.metadata import to_go_json

    try:
        chart = loader.load_archive(source) if isinstance(source, bytes) else loader.load(source)
    except ChartLoadError as err:
        return {"error": str(err)}
    return {
        "metadata": to_go_json(chart.metadata),
        "values": json.loads(json.dumps(chart.values)) if any(f.name == "values.yaml" for f in chart.raw) else None,
        "files": [f.name for f in chart.files],
        "templates": [f.name for f in chart.templates],
        "schema": json.loads(chart.schema) if chart.schema else None,
        "deps": sorted(d.metadata.name for d in chart.dependencies),
        "crds": sorted(name for name, _ in chart.crd_objects()),
        "file_data": {
            f.name: _text(f.data) for f in chart.files + chart.templates if "\ufffd" not in _text(f.data)
        },
    }


def _text(data: bytes) -> str:
    """Text of a file for comparison; binary files are left out like the reference's lossy text."""
    text = data.decode("utf-8", "replace")
    return text
