"""``helm get all|values|manifest|notes|hooks|metadata`` (Helm ``action.Get``, ``GetValues``, ``GetMetadata``).

Each reads one revision through :func:`pyhelm.action.status.release_content` and
returns data; the CLI formats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyhelm.action.status import release_content
from pyhelm.chart.metadata import dependency_go_json
from pyhelm.chart.model import Chart, Dependency
from pyhelm.codec.json import Struct
from pyhelm.release.model import Release
from pyhelm.storage import Storage

__all__ = [
    "ReleaseMetadata",
    "get_metadata",
    "get_release",
    "get_values",
    "release_template_data",
]


def get_release(storage: Storage, name: str, version: int = 0) -> Release:
    """Helm ``Get.Run``: the whole revision. Raises as :func:`release_content`."""
    return release_content(storage, name, version)


def get_values(storage: Storage, name: str, version: int = 0, *, all_values: bool = False) -> dict[str, Any] | None:
    """Helm ``GetValues.Run``: the user-supplied values, or with ``all_values`` the values
    coalesced with the chart's defaults (``None`` when the release stored none).

    Raises as :func:`release_content`, and
    :class:`pyhelm.chartutil.values.ValuesError` when coalescing fails.
    """
    rel = release_content(storage, name, version)
    if all_values:
        from pyhelm.chartutil.values import coalesce_values

        return coalesce_values(rel.chart or Chart(), rel.config)
    return rel.config


_APPLY_METHODS = {"": "client-side apply (defaulted)", "csa": "client-side apply", "ssa": "server-side apply"}


@dataclass
class ReleaseMetadata:
    """Helm ``action.Metadata``: what ``helm get metadata`` prints."""

    name: str = ""
    chart: str = ""
    version: str = ""
    app_version: str = ""
    annotations: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    dependencies: list[Dependency] = field(default_factory=list)
    namespace: str = ""
    revision: int = 0
    status: str = ""
    deployed_at: str = ""
    apply_method: str = ""

    def formatted_dep_names(self) -> str:
        """Dependency names sorted and comma-joined (Helm ``FormattedDepNames``)."""
        return ",".join(sorted(d.name for d in self.dependencies))

    def apply_method_text(self) -> str:
        """The APPLY_METHOD line's words."""
        return _APPLY_METHODS.get(self.apply_method, self.apply_method)

    def to_go_json(self) -> Struct:
        """The JSON struct Helm marshals for ``-o json``/``-o yaml``."""
        return Struct([
            ("name", self.name),
            ("chart", self.chart),
            ("version", self.version),
            ("appVersion", self.app_version),
            ("annotations", self.annotations, True),
            ("labels", self.labels, True),
            ("dependencies", [Struct(list(dependency_go_json(d).items())) for d in self.dependencies], True),
            ("namespace", self.namespace),
            ("revision", self.revision),
            ("status", self.status),
            ("deployedAt", self.deployed_at),
            ("applyMethod", self.apply_method, True),
        ])


def get_metadata(storage: Storage, name: str, version: int = 0) -> ReleaseMetadata:
    """Helm ``GetMetadata.Run``. Raises as :func:`release_content`."""
    rel = release_content(storage, name, version)
    md = rel.chart.metadata if rel.chart is not None else None
    info = rel.info
    deployed = ""
    if info is not None and info.last_deployed is not None:
        from pyhelm.action.release_printer import format_layout

        deployed = format_layout(info.last_deployed, "2006-01-02T15:04:05Z07:00")
    return ReleaseMetadata(
        name=rel.name,
        chart=md.name if md else "",
        version=md.version if md else "",
        app_version=md.app_version if md else "",
        annotations=dict(md.annotations or {}) if md else {},
        labels=dict(rel.labels or {}),
        dependencies=list(md.dependencies or []) if md else [],
        namespace=rel.namespace,
        revision=rel.version,
        status=str(rel.status),
        deployed_at=deployed,
        apply_method=rel.apply_method,
    )


def release_template_data(rel: Release) -> dict[str, Any]:
    """``{"Release": ...}`` for ``helm get all --template``: the release with Go field names.

    Maps stand in for Go structs, so ``{{.Release.Chart.Metadata.Version}}`` and the
    like resolve as in Helm.
    """
    from pyhelm.codec import json as gojson
    from pyhelm.release.codec import release_to_json

    plain = gojson.unmarshal(gojson.marshal(release_to_json(rel)))
    data = _go_names(plain, _RELEASE_FIELDS)
    _restore_times(data, rel)
    return {"Release": data}


def _restore_times(data: dict[str, Any], rel: Release) -> None:
    """Put Go ``time.Time`` values back where the JSON form holds RFC 3339 text."""
    from pyhelm.action.release_printer import go_time

    info = data.get("Info")
    if isinstance(info, dict) and rel.info is not None:
        for go_name, value in (("FirstDeployed", rel.info.first_deployed),
                               ("LastDeployed", rel.info.last_deployed), ("Deleted", rel.info.deleted)):
            if value is not None:
                info[go_name] = go_time(value)
    for hook_data, hook in zip(data.get("Hooks") or [], rel.hooks or [], strict=False):
        run = hook_data.get("LastRun") if isinstance(hook_data, dict) else None
        if isinstance(run, dict):
            for go_name, value in (("StartedAt", hook.last_run.started_at),
                                   ("CompletedAt", hook.last_run.completed_at)):
                if value is not None:
                    run[go_name] = go_time(value)


_RELEASE_FIELDS = {
    "name": "Name", "info": "Info", "chart": "Chart", "config": "Config", "manifest": "Manifest",
    "hooks": "Hooks", "version": "Version", "namespace": "Namespace", "apply_method": "ApplyMethod",
    "first_deployed": "FirstDeployed", "last_deployed": "LastDeployed", "deleted": "Deleted",
    "description": "Description", "status": "Status", "notes": "Notes", "resources": "Resources",
    "metadata": "Metadata", "lock": "Lock", "templates": "Templates", "values": "Values",
    "schema": "Schema", "files": "Files", "path": "Path", "kind": "Kind", "events": "Events",
    "last_run": "LastRun", "weight": "Weight", "delete_policies": "DeletePolicies",
    "output_log_policies": "OutputLogPolicies", "started_at": "StartedAt",
    "completed_at": "CompletedAt", "phase": "Phase", "data": "Data", "modtime": "ModTime",
    "apiVersion": "APIVersion", "appVersion": "AppVersion", "kubeVersion": "KubeVersion",
}


def _go_name(key: str) -> str:
    if key in _RELEASE_FIELDS:
        return _RELEASE_FIELDS[key]
    return key[:1].upper() + key[1:]


def _go_names(value: Any, names: dict[str, str], *, keep_keys: bool = False) -> Any:
    """Rename JSON keys to Go field names, leaving user maps (config, values) untouched."""
    if isinstance(value, dict):
        if keep_keys:
            return value
        out = {}
        for key, item in value.items():
            go = _go_name(key)
            out[go] = _go_names(item, names, keep_keys=key in ("config", "values", "annotations", "resources"))
        return out
    if isinstance(value, list):
        return [_go_names(v, names) for v in value]
    return value
