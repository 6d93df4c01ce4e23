"""The ``uninstall`` action (Helm ``pkg/action/uninstall.go``).

Marks the latest revision ``uninstalling``, runs pre-delete hooks, deletes the
release's resources in Helm's uninstall order (keeping those annotated
``helm.sh/resource-policy: keep``), optionally waits for them to go, runs post-delete
hooks, then either purges every record or (``--keep-history``) stores the revision
as ``uninstalled``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyhelm.action.configuration import Configuration
from pyhelm.action.hooks import exec_hook
from pyhelm.action.resources import ResourceError, validate_release_name
from pyhelm.release.model import Release, Status, now
from pyhelm.releaseutil.manifest import UNINSTALL_ORDER, sort_manifests

__all__ = ["UninstallError", "UninstallOptions", "UninstallResult", "uninstall"]

RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy"


class UninstallError(Exception):
    """Uninstall failed; ``str(err)`` is Helm's message."""


@dataclass
class UninstallOptions:
    """``helm uninstall`` flags (Helm ``action.Uninstall`` fields); ``timeout`` in seconds."""

    keep_history: bool = False
    cascade: str = "background"
    wait: bool = False
    ignore_not_found: bool = False
    no_hooks: bool = False
    dry_run: bool = False
    description: str = ""
    timeout: float = 300.0


@dataclass
class UninstallResult:
    """The uninstalled revision and ``info``: the kept-resources message (may be empty)."""

    release: Release | None
    info: str = ""


def uninstall(cfg: Configuration, name: str, options: UninstallOptions) -> UninstallResult:
    """Uninstall release ``name`` (Helm ``Uninstall.Run``).

    Returns an :class:`UninstallResult` (``release`` None when ``ignore_not_found``
    skipped a missing release). Raises :class:`UninstallError` with Helm's wording.
    """
    cfg.kube.is_reachable()
    if options.dry_run:
        return _dry_run(cfg, name, options)
    try:
        validate_release_name(name)
    except ResourceError as err:
        raise UninstallError(f"uninstall: Release name is invalid: {name}") from err
    try:
        rels = cfg.storage.history(name)
    except Exception as err:
        if options.ignore_not_found:
            return UninstallResult(None)
        raise UninstallError(f"uninstall: Release not loaded: {name}: {err}") from err
    if not rels:
        if options.ignore_not_found:
            return UninstallResult(None)
        raise UninstallError("no release provided")
    rels.sort(key=lambda r: r.version)
    rel = rels[-1]
    if rel.status == Status.UNINSTALLED:
        if not options.keep_history:
            _purge(cfg, rels)
            return UninstallResult(rel)
        raise UninstallError(f'the release named "{name}" is already deleted')
    return _uninstall(cfg, rel, rels, options)


def _dry_run(cfg: Configuration, name: str, options: UninstallOptions) -> UninstallResult:
    try:
        return UninstallResult(cfg.storage.last(name))
    except Exception as err:
        if options.ignore_not_found:
            return UninstallResult(None)
        raise UninstallError(str(err)) from err


def _uninstall(cfg: Configuration, rel: Release, rels: list[Release], options: UninstallOptions) -> UninstallResult:
    assert rel.info is not None
    rel.info.status = Status.UNINSTALLING
    rel.info.deleted = now()
    rel.info.description = "Deletion in progress (or silently failed)"
    if not options.no_hooks:
        try:
            exec_hook(cfg, rel, "pre-delete", options.timeout)
        except Exception as err:
            raise UninstallError(str(err)) from err
    cfg.record(rel)
    deleted, kept, errors = delete_release_resources(cfg, rel, options.cascade)
    if errors:
        raise UninstallError(f"failed to delete release: {rel.name}")
    info = "These resources were kept due to the resource policy:\n" + kept if kept else ""
    if options.wait:
        try:
            cfg.kube.wait_for_delete(deleted, options.timeout)
        except Exception as err:  # noqa: BLE001 - collected like Helm
            errors.append(err)
    if not options.no_hooks:
        try:
            exec_hook(cfg, rel, "post-delete", options.timeout)
        except Exception as err:  # noqa: BLE001
            errors.append(err)
    rel.info.status = Status.UNINSTALLED
    rel.info.description = options.description or "Uninstallation complete"
    if not options.keep_history:
        try:
            _purge(cfg, rels)
        except Exception as err:  # noqa: BLE001
            errors.append(UninstallError(f"uninstall: Failed to purge the release: {err}"))
    else:
        try:
            cfg.storage.update(rel)
        except Exception as err:  # noqa: BLE001
            errors.append(UninstallError(f"uninstall: Failed to update release: {err}"))
    if errors:
        joined = "; ".join(str(e) for e in errors)
        raise UninstallError(f"uninstallation completed with {len(errors)} error(s): {joined}")
    return UninstallResult(rel, info)


def _purge(cfg: Configuration, rels: list[Release]) -> None:
    for rel in rels:
        cfg.storage.delete(rel.name, rel.version)


def delete_release_resources(cfg: Configuration, rel: Release, cascade: str) -> tuple[object, str, list[Exception]]:
    """Delete the release's manifest objects in uninstall order (Helm ``deleteRelease``).

    Returns ``(deleted ResourceList, kept text "[Kind] name\\n"..., errors)``.
    """
    from pyhelm.kube.interface import ResourceList
    from pyhelm.releaseutil.manifest import ManifestError

    try:
        _, manifests = sort_manifests({"manifest": rel.manifest}, UNINSTALL_ORDER) if rel.manifest else ([], [])
    except ManifestError as err:
        return ResourceList(), rel.manifest, [
            UninstallError(f"corrupted release record. You must manually delete the resources: {err}")
        ]
    kept = ""
    text = ""
    for manifest in manifests:
        annotations = manifest.head.annotations or {}
        if annotations.get(RESOURCE_POLICY_ANNOTATION, "").strip().lower() == "keep":
            kept += f"[{manifest.head.kind}] {manifest.head.name}\n"
            continue
        text += "\n---\n" + manifest.content
    try:
        to_delete = cfg.kube.build(text, validate=False) if text else ResourceList()
    except Exception as err:  # noqa: BLE001
        return ResourceList(), "", [UninstallError(f"unable to build kubernetes objects for delete: {err}")]
    if not to_delete:
        return to_delete, kept, []
    _, errors = cfg.kube.delete(to_delete, propagation=cascade)
    return to_delete, kept, list(errors)
