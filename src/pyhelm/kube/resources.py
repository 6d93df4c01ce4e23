"""Helm's ``pkg/kube.Client`` on a :class:`pyhelm.kube.client.KubeClient`.

:class:`ResourceClient` implements :class:`pyhelm.kube.interface.KubeInterface`: build
resources from manifests through discovery, create/apply (server-side apply, field
manager ``helm``), replace, delete, wait for readiness, watch hooks, dry-run, logs.
Ownership helpers follow Helm's ``pkg/action/validate.go``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from pyhelm.kube.discovery import Discovery, Mapping, NoMatchError, request_json
from pyhelm.kube.interface import (
    KubeResourceError,
    ResourceInfo,
    ResourceList,
    Result,
    WaitTimeoutError,
)
from pyhelm.kube.ready import JobFailedError, ReadyChecker, job_progress_message, kstatus_message
from pyhelm.kube.wait import Pending, poll

__all__ = [
    "FIELD_MANAGER",
    "MANAGED_BY_LABEL",
    "RELEASE_NAME_ANNOTATION",
    "RELEASE_NAMESPACE_ANNOTATION",
    "RESOURCE_POLICY_ANNOTATION",
    "ResourceClient",
    "check_ownership",
    "set_ownership_metadata",
]

FIELD_MANAGER = "helm"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY_HELM = "Helm"
RELEASE_NAME_ANNOTATION = "meta.helm.sh/release-name"
RELEASE_NAMESPACE_ANNOTATION = "meta.helm.sh/release-namespace"
RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy"
KEEP_POLICY = "keep"

_APPLY = "application/apply-patch+yaml"
_PROPAGATION = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}


# -- ownership (pkg/action/validate.go) --------------------------------------


def set_ownership_metadata(resources: ResourceList, release_name: str, release_namespace: str) -> None:
    """Add Helm's ownership label and annotations to every object, in place (Helm's
    ``setMetadataVisitor``): ``app.kubernetes.io/managed-by: Helm``,
    ``meta.helm.sh/release-name`` and ``meta.helm.sh/release-namespace``."""
    for info in resources:
        meta = info.obj.setdefault("metadata", {})
        labels = meta.get("labels") or {}
        labels[MANAGED_BY_LABEL] = MANAGED_BY_HELM
        meta["labels"] = labels
        annotations = meta.get("annotations") or {}
        annotations[RELEASE_NAME_ANNOTATION] = release_name
        annotations[RELEASE_NAMESPACE_ANNOTATION] = release_namespace
        meta["annotations"] = annotations


def _require(values: dict[str, Any], key: str, want: str) -> str | None:
    if key not in values:
        return f'missing key "{key}": must be set to "{want}"'
    if values[key] != want:
        return f'key "{key}" must equal "{want}": current value is "{values[key]}"'
    return None


def check_ownership(live: dict[str, Any], release_name: str, release_namespace: str) -> str | None:
    """Helm's ``checkOwnership``: ``None`` when the live object belongs to the release, else
    ``invalid ownership metadata; label validation error: ...; annotation validation error: ...``."""
    meta = live.get("metadata") or {}
    labels = meta.get("labels") or {}
    annotations = meta.get("annotations") or {}
    errs = []
    for prefix, values, key, want in (
        ("label", labels, MANAGED_BY_LABEL, MANAGED_BY_HELM),
        ("annotation", annotations, RELEASE_NAME_ANNOTATION, release_name),
        ("annotation", annotations, RELEASE_NAMESPACE_ANNOTATION, release_namespace),
    ):
        problem = _require(values, key, want)
        if problem:
            errs.append(f"{prefix} validation error: {problem}")
    if not errs:
        return None
    return "; ".join(["invalid ownership metadata", *errs])


def resource_string(info: ResourceInfo) -> str:
    """Helm's ``resourceString``: ``KIND "NAME" in namespace "NS"``."""
    return f'{info.kind} "{info.name}" in namespace "{info.namespace}"'


