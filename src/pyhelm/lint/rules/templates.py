"""Template rules (Helm ``rules.Templates``): render in lint mode, then check each manifest."""

from __future__ import annotations

import os
import posixpath
from typing import Any

from pyhelm.engine.runtime import go_quote
from pyhelm.lint.linter import ERROR, WARNING, Linter
from pyhelm.lint.rules import k8s
from pyhelm.lint.rules.deprecations import deprecation_warning

TEMPLATES_DIR = "templates/"
RELEASE_NAME = "test-release"
VALID_EXTENSIONS = (".yaml", ".yml", ".tpl", ".txt")
WORKLOAD_KINDS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")


def lint(
    linter: Linter,
    values: dict[str, Any],
    namespace: str,
    kube_version: Any = None,
    skip_schema_validation: bool = False,
) -> None:
    """Render the chart as ``helm lint`` does and check every rendered YAML template."""
    path = os.path.join(linter.chart_dir, "templates")
    if not linter.run_rule(
        WARNING, TEMPLATES_DIR, None if os.path.exists(path) else "directory does not exist"
    ):
        return
    if not linter.run_rule(ERROR, TEMPLATES_DIR, None if os.path.isdir(path) else "not a directory"):
        return
    chart, rendered = _render(linter, values, namespace, kube_version, skip_schema_validation)
    if chart is None or rendered is None:
        return
    for template in chart.templates:
        name = template.name
        linter.run_rule(ERROR, name, validate_extension(name))
        if not is_yaml_file(name):
            continue
        content = rendered.get(posixpath.join(chart.name, name), "")
        if content.strip() and not _lint_manifest(linter, name, content, kube_version):
            return


def _render(
    linter: Linter, values: dict[str, Any], namespace: str, kube_version: Any, skip_schema_validation: bool
) -> tuple[Any, dict[str, str] | None]:
    """Load and render the chart in lint mode; report failures. ``(chart, rendered)`` or Nones."""
    from pyhelm.chart import loader
    from pyhelm.chartutil import capabilities as caps_mod
    from pyhelm.chartutil import dependencies
    from pyhelm.chartutil import values as values_mod
    from pyhelm.engine.render import Engine, RenderError

    try:
        chart = loader.load(linter.chart_dir)
    except Exception as err:
        linter.run_rule(ERROR, TEMPLATES_DIR, str(err))
        return None, None
    caps = caps_mod.default_capabilities(kube_version=kube_version)
    try:
        dependencies.process_dependencies(chart, values)
        values_mod.coalesce_values(chart, values)
    except Exception:  # Helm returns silently here
        return None, None
    release = {
        "Name": RELEASE_NAME,
        "Namespace": namespace,
        "IsUpgrade": False,
        "IsInstall": False,
        "Revision": 0,
    }
    try:
        top = values_mod.values_for_render(
            chart, values, release=release, capabilities=caps, skip_schema_validation=skip_schema_validation
        )
    except Exception as err:
        linter.run_rule(ERROR, TEMPLATES_DIR, str(err))
        return None, None
    try:
        rendered = Engine(lint_mode=True).render(chart, top)
    except RenderError as err:
        linter.run_rule(ERROR, TEMPLATES_DIR, str(err))
        return None, None
    return chart, rendered


def _lint_manifest(linter: Linter, name: str, content: str, kube_version: Any) -> bool:
    """Check one rendered template; False when a document is not valid YAML (Helm stops there)."""
    linter.run_rule(WARNING, name, validate_top_indent_level(content))
    try:
        for obj in k8s.decode_documents(content):
            if obj is None:
                continue
            linter.run_rule(WARNING, name, k8s.validate_metadata_name(obj))
            linter.run_rule(WARNING, name, deprecation_warning(obj.api_version, obj.kind, kube_version))
            linter.run_rule(ERROR, name, validate_match_selector(obj, content))
            linter.run_rule(ERROR, name, validate_list_annotations(obj, content))
    except k8s.DecodeError as err:
        linter.run_rule(ERROR, name, f"unable to parse YAML: {err}")
        return False
    return True


def validate_extension(name: str) -> str | None:
    """Template files must end in .yaml, .yml, .tpl or .txt."""
    ext = _go_ext(name)
    if ext in VALID_EXTENSIONS:
        return None
    return f"file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"


def _go_ext(name: str) -> str:
    """Go's ``filepath.Ext``: from the last dot of the last element, or ``""``."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:] if dot >= 0 else ""


def is_yaml_file(name: str) -> bool:
    """True for .yaml / .yml templates (any case)."""
    return _go_ext(name).lower() in (".yaml", ".yml")


def validate_top_indent_level(content: str) -> str | None:
    """The first non-blank line must not be indented."""
    for line in content.split("\n"):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        if line.startswith((" ", "\t")):
            return (
                f"document starts with an illegal indent: {go_quote(line)}, which may cause parsing problems"
            )
        return None
    return None


def validate_match_selector(obj: k8s.K8sObject, manifest: str) -> str | None:
    """Workloads need ``matchLabels`` or ``matchExpressions`` somewhere in the file."""
    if obj.kind in WORKLOAD_KINDS and "matchLabels" not in manifest and "matchExpressions" not in manifest:
        return f"a {obj.kind} must contain matchLabels or matchExpressions, and {go_quote(obj.name)} does not"
    return None


def validate_list_annotations(obj: k8s.K8sObject, manifest: str) -> str | None:
    """Items of a ``List`` may not carry ``helm.sh/resource-policy`` (Helm ignores it there)."""
    if obj.kind != "List":
        return None
    from pyhelm.codec import yaml as goyaml

    try:
        doc = goyaml.load(manifest)
    except goyaml.YAMLError as err:
        return f"unable to parse YAML: {err}"
    items = k8s.json_field(doc, "Items") if isinstance(doc, dict) else None
    for item in items if isinstance(items, list) else []:
        meta = k8s.json_field(item, "Metadata") if isinstance(item, dict) else None
        annotations = k8s.json_field(meta, "Annotations") if isinstance(meta, dict) else None
        if isinstance(annotations, dict) and "helm.sh/resource-policy" in annotations:
            return "annotation 'helm.sh/resource-policy' within List objects are ignored"
    return None
