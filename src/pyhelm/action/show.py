"""``helm show chart|values|readme|crds|all`` for a local chart (Helm ``action.Show``).

Output is exactly what Helm prints: the chart metadata as YAML, the raw ``values.yaml``
text (comments and all), the first README, and the CRD files of the chart and its
subcharts, each followed by a newline, with ``---`` separators for ``show all``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from pyhelm.chart.model import Chart, File

SHOW_ALL = "all"
SHOW_CHART = "chart"
SHOW_VALUES = "values"
SHOW_README = "readme"
SHOW_CRDS = "crds"

README_NAMES = ("readme.md", "readme.txt", "readme")
_MANIFEST_EXTS = (".yaml", ".yml", ".json")


def _load(chart: str | os.PathLike[str] | Chart) -> Chart:
    if isinstance(chart, Chart):
        return chart
    from pyhelm.chart import loader

    return loader.load(chart)


def _metadata_yaml(chart: Chart) -> str:
    from pyhelm.chart.metadata import to_go_json
    from pyhelm.codec import yaml as goyaml

    return goyaml.dump(to_go_json(chart.metadata))


def find_readme(files: list[File]) -> File | None:
    """The first file whose name is ``README.md``/``README.txt``/``README`` in any case (Helm ``findReadme``)."""
    for f in files:
        if f.name.lower() in README_NAMES:
            return f
    return None


def crd_files(chart: Chart) -> list[File]:
    """CRD manifests (``crds/*.yaml|yml|json``) of the chart then, recursively, its subcharts (Helm ``CRDObjects``)."""
    found = [
        f for f in chart.files if f.name.startswith("crds/") and os.path.splitext(f.name)[1].lower() in _MANIFEST_EXTS
    ]
    for sub in chart.dependencies:
        found.extend(crd_files(sub))
    return found


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _values_section(chart: Chart, jsonpath: str | None) -> str:
    if jsonpath:
        return _jsonpath_values(chart.values, jsonpath)
    return "".join(_text(f.data) + "\n" for f in chart.raw if f.name == "values.yaml")


def _jsonpath_values(values: dict[str, Any], template: str) -> str:
    """``--jsonpath`` for the common forms: literal text with ``{.a.b}`` / ``{.list[0]}`` selections.

    Selected values print as Go's ``fmt.Fprint`` prints them (k8s JSONPath text output).
    Raises ``ValueError`` ``<key> is not found`` for a missing key. Filters, ranges and
    wildcards of the full k8s JSONPath language are not supported.
    """
    from pyhelm.engine.runtime import sprint

    out: list[str] = []
    for literal, expr in re.findall(r"([^{]*)(?:\{([^}]*)\})?", template):
        out.append(literal)
        if expr:
            out.append(sprint(_jsonpath_select(values, expr.strip())))
    return "".join(out)


def _jsonpath_select(values: Any, expr: str) -> Any:
    current = values
    for key, index in re.findall(r"\.?([^.\[\]]+)|\[(-?\d+)\]", expr.lstrip("$")):
        if index:
            if not isinstance(current, list) or not -len(current) <= int(index) < len(current):
                raise ValueError(f"array index out of bounds: index {index}")
            current = current[int(index)]
        elif isinstance(current, dict) and key in current:
            current = current[key]
        else:
            raise ValueError(f"{key} is not found")
    return current


FORMATS = (SHOW_ALL, SHOW_CHART, SHOW_VALUES, SHOW_README, SHOW_CRDS)


def show(
    chart: str | os.PathLike[str] | Chart, output_format: str = SHOW_ALL, *, jsonpath: str | None = None
) -> str:
    """Helm ``Show.Run``: the text ``helm show <output_format> CHART`` prints.

    ``chart`` is a path (directory or ``.tgz``) or a loaded :class:`Chart`.
    ``output_format`` is ``all``, ``chart``, ``values``, ``readme`` or ``crds``; the
    command-line order ``show(output_format, chart)`` is accepted too.
    Raises :class:`~pyhelm.chart.archive.ChartLoadError` when the chart cannot be loaded,
    ``ValueError`` for an unknown format.
    """
    if chart in FORMATS and output_format not in FORMATS:
        chart, output_format = output_format, str(chart)
    if output_format not in FORMATS:
        raise ValueError(f"unknown show format {output_format!r}")
    c = _load(chart)
    out: list[str] = []
    every = output_format == SHOW_ALL
    if output_format in (SHOW_CHART, SHOW_ALL):
        out.append(_metadata_yaml(c) + "\n")
    if output_format in (SHOW_VALUES, SHOW_ALL) and any(f.name == "values.yaml" for f in c.raw):
        if every:
            out.append("---\n")
        out.append(_values_section(c, jsonpath))
    if output_format in (SHOW_README, SHOW_ALL):
        readme = find_readme(c.files)
        if readme is not None:
            if every:
                out.append("---\n")
            out.append(_text(readme.data) + "\n")
    if output_format in (SHOW_CRDS, SHOW_ALL):
        for crd in crd_files(c):
            if not crd.data.startswith(b"---"):
                out.append("---\n")
            out.append(_text(crd.data) + "\n")
    return "".join(out)


def show_chart(chart: str | os.PathLike[str] | Chart) -> str:
    """``helm show chart``: the metadata as YAML plus a newline."""
    return show(chart, SHOW_CHART)


def show_values(chart: str | os.PathLike[str] | Chart, *, jsonpath: str | None = None) -> str:
    """``helm show values``: the raw ``values.yaml`` plus a newline (or a ``--jsonpath`` selection)."""
    return show(chart, SHOW_VALUES, jsonpath=jsonpath)


def show_readme(chart: str | os.PathLike[str] | Chart) -> str:
    """``helm show readme``: the first README file plus a newline."""
    return show(chart, SHOW_README)


def show_crds(chart: str | os.PathLike[str] | Chart) -> str:
    """``helm show crds``: every CRD file, ``---``-separated."""
    return show(chart, SHOW_CRDS)


def show_all(chart: str | os.PathLike[str] | Chart) -> str:
    """``helm show all``: chart, values, README and CRDs separated by ``---``."""
    return show(chart, SHOW_ALL)
