"""The ``install`` action (Helm ``pkg/action/install.go``).

Order of operations, as Helm's ``Install.Run``: check the cluster, check the name is
free, install CRDs from ``crds/``, render, build the resources with Helm's ownership
metadata, refuse resources another owner holds, then (not in a dry run) create the
namespace, store a ``pending-install`` record, run pre-install hooks, create the
resources, wait, run post-install hooks and mark the release ``deployed``. Failures
mark it ``failed`` (``--atomic`` uninstalls it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyhelm.action.configuration import Configuration
from pyhelm.action.errors import ReleaseActionError
from pyhelm.action.hooks import exec_hook, hooks_from_rendered
from pyhelm.action.resources import ResourceError, load_chart, render_release, validate_release_name
from pyhelm.chart.model import Chart
from pyhelm.engine.runtime import go_quote
from pyhelm.release.model import Info, Release, Status, now

__all__ = [
    "InstallError",
    "InstallOptions",
    "check_ownership",
    "install",
    "parse_duration",
    "set_ownership",
]

MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
RELEASE_NAME_ANNOTATION = "meta.helm.sh/release-name"
RELEASE_NAMESPACE_ANNOTATION = "meta.helm.sh/release-namespace"


class InstallError(ReleaseActionError):
    """Install failed; ``release`` is the release as far as it got (None before rendering)."""


@dataclass
class InstallOptions:
    """The ``helm install`` flags the action uses (Helm ``action.Install`` fields).

    ``dry_run`` is ``""`` (none), ``"client"`` or ``"server"``; ``wait`` enables
    waiting for resources; ``timeout`` is seconds.
    """

    namespace: str = "default"
    values: dict[str, Any] = field(default_factory=dict)
    dry_run: str = ""
    wait: bool = False
    wait_for_jobs: bool = False
    timeout: float = 300.0
    atomic: bool = False
    replace: bool = False
    no_hooks: bool = False
    skip_crds: bool = False
    create_namespace: bool = False
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    take_ownership: bool = False
    force_replace: bool = False
    render_subchart_notes: bool = False
    skip_schema_validation: bool = False
    hide_secret: bool = False
    is_upgrade: bool = False
    server_side: bool = True
    # Called with a line naming what is not ready yet, and why, while --wait waits.
    progress: Callable[[str], None] | None = None


_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """Go ``time.ParseDuration`` (``5m0s``, ``120s``, ``1h30m``, ``0``) in seconds.

    Raises ValueError ``time: invalid duration "TEXT"`` as Go words it.
    """
    body = text
    sign = 1.0
    if body[:1] in "+-" and body:
        sign = -1.0 if body[0] == "-" else 1.0
        body = body[1:]
    if body == "0":
        return 0.0
    total = 0.0
    pos = 0
    while pos < len(body):
        match = _DURATION_PART.match(body, pos)
        if match is None:
            raise ValueError(f'time: invalid duration "{text}"')
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    if not body:
        raise ValueError(f'time: invalid duration "{text}"')
    return sign * total


def set_ownership(resources: Any, name: str, namespace: str) -> None:
    """Stamp Helm's ownership label and annotations on each resource object (Helm ``setMetadataVisitor``)."""
    from pyhelm.kube.resources import set_ownership_metadata

    set_ownership_metadata(resources, name, namespace)


def _ownership_problem(live: dict[str, Any], name: str, namespace: str) -> str:
    meta = live.get("metadata") or {}
    labels = meta.get("labels") or {}
    annotations = meta.get("annotations") or {}
    problems = []
    if labels.get(MANAGED_BY_LABEL) != "Helm":
        problems.append(f'label validation error: missing key "{MANAGED_BY_LABEL}": must be set to "Helm"'
                        if MANAGED_BY_LABEL not in labels else
                        f'label validation error: key "{MANAGED_BY_LABEL}" must equal "Helm": current value is '
                        f'"{labels.get(MANAGED_BY_LABEL)}"')  # fmt: skip
    for key, want in ((RELEASE_NAME_ANNOTATION, name), (RELEASE_NAMESPACE_ANNOTATION, namespace)):
        if key not in annotations:
            problems.append(f'annotation validation error: missing key "{key}": must be set to "{want}"')
        elif annotations[key] != want:
            problems.append(
                f'annotation validation error: key "{key}" must equal "{want}": current value is "{annotations[key]}"'
            )
    return "; ".join(problems)


