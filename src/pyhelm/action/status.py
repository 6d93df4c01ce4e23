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


# ---------------------------------------------------------------------------
# live resources (Helm kube.Client Build/BuildTable + Get(related=true))
# ---------------------------------------------------------------------------

TABLE_ACCEPT = (
    "application/json;as=Table;v=v1;g=meta.k8s.io,"
    "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
)

# Kinds whose pods Helm lists as "v1/Pod(related)" (kube getSelectorFromObject).
_SELECTOR_KINDS = {"ReplicationController", "ReplicaSet", "Deployment", "DaemonSet", "Job", "StatefulSet"}


def _get_json(kube_client: Any, path: str, *, accept: str = "application/json",
              query: list[tuple[str, str]] | None = None) -> Any:
    """GET ``path`` with an ``Accept`` header; raises ``ApiException`` for HTTP errors."""
    import json

    api = kube_client.api_client
    method, url, headers, body, post = api.param_serialize(
        method="GET", resource_path=path, query_params=list(query or []),
        header_params={"Accept": accept}, auth_settings=["BearerToken"],
    )
    resp = api.call_api(method, url, header_params=headers, body=body, post_params=post, _request_timeout=60)
    resp.read()
    if not 200 <= resp.status < 300:
        from kubernetes.client.exceptions import ApiException

        raise ApiException(http_resp=resp)
    data = resp.data
    return json.loads(data) if data else None


def _selector(obj: dict[str, Any]) -> dict[str, str] | None:
    spec = obj.get("spec") or {}
    if obj.get("kind") == "ReplicationController":
        return dict(spec.get("selector") or {})
    if obj.get("kind") in _SELECTOR_KINDS:
        return dict((spec.get("selector") or {}).get("matchLabels") or {})
    return None


def live_resources(kube_client: Any, namespace: str, manifest: str, *, table: bool = False) -> dict[str, list[Any]]:
    """The live objects of a release manifest, grouped by ``VERSION/KIND`` (Helm ``Client.Get``).

    With ``table`` the server's ``meta.k8s.io`` Table form of each object is fetched
    (what ``helm status`` prints), and no related pods; otherwise the objects
    themselves plus the pods their selectors match (``v1/Pod(related)``). Objects
    that cannot be read are left out. Raises
    :class:`pyhelm.kube.interface.KubeResourceError` when the manifest cannot be mapped.
    """
    from pyhelm.kube.resources import ResourceClient

    kube = ResourceClient(kube_client, namespace=namespace)
    resources = kube.build(manifest)
    out: dict[str, list[Any]] = {}
    seen_selectors: list[dict[str, str]] = []
    for info in resources:
        try:
            obj = _get_json(kube_client, kube.path_of(info), accept=TABLE_ACCEPT if table else "application/json")
        except Exception:  # noqa: BLE001 - Helm notes the failure and goes on
            continue
        out.setdefault(f"{info.version}/{info.kind}", []).append(obj)
        if table:
            continue
        selector = _selector(obj or {})
        if not selector or selector in seen_selectors:
            continue
        seen_selectors.append(selector)
        label = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
        pods = _get_json(kube_client, f"/api/v1/namespaces/{info.namespace}/pods",
                         query=[("labelSelector", label)])
        for pod in (pods or {}).get("items") or []:
            pod.setdefault("apiVersion", "v1")
            pod.setdefault("kind", "Pod")
            out.setdefault("v1/Pod(related)", []).append(pod)
    return out
