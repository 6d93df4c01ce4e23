"""The in-memory driver (Helm ``driver.Memory``, ``HELM_DRIVER=memory``).

Records live in a dict ``{namespace: {release name: [record...]}}``. Like Helm's, a
write switches the driver to the release's namespace (``""`` becomes ``default``), and
``get``/``delete`` look in the current namespace; ``list``/``query`` look in every
namespace when the namespace is ``""``. Records are copied in and out, so callers
never share state with the store (as with the Kubernetes-backed drivers).
"""

from __future__ import annotations

import builtins
import copy
import threading
from collections.abc import Mapping

from pyhelm.release.model import Release
from pyhelm.storage.driver import (
    Driver,
    Filter,
    InvalidKeyError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
    filter_system_labels,
    system_labels,
)

__all__ = ["Memory", "load_memory_driver_data"]

KEY_PREFIX = "sh.helm.release.v1."
DEFAULT_NAMESPACE = "default"


class _Record:
    __slots__ = ("key", "labels", "rel")

    def __init__(self, key: str, rel: Release) -> None:
        self.key = key
        self.labels = {**filter_system_labels(rel.labels), **system_labels(rel)}
        self.rel = copy.deepcopy(rel)


def _split_key(key: str) -> str:
    """The release name of a storage key; raises :class:`InvalidKeyError` like Helm's Memory."""
    rest = key[len(KEY_PREFIX):] if key.startswith(KEY_PREFIX) else key
    parts = rest.split(".v")
    if len(parts) != 2:
        raise InvalidKeyError()
    name, ver = parts
    try:
        int(ver)
    except ValueError:
        raise InvalidKeyError() from None
    return name


class Memory(Driver):
    """Releases kept in this process only (Helm ``driver.NewMemory``)."""

    def __init__(self) -> None:
        self.namespace = DEFAULT_NAMESPACE
        self._cache: dict[str, dict[str, list[_Record]]] = {}
        self._lock = threading.RLock()

    def name(self) -> str:
        """``Memory``."""
        return "Memory"

    def set_namespace(self, namespace: str) -> None:
        """Act in ``namespace``; ``""`` makes ``list``/``query`` span every namespace."""
        self.namespace = namespace

    def _namespaces(self) -> builtins.list[str]:
        return [self.namespace] if self.namespace else list(self._cache)

    def _out(self, rec: _Record) -> Release:
        """The stored release with its own labels (Helm's Memory returns the record's release)."""
        rel = copy.deepcopy(rec.rel)
        rel.labels = filter_system_labels(rec.labels)
        return rel

    def get(self, key: str) -> Release:
        """The record under ``key`` in the current namespace.

        Raises :class:`InvalidKeyError` for a malformed key, :class:`ReleaseNotFoundError`.
        """
        with self._lock:
            name = _split_key(key)
            for rec in self._cache.get(self.namespace, {}).get(name, []):
                if rec.key == key:
                    return self._out(rec)
            raise ReleaseNotFoundError()

    def list(self, filter: Filter) -> builtins.list[Release]:  # noqa: A002 - Helm's name
        """Every record passing ``filter``, each with the release's own labels."""
        with self._lock:
            found = []
            for ns in self._namespaces():
                for recs in self._cache.get(ns, {}).values():
                    for rec in recs:
                        rel = self._out(rec)
                        if filter(rel):
                            found.append(rel)
            return found

    def query(self, labels: Mapping[str, str]) -> builtins.list[Release]:
        """Records whose labels include all of ``labels``; raises :class:`ReleaseNotFoundError` when none."""
        with self._lock:
            found = []
            for ns in self._namespaces():
                for recs in self._cache.get(ns, {}).values():
                    for rec in recs:
                        if all(rec.labels.get(k) == v for k, v in labels.items()):
                            found.append(self._out(rec))
            if not found:
                raise ReleaseNotFoundError()
            return found

    def create(self, key: str, rel: Release) -> None:
        """Store a new record in the release's namespace; raises :class:`ReleaseExistsError`."""
        with self._lock:
            namespace = rel.namespace or DEFAULT_NAMESPACE
            self.set_namespace(namespace)
            recs = self._cache.setdefault(namespace, {}).setdefault(rel.name, [])
            if any(r.key == key for r in recs):
                raise ReleaseExistsError()
            recs.append(_Record(key, rel))

    def update(self, key: str, rel: Release) -> None:
        """Replace an existing record; raises :class:`ReleaseNotFoundError` when absent."""
        with self._lock:
            namespace = rel.namespace or DEFAULT_NAMESPACE
            self.set_namespace(namespace)
            recs = self._cache.get(namespace, {}).get(rel.name, [])
            for i, rec in enumerate(recs):
                if rec.key == key:
                    recs[i] = _Record(key, rel)
                    return
            raise ReleaseNotFoundError()

    def delete(self, key: str) -> Release:
        """Remove a record of the current namespace; raises :class:`ReleaseNotFoundError`."""
        with self._lock:
            name = _split_key(key)
            recs = self._cache.get(self.namespace, {}).get(name, [])
            for i, rec in enumerate(recs):
                if rec.key == key:
                    del recs[i]
                    return self._out(rec)
            raise ReleaseNotFoundError()


def load_memory_driver_data(mem: Memory, paths: builtins.list[str], namespace: str) -> None:
    """Preload releases from YAML files, as Helm's CLI does for ``HELM_MEMORY_DRIVER_DATA``.

    Args:
        mem: the memory driver to fill.
        paths: files (``HELM_MEMORY_DRIVER_DATA`` split on ``:``), each a YAML list of
            releases in their JSON field names.
        namespace: the namespace the driver acts in afterwards (``--namespace``).

    Raises :class:`StorageError` ``Unable to read memory driver data: ...`` /
    ``Unable to unmarshal memory driver data: ...`` (Helm exits with these), or the
    driver's errors (``release: already exists``).
    """
    from pyhelm.codec.yaml import YAMLError, load_list
    from pyhelm.release.codec import release_from_json
    from pyhelm.storage.storage import make_key

    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as err:
            raise StorageError(f"Unable to read memory driver data: {err}") from err
        try:
            items = load_list(data) or []
        except YAMLError as err:
            raise StorageError(f"Unable to unmarshal memory driver data: {err}") from err
        for obj in items:
            rel = release_from_json(obj if isinstance(obj, dict) else {})
            mem.create(make_key(rel.name, rel.version), rel)
    mem.set_namespace(namespace)