# -- helpers -------------------------------------------------------------------


def _ints(value: Any) -> Any:
    """Integral floats (YAML numbers as Go reads them) back to ints, as unstructured JSON does."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ints(v) for v in value]
    return value


def _api_message(err: Any) -> str:
    from pyhelm.kube.client import api_error_message

    return api_error_message(err)


def _status(err: Any) -> int:
    return int(getattr(err, "status", 0) or 0)


def _flatten(obj: Any) -> list[dict[str, Any]]:
    """Expand ``kind: ...List`` objects into their items (the builder's ``Flatten``)."""
    if isinstance(obj, dict) and str(obj.get("kind", "")).endswith("List") and isinstance(obj.get("items"), list):
        out: list[dict[str, Any]] = []
        for item in obj["items"]:
            out.extend(_flatten(item))
        return out
    return [obj]


class ResourceClient:
    """Helm's ``kube.Client``: every :class:`~pyhelm.kube.interface.KubeInterface` method.

    ``client`` is a :class:`pyhelm.kube.client.KubeClient`; ``namespace`` defaults to its
    namespace (``default`` when empty); ``field_manager`` names Helm in managedFields;
    ``poll_interval`` is the seconds between readiness checks.
    """

    def __init__(
        self,
        client: Any,
        *,
        namespace: str | None = None,
        field_manager: str = FIELD_MANAGER,
        poll_interval: float = 2.0,
    ) -> None:
        self.client = client
        self.namespace = namespace or getattr(client, "namespace", "") or "default"
        self.field_manager = field_manager
        self.poll_interval = poll_interval
        self._discovery: Discovery | None = None

    # -- plumbing ------------------------------------------------------------

    @property
    def discovery(self) -> Discovery:
        """The cached :class:`~pyhelm.kube.discovery.Discovery` of the cluster."""
        if self._discovery is None:
            self._discovery = Discovery(self.client.api_client)
        return self._discovery

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        """One API call; HTTP errors stay ``ApiException``, transport failures become
        :class:`KubeResourceError` worded as Go's ``net/http`` (``Get "URL": dial tcp ...``)."""
        from kubernetes.client.exceptions import ApiException

        from pyhelm.kube.client import describe_error

        try:
            return request_json(self.client.api_client, method, path, **kwargs)
        except ApiException:
            raise
        except KubeResourceError:
            raise
        except Exception as err:  # noqa: BLE001 - urllib3/socket failures
            url = f"{self.client.config.host}{path}"
            text = describe_error(err, url)
            verb = method.title()
            if text.startswith("Get ") and verb != "Get":
                text = verb + text[3:]
            raise KubeResourceError(text) from err

    @staticmethod
    def _path(group: str, version: str, resource: str, namespace: str, name: str = "") -> str:
        base = f"/apis/{group}/{version}" if group else f"/api/{version}"
        if namespace:
            base += f"/namespaces/{namespace}"
        base += f"/{resource}"
        return f"{base}/{name}" if name else base

    def path_of(self, info: ResourceInfo, *, collection: bool = False) -> str:
        """The REST path of a resource (or of its collection)."""
        ns = info.namespace if info.namespaced else ""
        return self._path(info.group, info.version, info.resource, ns, "" if collection else info.name)

    def _live(self, info: ResourceInfo) -> dict[str, Any] | None:
        from kubernetes.client.exceptions import ApiException

        try:
            return self._request("GET", self.path_of(info))
        except ApiException as err:
            if _status(err) == 404:
                return None
            raise KubeResourceError(_api_message(err)) from err

    def _list(self, api_path: str, namespace: str, selector: str) -> list[dict[str, Any]]:
        from kubernetes.client.exceptions import ApiException

        prefix, _, resource = api_path.rpartition("/")
        path = f"/{prefix}/namespaces/{namespace}/{resource}" if namespace else f"/{api_path}"
        query = [("labelSelector", selector)] if selector else []
        try:
            body = self._request("GET", path, query=query)
        except ApiException as err:
            raise KubeResourceError(f"failed to list pods: {_api_message(err)}") from err
        return list((body or {}).get("items") or [])

    # -- KubeInterface -------------------------------------------------------

    def is_reachable(self) -> None:
        """Raise ``kubernetes cluster unreachable: ...`` (:class:`UnreachableError`) or return."""
        self.client.is_reachable()

    def refresh_discovery(self) -> None:
        """Forget cached discovery (after CRDs were installed)."""
        self.discovery.refresh()

    def build(self, manifest: str, *, validate: bool = False) -> ResourceList:
        """Parse a YAML stream into resources mapped through discovery, in order.

        Namespaced objects without a namespace get :attr:`namespace`. ``validate``
        checks each document against the server's OpenAPI schema first, as kubectl's
        client-side validation does (Helm validates on install and upgrade). Raises
        :class:`KubeResourceError`: ``error validating "": error validating data: ...``
        for the first invalid document; otherwise the mapping/decoding errors of all
        documents aggregated (``[e1, e2]`` when several), e.g. ``resource mapping not
        found for name: "N" namespace: "NS" from "": no matches for kind "K" in version
        "G/V"`` + ``ensure CRDs are installed first``.
        """
        from pyhelm.codec import yaml as goyaml
        from pyhelm.kube.discovery import aggregate
        from pyhelm.releaseutil.manifest import split_manifests

        out = ResourceList()
        errors: list[str] = []
        for doc in split_manifests(manifest or ""):
            try:
                value = goyaml.load(doc)
            except Exception as err:  # noqa: BLE001 - any parse failure is a decode error
                raise KubeResourceError(f"error converting YAML to JSON: {err}") from err
            if value is None:
                continue
            value = _ints(value)
            if validate:
                problems = self._validate(value)
                if problems:
                    raise KubeResourceError(f'error validating "": error validating data: {aggregate(problems)}')
            for obj in _flatten(value):
                try:
                    out.append(self._info(obj))
                except KubeResourceError as err:
                    errors.append(str(err))
        if errors:
            raise KubeResourceError(aggregate(errors))
        return out

    def _validate(self, value: Any) -> list[str]:
        from kubernetes.client.exceptions import ApiException

        try:
            schema = self.discovery.openapi()
        except ApiException as err:
            raise KubeResourceError(_api_message(err)) from err
        return schema.validate(value)

    def _info(self, obj: Any) -> ResourceInfo:
        if not isinstance(obj, dict) or not obj.get("kind") or not obj.get("apiVersion"):
            import json

            raw = json.dumps(obj, sort_keys=True, separators=(",", ":"))
            raise KubeResourceError(f"unable to decode \"\": Object 'Kind' is missing in '{raw}'")
        meta = obj.setdefault("metadata", {}) or {}
        obj["metadata"] = meta
        _check_meta_types(meta)
        name = str(meta.get("name") or "")
        raw_ns = str(meta.get("namespace") or "")
        try:
            mapping: Mapping = self.discovery.mapping(str(obj["apiVersion"]), str(obj["kind"]))
        except NoMatchError as err:
            raise KubeResourceError(
                f'resource mapping not found for name: "{name}" namespace: "{raw_ns}" from "": {err}\n'
                "ensure CRDs are installed first"
            ) from err
        except Exception as err:  # noqa: BLE001 - discovery failures (ApiException, transport)
            if hasattr(err, "status"):
                raise KubeResourceError(_api_message(err)) from err
            from pyhelm.kube.client import describe_error

            group, _, version = str(obj["apiVersion"]).rpartition("/")
            path = f"/apis/{group}/{version}" if group else f"/api/{version}"
            raise KubeResourceError(describe_error(err, f"{self.client.config.host}{path}")) from err
        namespace = ""
        if mapping.namespaced:
            namespace = raw_ns or self.namespace
            meta["namespace"] = namespace
        return ResourceInfo(
            obj=obj, group=mapping.group, version=mapping.version, kind=mapping.kind,
            resource=mapping.resource, namespaced=mapping.namespaced, name=name, namespace=namespace,
        )

    # -- writing -------------------------------------------------------------

    def _apply(self, info: ResourceInfo, *, force: bool, dry_run: bool = False) -> dict[str, Any]:
        """Server-side apply one object (Helm's ``patchResourceServerSide``)."""
        from kubernetes.client.exceptions import ApiException

        query = [("fieldManager", self.field_manager), ("force", "true" if force else "false")]
        if dry_run:
            query.append(("dryRun", "All"))
        try:
            return self._request("PATCH", self.path_of(info), query=query, body=info.obj, content_type=_APPLY)
        except ApiException as err:
            msg = _api_message(err)
            if _status(err) == 415:
                raise KubeResourceError(f"server-side apply not available on the server: {msg}") from err
            if _status(err) == 409:
                raise KubeResourceError(
                    f"conflict occurred while applying object {info.namespace}/{info.name} "
                    f"{self._gvk(info)}: {msg}") from err
            raise KubeResourceError(
                f"server-side apply failed for object {info.namespace}/{info.name} {self._gvk(info)}: {msg}"
            ) from err

    @staticmethod
    def _gvk(info: ResourceInfo) -> str:
        """client-go's ``GroupVersionKind.String()``: ``apps/v1, Kind=Deployment``, ``/v1, Kind=Pod``."""
        return f"{info.group}/{info.version}, Kind={info.kind}"

    def _post(self, info: ResourceInfo) -> dict[str, Any]:
        from kubernetes.client.exceptions import ApiException

        try:
            return self._request("POST", self.path_of(info, collection=True),
                                 query=[("fieldManager", self.field_manager)], body=info.obj)
        except ApiException as err:
            raise KubeResourceError(_api_message(err)) from err

    def _create_one(self, info: ResourceInfo, *, server_side: bool, force: bool) -> None:
        if server_side:
            self._apply(info, force=force)
        else:
            self._post(info)

    def create(self, resources: ResourceList, *, server_side: bool = True,
               force_conflicts: bool = False) -> Result:
        """Create every resource in order (Helm v4 ``Client.Create``).

        Helm v4 creates with server-side apply by default (so an object that already
        exists is applied, not refused; actions check conflicts first with
        :meth:`existing_resource_conflict`); ``server_side=False`` POSTs instead, and an
        existing object then fails with ``KIND "NAME" already exists``. Errors of all
        objects are joined with newlines in :class:`KubeResourceError`.
        """
        errors = []
        for info in resources:
            try:
                self._create_one(info, server_side=server_side, force=force_conflicts)
            except KubeResourceError as err:
                errors.append(str(err))
        if errors:
            raise KubeResourceError("\n".join(errors))
        return Result(created=ResourceList(resources))

    def existing_resource_conflict(
        self, resources: ResourceList, release_name: str, release_namespace: str,
        *, take_ownership: bool = False,
    ) -> ResourceList:
        """Helm's ``existingResourceConflict``: the resources that already exist (to adopt).

        Raises :class:`KubeResourceError` ``KIND "NAME" in namespace "NS" exists and cannot
        be imported into the current release: invalid ownership metadata; ...`` for one
        not owned by the release (unless ``take_ownership``); actions prefix it with
        ``unable to continue with install: ``.
        """
        existing = ResourceList()
        for info in resources:
            try:
                live = self._live(info)
            except KubeResourceError as err:
                raise KubeResourceError(
                    f"could not get information about the resource {resource_string(info)}: {err}") from err
            if live is None:
                continue
            if not take_ownership:
                problem = check_ownership(live, release_name, release_namespace)
                if problem:
                    raise KubeResourceError(
                        f"{resource_string(info)} exists and cannot be imported into the current release: {problem}")
            existing.append(info)
        return existing

    def _replace(self, info: ResourceInfo, live: dict[str, Any]) -> None:
        """PUT the object over the live one (Helm's ``replaceResource``)."""
        from kubernetes.client.exceptions import ApiException

        body = dict(info.obj)
        meta = dict(body.get("metadata") or {})
        meta["resourceVersion"] = (live.get("metadata") or {}).get("resourceVersion")
        body["metadata"] = meta
        try:
            self._request("PUT", self.path_of(info), query=[("fieldManager", self.field_manager)], body=body)
        except ApiException as err:
            raise KubeResourceError(f"failed to replace object: {_api_message(err)}") from err

    def _merge_patch(self, info: ResourceInfo) -> None:
        from kubernetes.client.exceptions import ApiException

        try:
            self._request("PATCH", self.path_of(info), query=[("fieldManager", self.field_manager)],
                          body=info.obj, content_type="application/merge-patch+json")
        except ApiException as err:
            raise KubeResourceError(
                f'cannot patch "{info.name}" with kind {info.kind}: {_api_message(err)}') from err

    def _owner_problem(self, info: ResourceInfo, live: dict[str, Any]) -> str | None:
        annotations = (info.obj.get("metadata") or {}).get("annotations") or {}
        name = annotations.get(RELEASE_NAME_ANNOTATION)
        if name is None:
            return None
        problem = check_ownership(live, name, annotations.get(RELEASE_NAMESPACE_ANNOTATION, ""))
        if problem is None:
            return None
        return f"{resource_string(info)} exists and cannot be imported into the current release: {problem}"

    def update(
        self,
        original: ResourceList,
        target: ResourceList,
        *,
        force_replace: bool = False,
        server_side: bool = True,
        force_conflicts: bool = True,
        take_ownership: bool = False,
    ) -> Result:
        """Make the cluster match ``target`` (Helm v4 ``Client.Update``).

        Missing objects are created; existing ones are server-side applied (or PUT over
        the live object with ``force_replace``, or merge-patched with
        ``server_side=False``); objects only in ``original`` are deleted (background)
        unless annotated ``helm.sh/resource-policy: keep``. An existing object that is
        not in ``original`` must carry the ownership metadata of the release named in
        the target's annotations unless ``take_ownership``. Raises
        :class:`KubeResourceError` (``failed to create resource: ...``, update errors
        joined by `` && ``).
        """
        result = Result()
        original_keys = {r.key() for r in original}
        errors: list[str] = []
        for info in target:
            try:
                live = self._live(info)
            except KubeResourceError as err:
                raise KubeResourceError(f"could not get information about the resource: {err}") from err
            if live is None:
                result.created.append(info)
                try:
                    self._create_one(info, server_side=server_side and not force_replace, force=force_conflicts)
                except KubeResourceError as err:
                    raise KubeResourceError(f"failed to create resource: {err}") from err
                continue
            if info.key() not in original_keys and not take_ownership:
                problem = self._owner_problem(info, live)
                if problem:
                    raise KubeResourceError(problem)
            try:
                if force_replace:
                    self._replace(info, live)
                elif server_side:
                    self._apply(info, force=force_conflicts)
                else:
                    self._merge_patch(info)
            except KubeResourceError as err:
                errors.append(str(err))
            result.updated.append(info)
        if errors:
            raise KubeResourceError(" && ".join(errors))
        errors = self._delete_obsolete(original.difference(target), result)
        if errors:
            raise KubeResourceError(" && ".join(errors))
        return result

    def _delete_obsolete(self, obsolete: ResourceList, result: Result) -> list[str]:
        errors = []
        for info in obsolete:
            try:
                live = self._live(info)
            except KubeResourceError:
                continue
            if live is None:
                continue
            annotations = (live.get("metadata") or {}).get("annotations") or {}
            if annotations.get(RESOURCE_POLICY_ANNOTATION) == KEEP_POLICY:
                continue
            try:
                self._delete_one(info, "Background")
            except KubeResourceError as err:
                if getattr(err, "status", 0) != 404:
                    errors.append(f"failed to delete resource {info.name}: {err}")
                continue
            result.deleted.append(info)
        return errors

    def _delete_one(self, info: ResourceInfo, policy: str) -> None:
        from kubernetes.client.exceptions import ApiException

        body = {"apiVersion": "v1", "kind": "DeleteOptions", "propagationPolicy": policy}
        try:
            self._request("DELETE", self.path_of(info), body=body)
        except ApiException as err:
            error = KubeResourceError(_api_message(err))
            error.status = _status(err)  # type: ignore[attr-defined]
            raise error from err

    def delete(self, resources: ResourceList, *, propagation: str = "background") -> tuple[Result, list[Exception]]:
        """Delete resources with a propagation policy (``background``/``foreground``/``orphan``).

        As Helm's ``Client.Delete``: objects already gone count as deleted; other failures
        are collected (one :class:`KubeResourceError` each) and the rest still deleted.
        """
        policy = _PROPAGATION.get(propagation.lower(), propagation)
        result = Result()
        errors: list[Exception] = []
        for info in resources:
            try:
                self._delete_one(info, policy)
            except KubeResourceError as err:
                if getattr(err, "status", 0) != 404:
                    errors.append(err)
                    continue
            result.deleted.append(info)
        return result, errors

    # -- waiting -------------------------------------------------------------

    def wait(
        self,
        resources: ResourceList,
        timeout: float,
        *,
        wait_for_jobs: bool = False,
        progress: Callable[[str], None] | None = None,
        strategy: str = "watcher",
    ) -> None:
        """Block until every resource is ready (seconds ``timeout``; 0 means 30s).

        ``strategy`` is Helm v4's ``--wait`` value: ``watcher`` (the default: kstatus
        rules, :func:`pyhelm.kube.ready.kstatus`; paused Deployments skipped),
        ``legacy`` (Helm 3's ``ReadyChecker`` rules, :class:`pyhelm.kube.ready.ReadyChecker`)
        or ``hookOnly`` (no wait). ``progress`` receives a line whenever what a resource
        waits for changes. Raises :class:`WaitTimeoutError` (``resource KIND/NS/NAME not
        ready. status: InProgress, message: ...`` lines + ``context deadline exceeded``),
        or :class:`KubeResourceError` as soon as only failed resources are left
        (``status: Failed``, e.g. a failed Job with ``wait_for_jobs``).
        """
        if strategy == "hookOnly":
            return
        interval = self.poll_interval
        if strategy == "legacy":
            check = self._legacy_check(resources, wait_for_jobs)
        elif strategy == "watcher":
            check = self._watcher_check(resources, wait_for_jobs)
            interval = min(interval, 1.0)  # Helm watches; poll often enough to end promptly
        else:
            raise KubeResourceError(
                f"unknown wait strategy (s{strategy}). Valid values are: watcher, hookOnly, legacy")
        poll(check, timeout, interval=interval, progress=progress)

    def _watcher_check(self, resources: ResourceList, wait_for_jobs: bool) -> Callable[[], list[Pending]]:
        from pyhelm.kube.ready import CURRENT, FAILED, kstatus

        watched = ResourceList(
            r for r in resources
            if not ((r.group, r.kind) == ("apps", "Deployment") and (r.obj.get("spec") or {}).get("paused"))
        )

        def check() -> list[Pending]:
            pending = []
            for info in watched:
                state, message = kstatus(self._live(info), check_jobs=wait_for_jobs)
                if state != CURRENT:
                    where = f"{info.namespace}/{info.name}" if info.namespace else info.name
                    pending.append(Pending(info.kind, info.namespace, info.name, state, message,
                                           f"{info.kind} is not ready: {where}. {message}"))
            if pending and all(p.status == FAILED for p in pending):
                raise KubeResourceError("\n".join(p.error_line() for p in pending))
            return pending

        return check

    def _legacy_check(self, resources: ResourceList, wait_for_jobs: bool) -> Callable[[], list[Pending]]:
        checker = ReadyChecker(self._live, self._list, check_jobs=wait_for_jobs)

        def check() -> list[Pending]:
            pending = []
            for info in resources:
                try:
                    ok, reason = checker.is_ready(info)
                except JobFailedError as err:
                    failed = checker.live.get(info.key()) or {}
                    raise KubeResourceError(_failed_line(info, _job_failed_message(failed))) from err
                if not ok:
                    live = checker.live.get(info.key())
                    status = "NotFound" if live is None else "InProgress"
                    pending.append(Pending(info.kind, info.namespace, info.name, status,
                                           kstatus_message(live), reason))
            return pending

        return check

    def wait_for_delete(self, resources: ResourceList, timeout: float) -> None:
        """Block until every resource is gone; raises :class:`WaitTimeoutError` worded as
        Helm v4 (``resource KIND/NS/NAME still exists. status: Terminating, message:
        Resource scheduled for deletion`` lines + ``context deadline exceeded``)."""

        def check() -> list[Pending]:
            pending = []
            for info in resources:
                live = self._live(info)
                if live is None:
                    continue
                if (live.get("metadata") or {}).get("deletionTimestamp"):
                    status, message = "Terminating", "Resource scheduled for deletion"
                else:
                    status, message = "Current", "Resource is current"
                pending.append(Pending(info.kind, info.namespace, info.name, status, message,
                                       f"{info.kind} still exists: {info.namespace}/{info.name}"))
            return pending

        try:
            poll(check, timeout, interval=min(self.poll_interval, 1.0))
        except WaitTimeoutError as err:
            raise WaitTimeoutError(str(err).replace(" not ready. status:", " still exists. status:")) from err

    def watch_until_ready(self, resources: ResourceList, timeout: float) -> None:
        """For hooks: block until Jobs complete and Pods succeed; other kinds are ready at once.

        A failed Job or Pod raises :class:`KubeResourceError` at once with Helm v4's
        wording (``resource Job/NS/NAME not ready. status: Failed, message: Job Failed.
        failed: 1/1``); the timeout raises :class:`WaitTimeoutError`.
        """
        watched = ResourceList(r for r in resources if (r.group, r.kind) in {("batch", "Job"), ("", "Pod")})

        def check() -> list[Pending]:
            pending = []
            for info in watched:
                live = self._live(info)
                item = _hook_pending(info, live)
                if item is not None:
                    pending.append(item)
            return pending

        poll(check, timeout, interval=min(self.poll_interval, 1.0))

    # -- reading -------------------------------------------------------------

    def get(self, resources: ResourceList) -> list[dict[str, Any]]:
        """Live objects for the resources, in order; missing ones omitted."""
        out = []
        for info in resources:
            live = self._live(info)
            if live is not None:
                out.append(live)
        return out

    def dry_run(self, resources: ResourceList) -> list[str]:
        """Server-side dry-run apply of each resource (``dryRun=All``); one message per
        resource the API server rejects (its ``Status`` message)."""
        problems = []
        for info in resources:
            try:
                self._apply(info, force=True, dry_run=True)
            except KubeResourceError as err:
                problems.append(str(err))
        return problems

    def pod_logs(self, name: str, namespace: str) -> str:
        """The logs of every container of a pod, concatenated in container order.

        Raises :class:`KubeResourceError` (``failed to stream pod logs for pod: NAME,
        container: C``) when a container's logs cannot be read.
        """
        from kubernetes.client.exceptions import ApiException

        try:
            pod = self._request("GET", f"/api/v1/namespaces/{namespace}/pods/{name}")
        except ApiException as err:
            raise KubeResourceError(_api_message(err)) from err
        chunks = []
        for container in (pod.get("spec") or {}).get("containers") or []:
            cname = container.get("name", "")
            try:
                text = self._raw_get(f"/api/v1/namespaces/{namespace}/pods/{name}/log", [("container", cname)])
            except ApiException as err:
                raise KubeResourceError(
                    f"failed to stream pod logs for pod: {name}, container: {cname}") from err
            chunks.append(text)
        return "".join(chunks)

    def _raw_get(self, path: str, query: list[tuple[str, str]]) -> str:
        api = self.client.api_client
        method, url, headers, body, post = api.param_serialize(
            method="GET", resource_path=path, query_params=query, header_params={"Accept": "*/*"},
            auth_settings=["BearerToken"])
        resp = api.call_api(method, url, header_params=headers, body=body, post_params=post, _request_timeout=60)
        resp.read()
        if not 200 <= resp.status < 300:
            from kubernetes.client.exceptions import ApiException

            raise ApiException(http_resp=resp)
        data = resp.data
        return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data or "")


