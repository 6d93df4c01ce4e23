"""The ``test`` action (Helm ``pkg/action/release_testing.go``): run a release's test hooks."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyhelm.action.configuration import Configuration
from pyhelm.action.errors import ReleaseActionError
from pyhelm.action.hooks import exec_hook
from pyhelm.action.resources import ResourceError, validate_release_name
from pyhelm.release.model import Release

__all__ = ["ReleaseTestError", "TestOptions", "pod_logs", "run_tests"]


class ReleaseTestError(ReleaseActionError):
    """A test hook failed; ``release`` carries the hooks' last runs."""


@dataclass
class TestOptions:
    """``helm test`` flags: ``filters`` maps ``name``/``!name`` to hook names; ``timeout`` in seconds."""

    __test__ = False  # not a pytest class

    timeout: float = 300.0
    filters: dict[str, list[str]] = field(default_factory=dict)


def run_tests(cfg: Configuration, name: str, options: TestOptions) -> Release:
    """Run the test hooks of the latest revision of ``name`` (Helm ``ReleaseTesting.Run``).

    Returns the release with updated hook runs (stored). Raises
    :class:`ReleaseTestError` when a test fails, storage errors for an unknown release.
    """
    cfg.kube.is_reachable()
    try:
        validate_release_name(name)
    except ResourceError as err:
        raise ReleaseTestError(f"releaseTest: Release name is invalid: {name}") from err
    rel = cfg.storage.last(name)
    skipped, executing = _select(rel, options.filters)
    rel.hooks = executing
    try:
        exec_hook(cfg, rel, "test", options.timeout)
    except Exception as err:
        rel.hooks = skipped + (rel.hooks or [])
        cfg.record(rel)
        raise ReleaseTestError(str(err), rel) from err
    rel.hooks = skipped + (rel.hooks or [])
    cfg.storage.update(rel)
    return rel


def _select(rel: Release, filters: dict[str, list[str]]) -> tuple[list, list]:
    hooks = list(rel.hooks or [])
    exclude = filters.get("!name") or []
    include = filters.get("name") or []
    skipped, executing = [], []
    for hook in hooks:
        if exclude and hook.name in exclude:
            skipped.append(hook)
        elif include and hook.name not in include:
            skipped.append(hook)
        else:
            executing.append(hook)
    return skipped, executing


def pod_logs(cfg: Configuration, rel: Release, filters: dict[str, list[str]] | None = None) -> str:
    """Helm's ``GetPodLogs`` text: ``POD LOGS: NAME\n<logs>\n`` for each test hook (by weight),
    honouring the same ``name``/``!name`` filters as the run. Raises ReleaseTestError
    ``unable to get pod logs for NAME: ...``."""
    filters = filters or {}
    out = ""
    for hook in sorted(rel.hooks or [], key=lambda h: (h.weight, h.name)):
        if "test" not in (hook.events or []):
            continue
        if hook.name in (filters.get("!name") or []):
            continue
        include = filters.get("name") or []
        if include and hook.name not in include:
            continue
        try:
            logs = cfg.kube.pod_logs(hook.name, rel.namespace)
        except Exception as err:
            raise ReleaseTestError(f"unable to get pod logs for {hook.name}: {err}") from err
        out += f"POD LOGS: {hook.name}\n{logs}\n"
    return out
