"""``helm status``: one revision of a release (Helm ``action.Status``).

:func:`release_content` is Helm's ``Configuration.releaseContent``, shared by the
read-only commands: the latest revision, or a given one.
"""

from __future__ import annotations

from typing import Any

from pyhelm.action.resources import ResourceError, validate_release_name
from pyhelm.release.model import Release
from pyhelm.storage import Storage

__all__ = ["ReleaseQueryError", "release_content", "status"]


class ReleaseQueryError(Exception):
    """A read-only release query failed; ``str(err)`` is Helm's message."""


def release_content(storage: Storage, name: str, version: int = 0) -> Release:
    """Revision ``version`` of ``name`` (the latest when ``version`` <= 0).

    Raises :class:`ReleaseQueryError` ``releaseContent: Release name is invalid: NAME``
    for a name Helm cannot hold, and the storage's
    :class:`~pyhelm.storage.ReleaseNotFoundError` (``release: not found``).
    """
    try:
        validate_release_name(name)
    except ResourceError:
        raise ReleaseQueryError(f"releaseContent: Release name is invalid: {name}") from None
    if version <= 0:
        return storage.last(name)
    return storage.get(name, version)


def status(storage: Storage, name: str, version: int = 0, *, resources: Any = None) -> Release:
    """Helm ``Status.Run``: the release revision, chart included.

    ``resources`` is an optional callable ``(release) -> {kind: [objects]}`` (the live
    objects ``--show-resources`` reports); its result is stored in ``info.resources``.
    Raises as :func:`release_content`.
    """
    rel = release_content(storage, name, version)
    if resources is not None and rel.info is not None:
        rel.info.resources = resources(rel) or None
    return rel