def _json_type(value: Any) -> str:
    """The JSON type name Go's ``encoding/json`` reports in an ``UnmarshalTypeError``."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _check_meta_types(meta: dict[str, Any]) -> None:
    """Reject non-string names, namespaces, labels and annotations as decoding into
    ``ObjectMeta`` does (``unable to decode "": json: cannot unmarshal bool into Go struct
    field ObjectMeta.metadata.name of type string``)."""
    def fail(value: Any, field: str) -> KubeResourceError:
        return KubeResourceError(
            f'unable to decode "": json: cannot unmarshal {_json_type(value)} into Go struct '
            f"field ObjectMeta.metadata.{field} of type string")

    for field in ("name", "namespace", "generateName"):
        value = meta.get(field)
        if value is not None and not isinstance(value, str):
            raise fail(value, field)
    for field in ("labels", "annotations"):
        values = meta.get(field)
        if isinstance(values, dict):
            for value in values.values():
                if value is not None and not isinstance(value, str):
                    raise fail(value, field)


def _failed_line(info: ResourceInfo, message: str) -> str:
    return f"resource {info.kind}/{info.namespace}/{info.name} not ready. status: Failed, message: {message}"


def _job_failed_message(job: dict[str, Any]) -> str:
    status = job.get("status") or {}
    completions = (job.get("spec") or {}).get("completions")
    total = 1 if completions is None else int(completions)
    return f"Job Failed. failed: {int(status.get('failed') or 0)}/{total}"


def _hook_pending(info: ResourceInfo, live: dict[str, Any] | None) -> Pending | None:
    """Helm v4's hook status readers: ``None`` when done; raises when failed."""
    if live is None:
        return Pending(info.kind, info.namespace, info.name, "NotFound", "Resource not found",
                       f"{info.kind} not found: {info.namespace}/{info.name}")
    status = live.get("status") or {}
    if info.kind == "Pod":
        phase = status.get("phase")
        if phase == "Succeeded":
            return None
        if phase == "Failed":
            raise KubeResourceError(_failed_line(info, f"pod {info.name} failed"))
        return Pending(info.kind, info.namespace, info.name, "InProgress", "Pod in progress",
                       f"Pod is not completed: {info.namespace}/{info.name}")
    conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
    backoff = int((live.get("spec") or {}).get("backoffLimit", 6))
    if conditions.get("Failed") == "True" or int(status.get("failed") or 0) > backoff:
        raise KubeResourceError(_failed_line(info, _job_failed_message(live)))
    completions = (live.get("spec") or {}).get("completions")
    if conditions.get("Complete") == "True" or (
        completions is not None and int(status.get("succeeded") or 0) >= int(completions)
    ):
        return None
    message = job_progress_message(live)
    return Pending(info.kind, info.namespace, info.name, "InProgress", message,
                   f"Job is not completed: {info.namespace}/{info.name}. {message}")
