"""The Secrets driver (Helm ``driver.Secrets``, the default ``HELM_DRIVER``).

Each revision is a Secret named ``sh.helm.release.v1.<name>.v<revision>`` of type
``helm.sh/release.v1`` whose data key ``release`` holds the encoded record
(:func:`pyhelm.release.codec.encode_release`). Its labels are the release's custom
labels plus ``name``, ``owner=helm``, ``status``, ``version`` and ``createdAt`` (on
create) or ``modifiedAt`` (on update), in Unix seconds — exactly what Helm writes.

:class:`KubeObjectDriver` holds what Secrets and ConfigMaps share; the ConfigMaps
driver (:mod:`.configmaps`) differs only in the object it writes.
"""

from __future__ import annotations

import base64
import builtins
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

from pyhelm.release.codec import DecodeError, decode_release, encode_release
from pyhelm.release.model import Release
from pyhelm.storage.driver import (
    Driver,
    Filter,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
    check_label_values,
    filter_system_labels,
    go_quote,
    label_selector,
    system_labels,
)

__all__ = ["KubeObjectDriver", "Secrets", "api_error"]

log = logging.getLogger(__name__)

RELEASE_TYPE = "helm.sh/release.v1"


class KubeAPIError(StorageError):
    """A Kubernetes API request of a driver failed; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


def api_error(err: Exception) -> KubeAPIError:
    """Turn a ``kubernetes`` library exception into a :class:`KubeAPIError` with the server's message."""
    from pyhelm.kube.client import api_error_message, describe_error

    status = int(getattr(err, "status", 0) or 0)
    if status:
        return KubeAPIError(api_error_message(err), status)
    return KubeAPIError(describe_error(err, ""), 0)


