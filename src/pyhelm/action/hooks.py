"""Running a release's hooks (Helm ``pkg/action/hooks.go``).

Hooks of one event run one at a time, ordered by weight then name (a stable sort, so
the kind order of the rendered hooks breaks remaining ties). Each hook's ``last_run`` records when it
started and finished and its phase; ``helm.sh/hook-delete-policy`` decides when the
hook's resources are removed: ``before-hook-creation`` (the default), ``hook-succeeded``,
``hook-failed``.
"""

from __future__ import annotations

from typing import Any

from pyhelm.release.model import (
    Hook,
    HookDeletePolicy,
    HookExecution,
    HookPhase,
    Release,
    now,
)
from pyhelm.releaseutil import manifest as manifest_mod

__all__ = ["HookError", "exec_hook", "hooks_from_rendered"]


class HookError(Exception):
    """A hook could not be created, failed, or its resources could not be deleted."""


def hooks_from_rendered(hooks: list[manifest_mod.Hook]) -> list[Hook]:
    """Release hook records for rendered hooks (Helm stores nil policy lists when absent)."""
    return [
        Hook(
            name=h.name,
            kind=h.kind,
            path=h.path,
            manifest=h.manifest,
            events=list(h.events),
            weight=h.weight,
            delete_policies=list(h.delete_policies) or None,
            output_log_policies=list(h.output_log_policies) or None,
        )
        for h in hooks
    ]


def _sorted_hooks(rel: Release, event: str) -> list[Hook]:
    chosen = [h for h in rel.hooks or [] if event in (h.events or [])]
    return sorted(chosen, key=lambda h: (h.weight, h.name))  # stable: kind order breaks ties


def exec_hook(cfg: Any, rel: Release, event: str, timeout: float) -> None:
    """Run the hooks of ``event`` for ``rel`` (Helm ``Configuration.execHook``).

    ``cfg`` is a :class:`~pyhelm.action.configuration.Configuration`. The release is
    re-recorded when each hook starts. Raises :class:`HookError` (or the cluster's
    errors) with Helm's wording when a hook cannot be built or created, or fails.
    """
    executing = _sorted_hooks(rel, event)
    for index, hook in enumerate(executing):
        if not hook.delete_policies:
            hook.delete_policies = [HookDeletePolicy.BEFORE_HOOK_CREATION]
        _delete_by_policy(cfg, hook, HookDeletePolicy.BEFORE_HOOK_CREATION, timeout)
        try:
            resources = cfg.kube.build(hook.manifest, validate=True)
        except Exception as err:
            raise HookError(f"unable to build kubernetes object for {event} hook {hook.path}: {err}") from err
        hook.last_run = HookExecution(started_at=now(), phase=HookPhase.RUNNING)
        cfg.record(rel)
        hook.last_run.phase = HookPhase.UNKNOWN
        try:
            cfg.kube.create(resources)
        except Exception as err:
            hook.last_run.completed_at = now()
            hook.last_run.phase = HookPhase.FAILED
            raise HookError(f"warning: Hook {event} {hook.path} failed: {err}") from err
        try:
            cfg.kube.watch_until_ready(resources, timeout)
        except Exception:
            hook.last_run.completed_at = now()
            hook.last_run.phase = HookPhase.FAILED
            try:
                _delete_by_policy(cfg, hook, HookDeletePolicy.FAILED, timeout)
            except Exception:  # noqa: BLE001 - Helm logs this and reports the hook failure
                pass
            for earlier in executing[:index]:
                _delete_by_policy(cfg, earlier, HookDeletePolicy.SUCCEEDED, timeout)
            raise
        hook.last_run.completed_at = now()
        hook.last_run.phase = HookPhase.SUCCEEDED
    for hook in reversed(executing):
        _delete_by_policy(cfg, hook, HookDeletePolicy.SUCCEEDED, timeout)


def _delete_by_policy(cfg: Any, hook: Hook, policy: str, timeout: float) -> None:
    """Delete the hook's resources when it carries ``policy`` (CRD hooks are never deleted)."""
    if hook.kind == "CustomResourceDefinition":
        return
    if policy not in (hook.delete_policies or []):
        return
    try:
        resources = cfg.kube.build(hook.manifest, validate=False)
    except Exception as err:
        raise HookError(f"unable to build kubernetes object for deleting hook {hook.path}: {err}") from err
    _, errors = cfg.kube.delete(resources)
    if errors:
        raise HookError(f"unable to delete hook {hook.path}: " + "; ".join(str(e) for e in errors))
    cfg.kube.wait_for_delete(resources, timeout)
