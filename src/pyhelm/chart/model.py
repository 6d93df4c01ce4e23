"""The chart data model, shaped like Helm's ``pkg/chart/v2`` types.

Field names are Python's; :mod:`pyhelm.engine` exposes them to templates under
Helm's Go names (``.Chart.AppVersion``...) and :mod:`pyhelm.codec.json` writes
them under Helm's JSON names (``appVersion``...).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class File:
    """A file of a chart: ``name`` is the slash-separated path relative to the chart root."""

    name: str
    data: bytes
    modtime: _dt.datetime | None = None


@dataclass
class Maintainer:
    """A ``maintainers`` entry of ``Chart.yaml`` (Helm ``chart.Maintainer``)."""

    name: str = ""
    email: str = ""
    url: str = ""


@dataclass
class Dependency:
    """A ``dependencies`` entry of ``Chart.yaml`` or ``Chart.lock`` (Helm ``chart.Dependency``).

    ``import_values`` holds strings or ``{"child": str, "parent": str}`` maps as
    written; ``enabled`` is computed while processing conditions and tags.
    """

    name: str = ""
    version: str = ""
    repository: str = ""
    condition: str = ""
    tags: list[str] = field(default_factory=list)
    enabled: bool = False
    import_values: list[Any] = field(default_factory=list)
    alias: str = ""


@dataclass
class Metadata:
    """``Chart.yaml`` (Helm ``chart.Metadata``); templates see it as ``.Chart``."""

    name: str = ""
    home: str = ""
    sources: list[str] = field(default_factory=list)
    version: str = ""
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    maintainers: list[Maintainer] = field(default_factory=list)
    icon: str = ""
    api_version: str = ""
    condition: str = ""
    tags: str = ""
    app_version: str = ""
    deprecated: bool = False
    annotations: dict[str, str] = field(default_factory=dict)
    kube_version: str = ""
    dependencies: list[Dependency] = field(default_factory=list)
    type: str = ""


@dataclass
class Lock:
    """``Chart.lock`` / v1 ``requirements.lock`` (Helm ``chart.Lock``)."""

    generated: str = ""
    digest: str = ""
    dependencies: list[Dependency] = field(default_factory=list)


@dataclass
class Chart:
    """A loaded chart (Helm ``chart.Chart``).

    ``templates`` are the files under ``templates/``; ``files`` every other file
    except ``Chart.yaml``, ``values.yaml``, ``values.schema.json``, ``Chart.lock``,
    ``requirements.*`` and subcharts under ``charts/``; ``raw`` every file as
    read. ``values`` are the parsed defaults (``values.yaml``); ``schema`` the raw
    bytes of ``values.schema.json`` or ``None``. ``dependencies`` are the loaded
    subcharts, each with ``parent`` pointing back here. ``modtime`` and
    ``schema_modtime`` are the modification times of ``Chart.yaml`` and
    ``values.schema.json`` (Helm v4 keeps them in release records), ``None`` if unknown.
    """

    metadata: Metadata = field(default_factory=Metadata)
    lock: Lock | None = None
    templates: list[File] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    schema: bytes | None = None
    files: list[File] = field(default_factory=list)
    raw: list[File] = field(default_factory=list)
    dependencies: list[Chart] = field(default_factory=list)
    parent: Chart | None = field(default=None, repr=False, compare=False)
    modtime: _dt.datetime | None = field(default=None, compare=False)
    schema_modtime: _dt.datetime | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        """The chart's name from its metadata."""
        return self.metadata.name

    def is_root(self) -> bool:
        """True when this chart is not a subchart."""
        return self.parent is None

    def chart_path(self) -> str:
        """Dotted path from the root, e.g. ``parent.child`` (Helm ``ChartPath``)."""
        if self.parent is None:
            return self.name
        return f"{self.parent.chart_path()}.{self.name}"

    def chart_full_path(self) -> str:
        """Slash path used in template names, e.g. ``parent/charts/child`` (Helm ``ChartFullPath``)."""
        if self.parent is None:
            return self.name
        return f"{self.parent.chart_full_path()}/charts/{self.name}"

    def add_dependency(self, *charts: Chart) -> None:
        """Attach loaded subcharts, setting their ``parent``."""
        for sub in charts:
            sub.parent = self
            self.dependencies.append(sub)

    def set_dependencies(self, charts: list[Chart]) -> None:
        """Replace the loaded subcharts (Helm ``SetDependencies``)."""
        self.dependencies = []
        self.add_dependency(*charts)

    def crd_objects(self) -> list[tuple[str, File]]:
        """CRD files of this chart and its subcharts as ``(name, file)``.

        ``name`` is ``<chart full path>/<file name>`` as Helm's ``CRDObjects`` builds it; only
        ``.yaml``/``.yml``/``.json`` files (any case) count, as in Helm.
        """
        found = [
            (f"{self.chart_full_path()}/{f.name}", f)
            for f in self.files
            if f.name.startswith("crds/") and f.name.rsplit(".", 1)[-1].lower() in ("yaml", "yml", "json")
            and "." in f.name.rsplit("/", 1)[-1]
        ]
        for sub in self.dependencies:
            found.extend(sub.crd_objects())
        return found