class KubeObjectDriver(Driver):
    """Release records kept as namespaced Kubernetes objects (Secrets or ConfigMaps).

    ``client`` is a :class:`pyhelm.kube.client.KubeClient`; ``namespace`` the namespace
    the records live in (``""``: list and query every namespace).
    """

    kind = ""
    #: Prefix Helm puts before API errors of each operation (Secrets only).
    wrap_errors = False

    def __init__(self, client: Any, namespace: str = "default") -> None:
        self.client = client
        self.namespace = namespace

    # -- object specifics (overridden) ---------------------------------------

    def _payload(self, obj: dict[str, Any]) -> str:
        raise NotImplementedError

    def _object(self, key: str, encoded: str, labels: dict[str, str]) -> dict[str, Any]:
        raise NotImplementedError

    def _api(self, verb: str) -> Any:
        core = self.client.core_v1()
        plural = "secret" if self.kind == "Secret" else "config_map"
        return getattr(core, verb.format(plural))

    # -- helpers ------------------------------------------------------------

    def _wrap(self, op: str, err: Exception) -> StorageError:
        api = api_error(err)
        if self.wrap_errors:
            return KubeAPIError(f"{op}: {api}", api.status)
        return api

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            resp = self._api("read_namespaced_{}")(key, self.namespace, _preload_content=False)
        except Exception as err:  # noqa: BLE001 - ApiException and transport errors
            if getattr(err, "status", None) == 404:
                return None
            raise self._wrap(f"get: failed to get {go_quote(key)}", err) from err
        return json.loads(resp.data)

    def _list(self, selector: str, op: str) -> builtins.list[dict[str, Any]]:
        try:
            if self.namespace:
                resp = self._api("list_namespaced_{}")(
                    self.namespace, label_selector=selector, _preload_content=False
                )
            else:
                resp = self._api("list_{}_for_all_namespaces")(
                    label_selector=selector, _preload_content=False
                )
        except Exception as err:  # noqa: BLE001
            raise self._wrap(op, err) from err
        return list(json.loads(resp.data).get("items") or [])

    def _decode(self, obj: dict[str, Any]) -> Release:
        return decode_release(self._payload(obj))

    @staticmethod
    def _labels(obj: dict[str, Any]) -> dict[str, str]:
        return dict((obj.get("metadata") or {}).get("labels") or {})

    # -- Driver -------------------------------------------------------------

    def name(self) -> str:
        """``Secret`` or ``ConfigMap``."""
        return self.kind

    def get(self, key: str) -> Release:
        """The release stored in object ``key`` (custom labels attached).

        Raises :class:`ReleaseNotFoundError`, :class:`KubeAPIError`, or
        :class:`StorageError` when the record cannot be decoded.
        """
        obj = self._read(key)
        if obj is None:
            raise ReleaseNotFoundError()
        try:
            rel = self._decode(obj)
        except DecodeError as err:
            if self.wrap_errors:
                raise StorageError(f"get: failed to decode data {go_quote(key)}: {err}") from err
            raise StorageError(str(err)) from err
        rel.labels = filter_system_labels(self._labels(obj))
        return rel

    def list(self, filter: Filter) -> builtins.list[Release]:  # noqa: A002 - Helm's name
        """Releases of objects labelled ``owner=helm`` that pass ``filter``.

        Records that fail to decode are skipped (Helm logs them). Each release's
        ``labels`` are all of its object's labels, as Helm's List sets them.
        """
        found = []
        for obj in self._list("owner=helm", "list: failed to list"):
            try:
                rel = self._decode(obj)
            except DecodeError as err:
                log.debug("list: failed to decode release %s: %s", obj.get("metadata", {}).get("name"), err)
                continue
            rel.labels = self._labels(obj)
            if filter(rel):
                found.append(rel)
        return found

    def query(self, labels: Mapping[str, str]) -> builtins.list[Release]:
        """Releases whose objects carry all of ``labels``.

        Raises :class:`StorageError` ``invalid label value: ...`` for a value Kubernetes
        would reject, :class:`ReleaseNotFoundError` when nothing matches.
        """
        check_label_values(labels)
        items = self._list(label_selector(labels), "query: failed to query with labels")
        if not items:
            raise ReleaseNotFoundError()
        found = []
        for obj in items:
            try:
                rel = self._decode(obj)
            except DecodeError as err:
                log.debug("query: failed to decode release: %s", err)
                continue
            rel.labels = self._labels(obj)
            found.append(rel)
        return found

    def _record_labels(self, rel: Release, stamp: str) -> dict[str, str]:
        labels = dict(rel.labels or {})
        labels[stamp] = str(int(time.time()))
        labels.update(rel.labels or {})
        labels.update(system_labels(rel))
        return labels

    def create(self, key: str, rel: Release) -> None:
        """Create the object for a new revision; raises :class:`ReleaseExistsError` when it exists."""
        body = self._object(key, encode_release(rel), self._record_labels(rel, "createdAt"))
        try:
            self._api("create_namespaced_{}")(self.namespace, body, _preload_content=False)
        except Exception as err:  # noqa: BLE001
            if getattr(err, "status", None) == 409:
                raise ReleaseExistsError() from err
            raise self._wrap("create: failed to create", err) from err

    def update(self, key: str, rel: Release) -> None:
        """Replace the object of a revision (labels rewritten with ``modifiedAt``)."""
        body = self._object(key, encode_release(rel), self._record_labels(rel, "modifiedAt"))
        try:
            self._api("replace_namespaced_{}")(key, self.namespace, body, _preload_content=False)
        except Exception as err:  # noqa: BLE001
            raise self._wrap("update: failed to update", err) from err

    def delete(self, key: str) -> Release:
        """Delete the object of a revision and return its release; raises :class:`ReleaseNotFoundError`."""
        rel = self.get(key)
        try:
            self._api("delete_namespaced_{}")(key, self.namespace, _preload_content=False)
        except Exception as err:  # noqa: BLE001
            raise api_error(err) from err
        return rel


class Secrets(KubeObjectDriver):
    """Helm's default driver: one ``helm.sh/release.v1`` Secret per revision."""

    kind = "Secret"
    wrap_errors = True

    def _payload(self, obj: dict[str, Any]) -> str:
        data = (obj.get("data") or {}).get("release") or ""
        # The API returns Secret data base64-encoded; inside is Helm's own base64 text.
        return base64.b64decode(data).decode("ascii", "replace")

    def _object(self, key: str, encoded: str, labels: dict[str, str]) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": key, "labels": labels},
            "type": RELEASE_TYPE,
            "data": {"release": base64.b64encode(encoded.encode("ascii")).decode("ascii")},
        }
