"""apiVersion/kind → REST resource mapping from the API server's discovery documents.

Follows client-go's deferred discovery REST mapper as Helm's ``kube.Client`` uses it:
each ``group/version`` is fetched once (``GET /api/v1`` or ``GET /apis/GROUP/VERSION``)
and cached until :meth:`Discovery.refresh` (called after CRDs are installed).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["Discovery", "Mapping", "NoMatchError", "request_json"]


@dataclass(frozen=True)
class Mapping:
    """One kind's REST mapping: ``resource`` is the plural name, ``namespaced`` its scope."""

    group: str
    version: str
    kind: str
    resource: str
    namespaced: bool


class NoMatchError(Exception):
    """No resource of the kind is served in the version (client-go ``NoKindMatchError``).

    ``str(err)`` is ``no matches for kind "KIND" in version "GROUP/VERSION"``.
    """

    def __init__(self, group: str, version: str, kind: str) -> None:
        gv = f"{group}/{version}" if group else version
        super().__init__(f'no matches for kind "{kind}" in version "{gv}"')
        self.group, self.version, self.kind = group, version, kind


def request_json(
    api_client: Any,
    method: str,
    path: str,
    *,
    query: list[tuple[str, str]] | None = None,
    body: Any = None,
    content_type: str | None = None,
    timeout: float | None = 60,
) -> Any:
    """Send one raw request through a ``kubernetes`` ``ApiClient`` and decode its JSON reply.

    ``path`` is the URL path (``/api/v1/namespaces/x/pods``), ``query`` its parameters,
    ``body`` a JSON-serialisable value. Returns the decoded body (``None`` when empty).
    Raises ``kubernetes.client.exceptions.ApiException`` for HTTP errors.
    """
    headers = {"Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    elif body is not None:
        headers["Content-Type"] = "application/json"
    method_, url, hdrs, payload, post = api_client.param_serialize(
        method=method,
        resource_path=path,
        query_params=list(query or []),
        header_params=headers,
        body=body,
        auth_settings=["BearerToken"],
    )
    resp = api_client.call_api(
        method_, url, header_params=hdrs, body=payload, post_params=post, _request_timeout=timeout
    )
    resp.read()
    if not 200 <= resp.status < 300:
        from kubernetes.client.exceptions import ApiException

        raise ApiException(http_resp=resp)
    data = resp.data
    if not data:
        return None
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    try:
        return json.loads(data)
    except ValueError:
        return data


class Discovery:
    """Cached discovery of the resources an API server serves.

    ``api_client`` is a ``kubernetes.client.ApiClient``. Thread-safe; one cache entry
    per group/version (missing group/versions are cached as empty).
    """

    def __init__(self, api_client: Any) -> None:
        self._api = api_client
        self._cache: dict[tuple[str, str], dict[str, Mapping]] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Forget every cached group/version (Helm re-reads discovery after installing CRDs)."""
        with self._lock:
            self._cache.clear()

    def mapping(self, api_version: str, kind: str) -> Mapping:
        """The REST mapping of ``kind`` in ``api_version`` (``apps/v1``, ``v1``).

        Raises :class:`NoMatchError` when the server does not serve it; API errors
        other than 404 propagate as ``ApiException``.
        """
        group, _, version = api_version.rpartition("/")
        kinds = self._kinds(group, version)
        found = kinds.get(kind)
        if found is None:
            raise NoMatchError(group, version, kind)
        return found

    def _kinds(self, group: str, version: str) -> dict[str, Mapping]:
        key = (group, version)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        kinds = self._fetch(group, version)
        with self._lock:
            self._cache[key] = kinds
        return kinds

    def _fetch(self, group: str, version: str) -> dict[str, Mapping]:
        from kubernetes.client.exceptions import ApiException

        if not version:
            return {}
        path = f"/apis/{group}/{version}" if group else f"/api/{version}"
        try:
            doc = request_json(self._api, "GET", path)
        except ApiException as err:
            if err.status in (404, 503):
                return {}
            raise
        kinds: dict[str, Mapping] = {}
        for res in (doc or {}).get("resources") or []:
            name = res.get("name", "")
            if "/" in name or not res.get("kind"):
                continue  # subresources (deployments/scale...)
            kinds.setdefault(
                res["kind"], Mapping(group, version, res["kind"], name, bool(res.get("namespaced")))
            )
        return kinds
