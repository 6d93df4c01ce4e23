"""The ``rollback`` action (Helm ``pkg/action/rollback.go``).

A rollback is a new revision whose chart, values, manifest and hooks come from the
target revision: stored ``pending-rollback``, pre-rollback hooks, cluster updated
from the latest revision's objects to the target's, optional wait, post-rollback
hooks, every earlier ``deployed`` revision superseded, the new one ``deployed``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from pyhelm.action.configuration import Configuration
from pyhelm.action.hooks import exec_hook
from pyhelm.action.resources import ResourceError, validate_release_name
from pyhelm.release.model import Info, Release, Status, now
from pyhelm.storage.driver import filter_system_labels

__all__ = ["RollbackError", "RollbackOptions", "rollback"]


class RollbackError(Exception):
    """Rollback failed; ``str(err)`` is Helm's message."""


@dataclass
class RollbackOptions:
    """``helm rollback`` flags (Helm ``action.Rollback``); ``version`` 0 means the previous revision."""

    version: int = 0
    dry_run: bool = False
    wait: bool = False
    wait_for_jobs: bool = False
    timeout: float = 300.0
    force_replace: bool = False
    no_hooks: bool = False
    cleanup_on_fail: bool = False
    history_max: int = 10
    description: str = ""
    server_side: str = "auto"
    # Called with a line naming what is not ready yet, and why, while --wait waits.
    progress: Callable[[str], None] | None = None


def rollback(cfg: Configuration, name: str, options: RollbackOptions) -> Release:
    """Roll release ``name`` back to ``options.version`` (Helm ``Rollback.Run``).

    Returns the new revision. Raises :class:`RollbackError` (``release has no N
    version``, ``Rollback "NAME" failed: ...``) or storage errors.
    """
    cfg.kube.is_reachable()
    cfg.storage.max_history = options.history_max
    current, target = _prepare(cfg, name, options)
    if not options.dry_run:
        cfg.storage.create(target)
    _perform(cfg, current, target, options)
    if not options.dry_run:
        cfg.storage.update(target)
    return target


def _prepare(cfg: Configuration, name: str, options: RollbackOptions) -> tuple[Release, Release]:
    try:
        validate_release_name(name)
    except ResourceError as err:
        raise RollbackError(f"prepareRollback: Release name is invalid: {name}") from err
    if options.version < 0:
        raise RollbackError("invalid release revision number")
    current = cfg.storage.last(name)
    previous_version = options.version or current.version - 1
    history = cfg.storage.history(name)
    if not any(r.version == previous_version for r in history):
        raise RollbackError(f"release has no {previous_version} version")
    previous = cfg.storage.get(name, previous_version)
    description = options.description or f"Rollback to {previous_version}"
    notes = previous.info.notes if previous.info else ""
    from pyhelm.action.upgrade import use_server_side

    target = Release(
        name=name,
        namespace=current.namespace,
        chart=previous.chart,
        config=previous.config,
        info=Info(first_deployed=current.info.first_deployed if current.info else None, last_deployed=now(),
                  status=Status.PENDING_ROLLBACK, notes=notes, description=description),  # fmt: skip
        version=current.version + 1,
        labels=filter_system_labels(previous.labels) or None,
        manifest=previous.manifest,
        hooks=copy.deepcopy(previous.hooks),
        apply_method="ssa" if use_server_side(options.server_side, previous) else "csa",
    )
    return current, target


def _perform(cfg: Configuration, current: Release, target: Release, options: RollbackOptions) -> None:
    if options.dry_run:
        return
    from pyhelm.action.install import set_ownership

    try:
        current_resources = cfg.kube.build(current.manifest, validate=False)
    except Exception as err:
        raise RollbackError(f"unable to build kubernetes objects from current release manifest: {err}") from err
    try:
        target_resources = cfg.kube.build(target.manifest, validate=False)
    except Exception as err:
        raise RollbackError(f"unable to build kubernetes objects from new release manifest: {err}") from err
    if not options.no_hooks:
        try:
            exec_hook(cfg, target, "pre-rollback", options.timeout)
        except Exception as err:
            raise RollbackError(str(err)) from err
    set_ownership(target_resources, target.name, target.namespace)
    try:
        cfg.kube.update(current_resources, target_resources, force_replace=options.force_replace,
                        server_side=target.apply_method != "csa")  # fmt: skip
    except Exception as err:
        raise _fail(cfg, current, target, err, options) from err
    if options.wait:
        try:
            cfg.kube.wait(target_resources, options.timeout, wait_for_jobs=options.wait_for_jobs, progress=options.progress)
        except Exception as err:
            target.set_status(Status.FAILED, f'Release "{target.name}" failed: {err}')
            cfg.record(current)
            cfg.record(target)
            raise RollbackError(f"release {target.name} failed: {err}") from err
    if not options.no_hooks:
        try:
            exec_hook(cfg, target, "post-rollback", options.timeout)
        except Exception as err:
            raise RollbackError(str(err)) from err
    for rel in _deployed(cfg, target.name):
        if rel.version == target.version:
            continue
        assert rel.info is not None
        rel.info.status = Status.SUPERSEDED
        cfg.record(rel)
    assert target.info is not None
    target.info.status = Status.DEPLOYED


def _deployed(cfg: Configuration, name: str) -> list[Release]:
    try:
        return cfg.storage.deployed_all(name)
    except Exception:  # noqa: BLE001 - none deployed
        return []


def _fail(cfg: Configuration, current: Release, target: Release, err: Exception,
          options: RollbackOptions) -> RollbackError:  # fmt: skip
    """Helm's failed-update handling: current superseded, target failed, created objects cleaned up."""
    assert current.info is not None
    current.info.status = Status.SUPERSEDED
    target.set_status(Status.FAILED, f'Rollback "{target.name}" failed: {err}')
    cfg.record(current)
    cfg.record(target)
    created = getattr(err, "created", None)
    if options.cleanup_on_fail and created:
        _, errors = cfg.kube.delete(created)
        if errors:
            joined = ", ".join(str(e) for e in errors)
            return RollbackError("an error occurred while cleaning up resources. original rollback error: "
                                 f"unable to cleanup resources: {joined}")  # fmt: skip
    return RollbackError(str(err))
