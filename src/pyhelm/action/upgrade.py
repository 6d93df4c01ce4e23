"""The ``upgrade`` action (Helm ``pkg/action/upgrade.go``).

Refuses to run while the latest revision is pending; renders the chart with the
values Helm would use (``--reuse-values``, ``--reset-values``,
``--reset-then-reuse-values`` or the previous values when none are given), stores a
``pending-upgrade`` revision, runs pre-upgrade hooks, updates the cluster (new objects
created, changed ones applied, removed ones deleted unless kept), waits, runs
post-upgrade hooks, supersedes the previous revision and marks the new one
``deployed``. Failures mark it ``failed``; ``--atomic`` rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyhelm.action.configuration import Configuration
from pyhelm.action.errors import ReleaseActionError
from pyhelm.action.hooks import exec_hook, hooks_from_rendered
from pyhelm.action.install import InstallOptions, _render, _validate_chart, check_ownership, set_ownership
from pyhelm.action.resources import ResourceError, load_chart, validate_release_name
from pyhelm.chart.model import Chart
from pyhelm.release.model import Info, Release, Status, now
from pyhelm.storage.driver import NoDeployedReleasesError, ReleaseNotFoundError, StorageError

__all__ = ["PENDING_ERROR", "UpgradeError", "UpgradeOptions", "upgrade"]

PENDING_ERROR = "another operation (install/upgrade/rollback) is in progress"


class UpgradeError(ReleaseActionError):
    """Upgrade failed; ``release`` is the new revision as far as it got."""


@dataclass
class UpgradeOptions:
    """``helm upgrade`` flags (Helm ``action.Upgrade`` fields); ``timeout`` in seconds."""

    namespace: str = "default"
    values: dict[str, Any] = field(default_factory=dict)
    dry_run: str = ""
    wait: bool = False
    wait_for_jobs: bool = False
    timeout: float = 300.0
    atomic: bool = False
    no_hooks: bool = False
    reuse_values: bool = False
    reset_values: bool = False
    reset_then_reuse_values: bool = False
    force_replace: bool = False
    cleanup_on_fail: bool = False
    history_max: int = 10
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    take_ownership: bool = False
    render_subchart_notes: bool = False
    skip_schema_validation: bool = False
    hide_secret: bool = False
    server_side: str = "auto"
    # Called with a line naming what is not ready yet, and why, while --wait waits.
    progress: Callable[[str], None] | None = None


def upgrade(cfg: Configuration, name: str, chart_ref: str | Path | Chart, options: UpgradeOptions) -> Release:
    """Upgrade release ``name`` to ``chart_ref`` (Helm ``Upgrade.Run``).

    Returns the new revision. Raises :class:`UpgradeError` (Helm's messages, e.g.
    ``another operation (install/upgrade/rollback) is in progress``) or
    :class:`NoDeployedReleasesError` (``"NAME" has no deployed releases``).
    """
    if options.hide_secret and not options.dry_run:
        raise UpgradeError("hiding Kubernetes secrets requires a dry-run mode")
    cfg.kube.is_reachable()
    try:
        validate_release_name(name)
    except ResourceError as err:
        raise UpgradeError(f"release name is invalid: {name}") from err
    try:
        chart = load_chart(chart_ref)
        _validate_chart(chart)
    except ResourceError as err:
        raise UpgradeError(str(err)) from err
    current, last = _current_release(cfg, name)
    values = reuse_values(chart, current, options)
    rel = _prepare(cfg, name, chart, values, current, last, options)
    cfg.storage.max_history = options.history_max
    try:
        current_resources = cfg.kube.build(current.manifest, validate=False)
    except Exception as err:
        raise UpgradeError(f"unable to build kubernetes objects from current release manifest: {err}", rel) from err
    try:
        target = cfg.kube.build(rel.manifest, validate=True)
    except Exception as err:
        raise UpgradeError(f"unable to build kubernetes objects from new release manifest: {err}", rel) from err
    set_ownership(target, name, rel.namespace)
    adopted = check_ownership(cfg, target.difference(current_resources), name, rel.namespace,
                              take=options.take_ownership, verb="update")  # fmt: skip
    current_resources.extend(adopted)
    if options.dry_run:
        rel.info.description = options.description or "Dry run complete"  # type: ignore[union-attr]
        return rel
    cfg.storage.create(rel)
    return _perform(cfg, rel, current, current_resources, target, options)


def _current_release(cfg: Configuration, name: str) -> tuple[Release, Release]:
    """(release to upgrade from, latest revision) as Helm's ``prepareUpgrade`` picks them."""
    try:
        last = cfg.storage.last(name)
    except (ReleaseNotFoundError, StorageError) as err:
        raise NoDeployedReleasesError(name) from err
    if isinstance(last.status, Status) and last.status.is_pending():
        raise UpgradeError(PENDING_ERROR)
    if last.status == Status.DEPLOYED:
        return last, last
    try:
        return cfg.storage.deployed(name), last
    except NoDeployedReleasesError:
        if last.status in (Status.FAILED, Status.SUPERSEDED):
            return last, last
        raise


