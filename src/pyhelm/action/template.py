"""The ``template`` action: render a chart locally into the stream ``helm template`` prints.

Helm implements ``helm template`` as a client-only dry-run install
(``pkg/cmd/template.go`` over ``action.Install``); this module composes the same
steps: name the release, load and check the chart, coalesce values, render, sort
manifests and hooks, and assemble the output.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pyhelm.action.resources import (
    RenderedRelease,
    ResourceError,
    check_installable,
    load_chart,
    render_release,
)
from pyhelm.releaseutil.manifest import Hook, split_manifests_by_line

DEFAULT_RELEASE_NAME = "release-name"


class TemplateError(Exception):
    """``helm template`` failed; ``partial_output`` is what Helm still prints (``--debug``)."""

    def __init__(self, message: str, partial_output: str = "") -> None:
        super().__init__(message)
        self.partial_output = partial_output


@dataclass
class TemplateOptions:
    """What ``helm template`` takes besides the chart: one field per flag.

    ``values`` are the user-supplied values (already merged from ``-f``/``--set``);
    ``api_versions`` are extra ``Capabilities.APIVersions``; ``show_only`` are
    ``-s`` globs relative to the chart (``templates/x.yaml``).
    """

    namespace: str = "default"
    values: dict[str, Any] = field(default_factory=dict)
    name_template: str = ""
    generate_name: bool = False
    release_name: str = DEFAULT_RELEASE_NAME
    kube_version: str = ""
    api_versions: list[str] = field(default_factory=list)
    is_upgrade: bool = False
    include_crds: bool = False
    disable_hooks: bool = False
    skip_tests: bool = False
    show_only: list[str] = field(default_factory=list)
    output_dir: str = ""
    use_release_name: bool = False
    render_subchart_notes: bool = False
    skip_schema_validation: bool = False
    hide_secret: bool = False
    chart_version: str = ""
    debug: bool = False
    # where remote charts come from: locate_chart keyword arguments (repo_url, username, ca_file...)
    chart_path: dict[str, Any] = field(default_factory=dict)
    settings: Any = None
    # An action Configuration for ``--dry-run=server`` / ``--validate``: render with the
    # cluster's capabilities and ``lookup``, and validate every object against the API server.
    server_config: Any = None


def name_and_chart(args: list[str], options: TemplateOptions) -> tuple[str, str]:
    """Pick the release name and chart reference from positional arguments.

    Follows Helm's ``Install.NameAndChart``. Raises :class:`TemplateError`.
    """
    if len(args) > 2:
        raise TemplateError(f"expected at most two arguments, unexpected arguments: {', '.join(args[2:])}")
    if len(args) == 2:
        if options.generate_name:
            raise TemplateError("cannot set --generate-name and also specify a name")
        if options.name_template:
            raise TemplateError("cannot set --name-template and also specify a name")
        return args[0], args[1]
    if options.name_template:
        return render_name_template(options.name_template), args[0]
    if options.generate_name:
        base = os.path.basename(args[0].rstrip("/")) or "chart"
        base = base.split(".", 1)[0] or "chart"
        return f"{base}-{int(time.time())}", args[0]
    if options.release_name:
        return options.release_name, args[0]
    raise TemplateError("must either provide a name or specify --generate-name")


def render_name_template(text: str) -> str:
    """Render ``--name-template`` with Sprig functions and no data (Helm ``TemplateName``)."""
    from pyhelm.engine.environment import TemplateSet
    from pyhelm.engine.funcs import sprig_functions

    tset = TemplateSet(sprig_functions())
    tset.add("name-template", text)
    return tset.execute("name-template", None)


def run(args: list[str], options: TemplateOptions) -> str:
    """Render the chart named by ``args`` (``[NAME] CHART``) and return the output text.

    Raises :class:`TemplateError` with Helm's message; its ``partial_output`` holds
    the rendered files when ``--debug`` asks to see invalid YAML.
    """
    name, chart_ref = name_and_chart(args, options)
    chart_ref = _resolve_chart_ref(chart_ref, options)
    if options.server_config is not None:
        return template_output(_server_dry_run(name, chart_ref, options), options)
    try:
        chart = load_chart(chart_ref)
        check_installable(chart)
        rendered = render_release(
            chart,
            name,
            options.values,
            namespace=options.namespace,
            is_upgrade=options.is_upgrade,
            kube_version=options.kube_version,
            api_versions=options.api_versions,
            include_crds=options.include_crds,
            skip_schema_validation=options.skip_schema_validation,
            render_subchart_notes=options.render_subchart_notes,
            hide_secret=options.hide_secret,
            output_dir=options.output_dir,
            use_release_name=options.use_release_name,
        )
    except ResourceError as err:
        message = str(err)
        if err.partial_output and not options.debug:
            message += "\n\nUse --debug flag to render out invalid YAML"
        raise TemplateError(message, _debug_output(err.partial_output, options)) from err
    return template_output(rendered, options)


def _server_dry_run(name: str, chart_ref: str, options: TemplateOptions) -> RenderedRelease:
    """Helm's ``template --dry-run=server``: a server-side dry-run install of the chart.

    Raises :class:`TemplateError` with the install's message.
    """
    from pyhelm.action.install import InstallError, InstallOptions, install

    try:
        chart = load_chart(chart_ref)
        check_installable(chart)
        release = install(
            options.server_config,
            name,
            chart,
            InstallOptions(
                namespace=options.namespace,
                values=options.values,
                dry_run="server",
                replace=True,
                is_upgrade=options.is_upgrade,
                render_subchart_notes=options.render_subchart_notes,
                skip_schema_validation=options.skip_schema_validation,
                hide_secret=options.hide_secret,
            ),
        )
    except (ResourceError, InstallError) as err:
        raise TemplateError(str(err)) from err
    # A stored release's hooks carry the same path/manifest/events the printer reads.
    hooks = cast(list[Hook], list(release.hooks or []))
    return RenderedRelease(name, options.namespace, chart, options.values, manifest=release.manifest, hooks=hooks)


def _resolve_chart_ref(chart_ref: str, options: TemplateOptions) -> str:
    """Download ``repo/chart``, chart URL and ``--repo`` references (Helm ``LocateChart``).

    Local paths are returned unchanged. Raises :class:`TemplateError` with Helm's message.
    """
    from pyhelm.downloader import DownloadError, locate_chart

    local = os.path.exists(chart_ref) or os.path.isabs(chart_ref) or chart_ref.startswith(".")
    if local and not options.chart_path.get("repo_url"):
        if options.chart_path.get("verify") and os.path.exists(chart_ref):
            from pyhelm.downloader.chart_downloader import verify_chart

            try:  # Helm's LocateChart verifies a local archive against its .prov too
                verify_chart(chart_ref, chart_ref + ".prov", options.chart_path.get("keyring", ""))
            except DownloadError as err:
                raise TemplateError(str(err)) from err
        return chart_ref
    from pyhelm.repo.chartrepo import RepoError

    try:
        located = locate_chart(chart_ref, version=options.chart_version, settings=options.settings,
                               **options.chart_path)  # fmt: skip
    except (DownloadError, RepoError) as err:
        raise TemplateError(str(err)) from err
    return str(located)


def _debug_output(partial: str, options: TemplateOptions) -> str:
    """What ``--debug`` still prints when the rendered YAML is invalid: the trimmed stream."""
    if not (partial and options.debug):
        return ""
    stream = partial.strip() + "\n"
    if options.show_only:
        try:
            return _show_only(stream, options.show_only)
        except TemplateError:
            return ""
    return stream


def template_output(rendered: RenderedRelease, options: TemplateOptions) -> str:
    """Assemble the printed stream: manifests, then hooks, filtered by ``--show-only``.

    Follows ``pkg/cmd/template.go``. With ``--output-dir`` the hooks are written to
    files and only the ``wrote ...`` lines are returned.
    """
    hooks = [h for h in rendered.hooks if not (options.skip_tests and "test" in h.events)]
    if options.output_dir:
        return rendered.written + _write_hooks(hooks, rendered.release_name, options)
    stream = rendered.manifest.strip() + "\n"
    if not options.disable_hooks:
        for hook in hooks:
            stream += f"---\n# Source: {hook.path}\n{hook.manifest}\n"
    if not options.show_only:
        return stream
    return _show_only(stream, options.show_only)


_SOURCE = re.compile(r"# Source: [^/]+/(.+)")


def _show_only(stream: str, patterns: list[str]) -> str:
    documents = split_manifests_by_line(stream)
    selected: list[str] = []
    for pattern in patterns:
        pattern = pattern.replace(os.sep, "/")
        missing = True
        for doc in documents:
            match = _SOURCE.search(doc)
            if match is None:
                continue
            if not _path_matches(pattern, match.group(1)):
                continue
            selected.append(doc)
            missing = False
        if missing:
            raise TemplateError(f"could not find template {pattern} in chart")
    return "".join(f"---\n{doc}\n" for doc in selected)


def _path_matches(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match``; a malformed pattern matches nothing, as in Helm."""
    from pyhelm.chart.helmignore import BadPatternError, go_path_match

    try:
        return go_path_match(pattern, name)
    except BadPatternError:
        return False


def _write_hooks(hooks: list[Hook], release_name: str, options: TemplateOptions) -> str:
    out_dir = Path(options.output_dir)
    if options.use_release_name:
        out_dir = out_dir / release_name
    lines = ""
    for hook in hooks:
        target = out_dir / hook.path
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = "a" if target.exists() else "w"
        with target.open(mode) as handle:
            handle.write(f"---\n# Source: {hook.path}\n{hook.manifest}\n")
        lines += f"wrote {target}\n"
    return lines
