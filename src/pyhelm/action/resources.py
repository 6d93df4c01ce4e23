"""Rendering a release's resources: the part every install, upgrade and template shares.

Follows Helm's ``action.Install`` up to the dry-run point and ``renderResources``
(``pkg/action/action.go``): check the chart, process dependencies, coalesce and
validate values, render the templates, pull out NOTES, split hooks from manifests
and sort both in install order.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyhelm.chart.model import Chart
from pyhelm.releaseutil.manifest import INSTALL_ORDER, Hook, Manifest, ManifestError, sort_manifests

NOTES_SUFFIX = "NOTES.txt"
_RELEASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
MAX_RELEASE_NAME_LEN = 53


class ResourceError(Exception):
    """Rendering failed; ``partial_output`` holds the rendered files Helm prints with ``--debug``."""

    def __init__(self, message: str, partial_output: str = "") -> None:
        super().__init__(message)
        self.partial_output = partial_output


@dataclass
class RenderedRelease:
    """Everything a render produced for one release.

    ``files`` is the engine output (``{"<chart>/templates/<file>": text}``, NOTES included);
    ``manifest`` the ``---\\n# Source: ...`` stream of non-hook resources in install
    order (CRDs first when asked); ``hooks`` sorted by kind; ``notes`` the rendered
    NOTES.txt; ``written`` the ``wrote <path>`` lines of ``--output-dir``.
    """

    release_name: str
    namespace: str
    chart: Chart
    values: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    manifests: list[Manifest] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    manifest: str = ""
    notes: str = ""
    written: str = ""


def validate_release_name(name: str) -> None:
    """Reject names Kubernetes and Helm cannot use (Helm ``chartutil.ValidateReleaseName``).

    Raises :class:`ResourceError` with Helm's wording.
    """
    if not name or len(name) > MAX_RELEASE_NAME_LEN or not _RELEASE_NAME.match(name):
        raise ResourceError(
            f'release name "{name}": invalid release name, must match regex '
            f"{_RELEASE_NAME.pattern} and the length must not be longer than {MAX_RELEASE_NAME_LEN}"
        )


def check_installable(chart: Chart) -> None:
    """Only application charts install (Helm's CLI ``checkIfInstallable``, not the action's)."""
    if chart.metadata.type not in ("", "application"):
        raise ResourceError(f"{chart.metadata.type} charts are not installable")


def load_chart(chart_ref: str | Path | Chart) -> Chart:
    """Load a chart from a directory or archive path, or pass a loaded chart through.

    Raises :class:`ResourceError` when the path does not exist or does not hold a chart.
    """
    if isinstance(chart_ref, Chart):
        return chart_ref
    from pyhelm.chart import loader

    path = Path(chart_ref)
    if not path.exists():
        raise ResourceError(f"path \"{chart_ref}\" not found")
    try:
        return loader.load(path)
    except Exception as err:  # the loader words its errors as Helm does
        raise ResourceError(str(err)) from err


def fresh_tree(chart: Chart) -> Chart:
    """A copy of a chart tree that dependency processing may change, sharing file contents.

    Helm's ``ProcessDependencies`` edits the chart it is given (drops disabled
    subcharts, imports values); working on a copy lets one loaded chart be rendered
    again with other values.
    """
    node = copy.copy(chart)
    node.metadata = copy.copy(chart.metadata)
    node.metadata.dependencies = [copy.copy(dep) for dep in chart.metadata.dependencies]
    node.set_dependencies([fresh_tree(sub) for sub in chart.dependencies])
    return node


def render_release(
    chart_ref: str | Path | Chart,
    name: str,
    values: dict[str, Any],
    *,
    namespace: str = "default",
    revision: int = 1,
    is_upgrade: bool = False,
    kube_version: str = "",
    api_versions: list[str] | None = None,
    include_crds: bool = False,
    skip_schema_validation: bool = False,
    render_subchart_notes: bool = False,
    hide_secret: bool = False,
    output_dir: str = "",
    use_release_name: bool = False,
    lookup: Any = None,
) -> RenderedRelease:
    """Render ``chart_ref`` as release ``name`` with user ``values``.

    Returns a :class:`RenderedRelease`. Raises :class:`ResourceError` carrying Helm's
    message for an invalid name, a chart that cannot install, missing
    dependencies, values failing the schema, a template error or a manifest that
    is not valid YAML.
    """
    from pyhelm.chartutil import capabilities as caps_mod
    from pyhelm.chartutil import dependencies
    from pyhelm.chartutil import values as values_mod
    from pyhelm.engine.render import Engine

    validate_release_name(name)
    chart = fresh_tree(load_chart(chart_ref))
    if chart.metadata.dependencies:
        try:
            dependencies.check_dependencies(chart)
        except Exception as err:
            raise ResourceError(
                "an error occurred while checking for chart dependencies. You may need to run "
                f"`helm dependency build` to fetch missing dependencies: {err}"
            ) from err
    try:
        kube = caps_mod.parse_kube_version_flag(kube_version) if kube_version else None
        caps = caps_mod.default_capabilities(kube_version=kube, api_versions=api_versions or [])
        caps_mod.check_kube_version(chart, caps)
        dependencies.process_dependencies(chart, values)
        top = values_mod.values_for_render(
            chart,
            values,
            release={
                "Name": name,
                "Namespace": namespace,
                "IsUpgrade": is_upgrade,
                "IsInstall": not is_upgrade,
                "Revision": revision,
            },
            capabilities=caps,
            skip_schema_validation=skip_schema_validation,
        )
        files = Engine(lookup=lookup).render(chart, top)
    except ResourceError:
        raise
    except Exception as err:  # each layer words its errors as Helm does
        raise ResourceError(str(err)) from err
    result = RenderedRelease(name, namespace, chart, values, files=files)
    _split_notes(result, render_subchart_notes)
    _sort_and_assemble(result, include_crds, hide_secret, output_dir, use_release_name)
    return result


def _split_notes(result: RenderedRelease, render_subchart_notes: bool) -> None:
    root_notes = f"{result.chart.name}/templates/{NOTES_SUFFIX}"
    notes = {path: text for path, text in result.files.items() if path.endswith(NOTES_SUFFIX)}
    selected = sorted(
        (path for path in notes if render_subchart_notes or path == root_notes),
        key=lambda path: (path.count("/charts/"), path),
    )
    text = ""
    for path in selected:
        if text:
            text += "\n"
        text += notes[path]
    result.notes = text


def _sort_and_assemble(
    result: RenderedRelease, include_crds: bool, hide_secret: bool, output_dir: str, use_release_name: bool
) -> None:
    try:
        templates = {path: text for path, text in result.files.items() if not path.endswith(NOTES_SUFFIX)}
        result.hooks, result.manifests = sort_manifests(templates, INSTALL_ORDER)
    except ManifestError as err:
        partial = "".join(
            f"---\n# Source: {name}\n{content}\n" for name, content in templates.items() if content.strip()
        )
        raise ResourceError(str(err), partial) from err
    parts: list[str] = []
    written: list[str] = []
    target_dir = Path(output_dir) / result.release_name if use_release_name else Path(output_dir)
    seen: set[str] = set()
    if include_crds:
        for crd_name, crd in result.chart.crd_objects():
            text = crd.data.decode("utf-8", "replace")
            if output_dir:
                written.append(_write_file(target_dir, crd_name, text, crd_name in seen))
                seen.add(crd_name)
            else:
                parts.append(f"---\n# Source: {crd_name}\n{text}\n")
    for manifest in result.manifests:
        if output_dir:
            written.append(_write_file(target_dir, manifest.name, manifest.content, manifest.name in seen))
            seen.add(manifest.name)
        elif hide_secret and manifest.head.kind == "Secret" and manifest.head.version == "v1":
            parts.append(f"---\n# Source: {manifest.name}\n# HIDDEN: The Secret output has been suppressed\n")
        else:
            parts.append(f"---\n# Source: {manifest.name}\n{manifest.content}\n")
    result.manifest = "".join(parts)
    result.written = "".join(written)


def _write_file(out_dir: Path, name: str, data: str, append: bool) -> str:
    target = out_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a" if append else "w") as handle:
        handle.write(f"---\n# Source: {name}\n{data}\n")
    return f"wrote {target}\n"
