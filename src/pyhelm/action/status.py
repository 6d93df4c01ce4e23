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
    """The pod selector of a manifest object, None when it has none (Helm ``getSelectorFromObject``)."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return None
    if obj.get("kind") == "ReplicationController":
        found = spec.get("selector")
    elif obj.get("kind") in _SELECTOR_KINDS:
        selector = spec.get("selector")
        found = selector.get("matchLabels") if isinstance(selector, dict) else None
    else:
        return None
    if not isinstance(found, dict):
        return None
    return {str(k): str(v) for k, v in found.items()}


def live_resources(kube_client: Any, namespace: str, manifest: str, *, table: bool = False) -> dict[str, list[Any]]:
    """The live objects of a release manifest, grouped by ``VERSION/KIND`` (Helm ``Client.Get``).

    With ``table`` the server's ``meta.k8s.io`` Table form of each object is fetched
    (what ``helm status`` prints), otherwise the objects themselves. The pods that
    the selectors of workloads in the manifest match are added under
    ``v1/Pod(related)`` (one Table of them per selector, or each pod). Objects that
    cannot be read are left out. Raises
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
        selector = _selector(info.obj)
        if selector is None or selector in seen_selectors:
            continue
        seen_selectors.append(selector)
        try:
            _add_related_pods(kube_client, info.namespace, selector, table, out)
        except Exception:  # noqa: BLE001 - Helm only logs a failed related-pod lookup
            continue
    return out


def _add_related_pods(kube_client: Any, namespace: str, selector: dict[str, str], table: bool,
                      out: dict[str, list[Any]]) -> None:
    label = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    pods = _get_json(kube_client, f"/api/v1/namespaces/{namespace}/pods",
                     accept=TABLE_ACCEPT if table else "application/json",
                     query=[("labelSelector", label)])
    if table:
        out.setdefault("v1/Pod(related)", []).append(pods)
        return
    for pod in (pods or {}).get("items") or []:
        pod.setdefault("apiVersion", "v1")
        pod.setdefault("kind", "Pod")
        out.setdefault("v1/Pod(related)", []).append(pod)