def check_ownership(cfg: Configuration, resources: Any, name: str, namespace: str, *, take: bool, verb: str) -> Any:
    """Resources that already exist in the cluster (Helm ``existingResourceConflict``/``requireAdoption``).

    Returns the list of existing resources to adopt. Raises :class:`InstallError`
    ``unable to continue with VERB: KIND "N" in namespace "NS" exists and cannot be
    imported into the current release: ...`` for one owned by someone else (unless ``take``).
    """
    from pyhelm.kube.interface import ResourceList

    conflict = getattr(cfg.kube, "existing_resource_conflict", None)
    if conflict is not None:
        try:
            return conflict(resources, name, namespace, take_ownership=take)
        except Exception as err:
            raise InstallError(f"unable to continue with {verb}: {err}") from err
    existing = ResourceList()
    for res in resources:
        live = cfg.kube.get(ResourceList([res]))
        if not live:
            continue
        problem = "" if take else _ownership_problem(live[0], name, namespace)
        if problem:
            where = f' in namespace "{res.namespace}"' if res.namespace else ""
            raise InstallError(
                f'unable to continue with {verb}: {res.kind} "{res.name}"{where} exists and cannot be '
                f"imported into the current release: invalid ownership metadata; {problem}"
            )
        existing.append(res)
    return existing


def available_name(cfg: Configuration, name: str, options: InstallOptions) -> None:
    """Helm ``Install.availableName``: the name is valid and not held by a live release."""
    try:
        validate_release_name(name)
    except ResourceError as err:
        raise InstallError(f"release name check failed: {err}") from err
    if options.dry_run:
        return
    try:
        history = cfg.storage.history(name)
    except Exception:  # noqa: BLE001 - no history means the name is free
        return
    if not history:
        return
    last = max(history, key=lambda r: r.version)
    if options.replace and last.status in (Status.UNINSTALLED, Status.FAILED):
        return
    raise InstallError("release name check failed: cannot reuse a name that is still in use")


def install_crds(cfg: Configuration, chart: Chart) -> None:
    """Create the chart's ``crds/`` objects (existing ones are left alone), then refresh discovery."""
    from pyhelm.kube.interface import ResourceList

    created = ResourceList()
    for crd_name, crd in chart.crd_objects():
        try:
            resources = cfg.kube.build(crd.data.decode("utf-8", "replace"), validate=False)
        except Exception as err:
            raise InstallError(f"failed to install CRD {crd_name}: {err}") from err
        for res in resources:
            try:
                cfg.kube.create(ResourceList([res]))
                created.append(res)
            except Exception as err:
                if "already exists" not in str(err):
                    raise InstallError(f"failed to install CRD {crd_name}: {err}") from err
    if created:
        cfg.kube.wait(created, 60.0)
    cfg.kube.refresh_discovery()


def _render(cfg: Configuration, chart: Chart, name: str, options: InstallOptions, revision: int = 1) -> Any:
    client_only = options.dry_run == "client"
    kube_version, api_versions = ("", []) if client_only else cfg.capabilities()
    lookup = None if client_only else cfg.lookup()
    return render_release(
        chart,
        name,
        options.values,
        namespace=options.namespace,
        revision=revision,
        is_upgrade=options.is_upgrade,
        kube_version=kube_version,
        api_versions=api_versions,
        skip_schema_validation=options.skip_schema_validation,
        render_subchart_notes=options.render_subchart_notes,
        hide_secret=options.hide_secret,
        lookup=lookup,
    )


SYSTEM_LABELS_TEXT = "[name owner status version createdAt modifiedAt]"


def check_user_labels(labels: dict[str, str]) -> None:
    """Refuse custom labels that collide with the storage drivers' own (Helm ``ContainsSystemLabels``)."""
    from pyhelm.storage.driver import is_system_label

    if any(is_system_label(key) for key in labels):
        raise InstallError(
            f"user supplied labels contains system reserved label name. System labels: {SYSTEM_LABELS_TEXT}"
        )


def new_release(name: str, options: InstallOptions, chart: Chart, rendered: Any) -> Release:
    """The release record an install creates (Helm ``createRelease`` plus the rendered parts)."""
    ts = now()
    return Release(
        name=name,
        namespace=options.namespace,
        chart=chart,
        config=options.values,
        info=Info(first_deployed=ts, last_deployed=ts, status=Status.UNKNOWN, notes=rendered.notes),
        version=1,
        manifest=rendered.manifest,
        hooks=hooks_from_rendered(rendered.hooks),
        labels=dict(options.labels) or None,
        apply_method="ssa" if options.server_side else "csa",
    )


