"""Helm's ``storage.Storage``: release history operations over a driver.

Keys are ``sh.helm.release.v1.<name>.v<revision>``. ``max_history`` (Helm's
``--history-max``) prunes the oldest revisions when a new one is created, keeping the
last deployed revision.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping

from pyhelm.release.model import Release, Status
from pyhelm.storage.driver import (
    Driver,
    Filter,
    NoDeployedReleasesError,
    ReleaseNotFoundError,
    StorageError,
)

__all__ = ["HELM_STORAGE_TYPE", "Storage", "make_key"]

HELM_STORAGE_TYPE = "sh.helm.release.v1"


def make_key(name: str, version: int) -> str:
    """The storage key of a revision: ``sh.helm.release.v1.<name>.v<version>`` (Helm ``makeKey``)."""
    return f"{HELM_STORAGE_TYPE}.{name}.v{version}"


def _by_revision(rels: builtins.list[Release]) -> builtins.list[Release]:
    return sorted(rels, key=lambda r: r.version)


class Storage:
    """Release storage (Helm ``storage.Storage``) over a :class:`~pyhelm.storage.driver.Driver`.

    ``max_history`` ≤ 0 keeps every revision. With no driver, an in-memory one is used
    (Helm ``storage.Init(nil)``).
    """

    def __init__(self, driver: Driver | None = None, max_history: int = 0) -> None:
        if driver is None:
            from pyhelm.storage.driver.memory import Memory

            driver = Memory()
        self.driver = driver
        self.max_history = max_history

    # -- plain driver access --------------------------------------------------

    def name(self) -> str:
        """The driver's name (``Secret``, ``ConfigMap``, ``Memory``, ``SQL``)."""
        return self.driver.name()

    def list(self, filter: Filter) -> builtins.list[Release]:  # noqa: A002 - Helm's name
        """The driver's ``List``."""
        return self.driver.list(filter)

    def query(self, labels: Mapping[str, str]) -> builtins.list[Release]:
        """The driver's ``Query``."""
        return self.driver.query(labels)

    # -- Storage --------------------------------------------------------------

    def get(self, name: str, version: int) -> Release:
        """Revision ``version`` of release ``name``; raises :class:`ReleaseNotFoundError`."""
        return self.driver.get(make_key(name, version))

    def create(self, rel: Release) -> None:
        """Store a new revision, first pruning history to ``max_history - 1`` when set.

        Raises :class:`~pyhelm.storage.driver.ReleaseExistsError` when the revision exists.
        """
        if self.max_history > 0:
            try:
                self._remove_least_recent(rel.name, self.max_history - 1)
            except ReleaseNotFoundError:
                pass
        self.driver.create(make_key(rel.name, rel.version), rel)

    def update(self, rel: Release) -> None:
        """Rewrite a stored revision."""
        self.driver.update(make_key(rel.name, rel.version), rel)

    def delete(self, name: str, version: int) -> Release:
        """Remove a revision and return it; raises :class:`ReleaseNotFoundError`."""
        return self.driver.delete(make_key(name, version))

    def list_releases(self) -> builtins.list[Release]:
        """Every release revision in storage."""
        return self.driver.list(lambda _rel: True)

    def list_uninstalled(self) -> builtins.list[Release]:
        """Revisions whose status is ``uninstalled``."""
        return self.driver.list(lambda rel: rel.status == Status.UNINSTALLED)

    def list_deployed(self) -> builtins.list[Release]:
        """Revisions whose status is ``deployed``."""
        return self.driver.list(lambda rel: rel.status == Status.DEPLOYED)

    def deployed_all(self, name: str) -> builtins.list[Release]:
        """Every ``deployed`` revision of ``name``; raises :class:`NoDeployedReleasesError` when none."""
        try:
            return self.driver.query({"name": name, "owner": "helm", "status": "deployed"})
        except StorageError as err:
            if "not found" in str(err):
                raise NoDeployedReleasesError(name) from err
            raise

    def deployed(self, name: str) -> Release:
        """The latest ``deployed`` revision of ``name`` (several may exist after a crash).

        Raises :class:`NoDeployedReleasesError` (``"NAME" has no deployed releases``).
        """
        rels = self.deployed_all(name)
        if not rels:
            raise NoDeployedReleasesError(name)
        return _by_revision(rels)[-1]

    def history(self, name: str) -> builtins.list[Release]:
        """Every revision of ``name`` (driver order); raises :class:`ReleaseNotFoundError` when none."""
        return self.driver.query({"name": name, "owner": "helm"})

    def last(self, name: str) -> Release:
        """The highest revision of ``name``; raises :class:`ReleaseNotFoundError` when none."""
        hist = self.history(name)
        if not hist:
            raise StorageError(f'no revision for release "{name}"')
        return _by_revision(hist)[-1]

    def _remove_least_recent(self, name: str, maximum: int) -> None:
        """Delete the oldest revisions until at most ``maximum`` remain, sparing the last deployed one."""
        if maximum < 0:
            return
        hist = self.history(name)
        if len(hist) <= maximum:
            return
        rels = _by_revision(hist)
        try:
            last_deployed: Release | None = self.deployed(name)
        except NoDeployedReleasesError:
            last_deployed = None
        to_delete: builtins.list[Release] = []
        for rel in rels:
            if len(rels) - len(to_delete) == maximum:
                break
            if last_deployed is None or rel.version != last_deployed.version:
                to_delete.append(rel)
        errors = []
        for rel in to_delete:
            try:
                self.delete(name, rel.version)
            except StorageError as err:
                errors.append(err)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise StorageError(f"encountered {len(errors)} deletion errors. First is: {errors[0]}")