def reuse_values(chart: Chart, current: Release, options: UpgradeOptions) -> dict[str, Any]:
    """The user values an upgrade renders with (Helm ``Upgrade.reuseValues``).

    ``--reuse-values`` also makes the chart's defaults those of the current release.
    """
    from pyhelm.chartutil.values import coalesce_tables, coalesce_values, deep_copy

    new = options.values or {}
    if options.reset_values:
        return new
    old = deep_copy(current.config or {})
    if options.reuse_values:
        if current.chart is not None:
            chart.values = coalesce_values(current.chart, deep_copy(old))
        return coalesce_tables(deep_copy(new), old) or {}
    if options.reset_then_reuse_values:
        return coalesce_tables(deep_copy(new), old) or {}
    if not new and old:
        return old
    return new


def _prepare(cfg: Configuration, name: str, chart: Chart, values: dict[str, Any], current: Release,
             last: Release, options: UpgradeOptions) -> Release:  # fmt: skip
    revision = last.version + 1
    render_opts = InstallOptions(
        namespace=current.namespace or options.namespace, values=values, dry_run=options.dry_run,
        render_subchart_notes=options.render_subchart_notes, hide_secret=options.hide_secret,
        skip_schema_validation=options.skip_schema_validation, is_upgrade=True,
    )  # fmt: skip
    try:
        rendered = _render(cfg, chart, name, render_opts, revision)
    except ResourceError as err:
        raise UpgradeError(str(err)) from err
    from pyhelm.action.install import InstallError, check_user_labels
    from pyhelm.storage.driver import filter_system_labels

    try:
        check_user_labels(options.labels)
    except InstallError as err:
        raise UpgradeError(str(err)) from err
    labels = filter_system_labels(last.labels)
    labels.update(options.labels)
    first = current.info.first_deployed if current.info else None
    return Release(
        name=name,
        namespace=render_opts.namespace,
        chart=chart,
        config=values,
        info=Info(first_deployed=first, last_deployed=now(), status=Status.PENDING_UPGRADE,
                  description="Preparing upgrade", notes=rendered.notes),  # fmt: skip
        version=revision,
        manifest=rendered.manifest,
        hooks=hooks_from_rendered(rendered.hooks),
        labels=labels or None,
        apply_method="ssa" if use_server_side(options.server_side, last) else "csa",
    )


def use_server_side(flag: str, current: Release) -> bool:
    """``--server-side`` true/false, or ``auto``: the method the last revision was applied with
    (records without one were applied client-side)."""
    if flag in ("true", "false"):
        return flag == "true"
    return current.apply_method == "ssa"


def _perform(cfg: Configuration, rel: Release, current: Release, current_resources: Any, target: Any,
             options: UpgradeOptions) -> Release:  # fmt: skip
    created: Any = []
    try:
        if not options.no_hooks:
            try:
                exec_hook(cfg, rel, "pre-upgrade", options.timeout)
            except Exception as err:
                raise UpgradeError(f"pre-upgrade hooks failed: {err}") from err
        result = cfg.kube.update(current_resources, target, force_replace=options.force_replace,
                                 take_ownership=options.take_ownership,
                                 server_side=rel.apply_method != "csa")  # fmt: skip
        created = result.created
        if options.wait or options.atomic:
            cfg.kube.wait(target, options.timeout, wait_for_jobs=options.wait_for_jobs, progress=options.progress)
        if not options.no_hooks:
            try:
                exec_hook(cfg, rel, "post-upgrade", options.timeout)
            except Exception as err:
                raise UpgradeError(f"post-upgrade hooks failed: {err}") from err
    except Exception as err:  # noqa: BLE001 - every failure marks the revision failed
        raise _fail(cfg, rel, created, err, options) from err
    assert current.info is not None
    current.info.status = Status.SUPERSEDED
    cfg.record(current)
    rel.set_status(Status.DEPLOYED, options.description or "Upgrade complete")
    cfg.record(rel)
    return rel


def _fail(cfg: Configuration, rel: Release, created: Any, err: Exception, options: UpgradeOptions) -> UpgradeError:
    """Helm ``Upgrade.failRelease``: record the failure, clean up, roll back with ``--atomic``."""
    rel.set_status(Status.FAILED, f'Upgrade "{rel.name}" failed: {err}')
    cfg.record(rel)
    if options.cleanup_on_fail and created:
        _, errors = cfg.kube.delete(created)
        if errors:
            joined = ", ".join(str(e) for e in errors)
            return UpgradeError("an error occurred while cleaning up resources. original upgrade error: "
                                f"{err}: unable to cleanup resources: {joined}", rel)  # fmt: skip
    if not options.atomic:
        return UpgradeError(str(err), rel)
    from pyhelm.action.rollback import RollbackOptions, rollback

    try:
        history = cfg.storage.history(rel.name)
        deployed = [r for r in history if r.status in (Status.SUPERSEDED, Status.DEPLOYED) and r.version < rel.version]
        if not deployed:
            return UpgradeError("unable to find a previously successful release when attempting to rollback. "
                                f"original upgrade error: {err}", rel)  # fmt: skip
        target_version = max(r.version for r in deployed)
        rollback(cfg, rel.name, RollbackOptions(version=target_version, wait=True, timeout=options.timeout,
                                                 force_replace=options.force_replace, no_hooks=options.no_hooks,
                                                 cleanup_on_fail=options.cleanup_on_fail,
                                                 history_max=options.history_max))  # fmt: skip
    except Exception as rerr:  # noqa: BLE001
        return UpgradeError(f"an error occurred while rolling back the release. original upgrade error: {err}: {rerr}", rel)
    return UpgradeError(f"release {rel.name} failed, and has been rolled back due to rollback-on-failure being set: {err}", rel)