def install(cfg: Configuration, name: str, chart_ref: str | Path | Chart, options: InstallOptions) -> Release:
    """Install ``chart_ref`` as release ``name`` (Helm ``Install.Run``).

    Returns the stored release (``deployed``; for a dry run the unstored
    ``pending-install`` one). Raises :class:`InstallError` with Helm's message; its
    ``release`` is the failed record when one was stored.
    """
    if options.dry_run != "client":
        try:
            cfg.kube.is_reachable()
        except Exception as err:
            raise InstallError(f"cluster reachability check failed: {err}") from err
    if options.hide_secret and not options.dry_run:
        raise InstallError("hiding Kubernetes secrets requires a dry-run mode")
    try:
        chart = load_chart(chart_ref)
        _validate_chart(chart)
    except ResourceError as err:
        raise InstallError(str(err)) from err
    available_name(cfg, name, options)
    if not options.skip_crds and chart.crd_objects() and not options.dry_run:
        install_crds(cfg, chart)
    try:
        rendered = _render(cfg, chart, name, options)
    except ResourceError as err:
        raise InstallError(str(err)) from err
    check_user_labels(options.labels)
    rel = new_release(name, options, chart, rendered)
    if options.dry_run == "client":
        rel.set_status(Status.PENDING_INSTALL, "Dry run complete")
        return rel
    try:
        resources = cfg.kube.build(rel.manifest, validate=True)
    except Exception as err:
        raise InstallError(f"unable to build kubernetes objects from release manifest: {err}") from err
    set_ownership(resources, name, options.namespace)
    adopt = check_ownership(cfg, resources, name, options.namespace, take=options.take_ownership, verb="install")
    if options.dry_run:
        # Helm v4.2.3 builds (and ownership-checks) the objects but sends nothing to the server
        rel.set_status(Status.PENDING_INSTALL, "Dry run complete")
        return rel
    if options.create_namespace:
        _create_namespace(cfg, options.namespace)
    rel.set_status(Status.PENDING_INSTALL, "Initial install underway")
    if options.replace:
        _replace_release(cfg, rel)
    cfg.storage.create(rel)
    return _perform_install(cfg, rel, resources, adopt, options)


def _validate_chart(chart: Chart) -> None:
    """Helm's ``chart.Validate`` before an install or upgrade; raises ResourceError ``validation: ...``."""
    from pyhelm.chart.metadata import validate

    try:
        validate(chart.metadata)
    except Exception as err:
        raise ResourceError(f"validation: {err}") from err


def _create_namespace(cfg: Configuration, namespace: str) -> None:
    text = f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n  labels:\n    name: {namespace}\n"
    resources = cfg.kube.build(text, validate=False)
    try:
        cfg.kube.create(resources)
    except Exception as err:
        if "already exists" not in str(err):
            raise InstallError(str(err)) from err


def _replace_release(cfg: Configuration, rel: Release) -> None:
    try:
        history = cfg.storage.history(rel.name)
    except Exception:  # noqa: BLE001
        return
    if not history:
        return
    last = max(history, key=lambda r: r.version)
    rel.version = last.version + 1
    if last.status == Status.FAILED:
        return
    last.set_status(Status.SUPERSEDED, "superseded by new release")
    cfg.record(last)


def _perform_install(cfg: Configuration, rel: Release, resources: Any, adopt: Any, options: InstallOptions) -> Release:
    try:
        if not options.no_hooks:
            try:
                exec_hook(cfg, rel, "pre-install", options.timeout)
            except Exception as err:
                raise InstallError(f"failed pre-install: {err}") from err
        if adopt:
            cfg.kube.update(adopt, resources, force_replace=options.force_replace, take_ownership=True,
                            server_side=options.server_side)  # fmt: skip
        elif resources:
            create_resources(cfg, resources, options.server_side)
        if options.wait or options.atomic:
            cfg.kube.wait(resources, options.timeout, wait_for_jobs=options.wait_for_jobs, progress=options.progress)
        if not options.no_hooks:
            try:
                exec_hook(cfg, rel, "post-install", options.timeout)
            except Exception as err:
                raise InstallError(f"failed post-install: {err}") from err
    except Exception as err:  # noqa: BLE001 - every failure marks the release failed
        raise _fail_install(cfg, rel, err, options) from err
    rel.set_status(Status.DEPLOYED, options.description or "Install complete")
    cfg.record(rel)
    return rel


def create_resources(cfg: Configuration, resources: Any, server_side: bool) -> Any:
    """``kube.create``, asking for a client-side create when server-side apply is off."""
    if server_side:
        return cfg.kube.create(resources)
    return cfg.kube.create(resources, server_side=False)


def _fail_install(cfg: Configuration, rel: Release, err: Exception, options: InstallOptions) -> InstallError:
    rel.set_status(Status.FAILED, f"Release {go_quote(rel.name)} failed: {err}")
    if options.atomic:
        from pyhelm.action.uninstall import UninstallOptions, uninstall

        try:
            uninstall(cfg, rel.name, UninstallOptions(timeout=options.timeout, no_hooks=options.no_hooks,
                                                      wait=options.wait or options.atomic))  # fmt: skip
        except Exception as uerr:  # noqa: BLE001
            return InstallError(
                f"an error occurred while uninstalling the release. original install error: {err}: {uerr}", rel
            )
        return InstallError(
            f"release {rel.name} failed, and has been uninstalled due to rollback-on-failure being set: {err}", rel
        )
    cfg.record(rel)
    return InstallError(str(err), rel)
