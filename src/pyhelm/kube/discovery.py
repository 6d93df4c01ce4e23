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

__all__ = ["Discovery", "Mapping", "NoMatchError", "OpenAPISchema", "aggregate", "request_json"]


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
        self._openapi: OpenAPISchema | None = None
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Forget every cached group/version and the OpenAPI schema (Helm re-reads
        discovery after installing CRDs)."""
        with self._lock:
            self._cache.clear()
            self._openapi = None

    def openapi(self) -> OpenAPISchema:
        """The server's ``/openapi/v2`` document (cached), for client-side validation."""
        with self._lock:
            cached = self._openapi
        if cached is not None:
            return cached
        schema = OpenAPISchema(request_json(self._api, "GET", "/openapi/v2", timeout=120) or {})
        with self._lock:
            self._openapi = schema
        return schema

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


# -- OpenAPI v2 schema validation (kubectl's client-side validation) ----------------


def aggregate(errors: list[str]) -> str:
    """Kubernetes ``utilerrors.NewAggregate(...).Error()``: one message alone, several in brackets."""
    return errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"


def _value_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    return "string"


class OpenAPISchema:
    """The API server's OpenAPI v2 document as kubectl's validator reads it.

    :meth:`validate` follows kube-openapi's ``proto/validation``: unknown fields, missing
    required fields and type mismatches (a ``string`` schema accepts any scalar; numbers
    match ``integer`` and ``number``), ``null`` values skipped, map keys visited in order.
    """

    def __init__(self, document: dict[str, Any]) -> None:
        self.definitions: dict[str, Any] = document.get("definitions") or {}
        self.by_gvk: dict[tuple[str, str, str], str] = {}
        for name, schema in self.definitions.items():
            for gvk in schema.get("x-kubernetes-group-version-kind") or []:
                key = (gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", ""))
                self.by_gvk.setdefault(key, name)

    def validate(self, obj: Any) -> list[str]:
        """Errors of one decoded manifest object (``[]`` when valid or when no schema is known)."""
        if not isinstance(obj, dict):
            return []
        errors = []
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if api_version is None:
            errors.append("apiVersion not set")
        elif not isinstance(api_version, str):
            errors.append("apiVersion isn't string type")
        if kind is None:
            errors.append("kind not set")
        elif not isinstance(kind, str):
            errors.append("kind isn't string type")
        if errors:
            return errors
        if api_version == "v1" and kind == "List":
            for item in obj.get("items") or []:
                errors.extend(self.validate(item))
            return errors
        group, _, version = str(api_version).rpartition("/")
        name = self.by_gvk.get((group, version, str(kind)))
        if name is None:
            return []
        self._visit(obj, self.definitions[name], name, str(kind), errors)
        return errors

    def _resolve(self, schema: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
        ref = schema.get("$ref")
        while ref:
            path = ref.rsplit("/", 1)[-1]
            schema = self.definitions.get(path) or {}
            ref = schema.get("$ref")
        return schema, path

    def _visit(self, value: Any, schema: dict[str, Any], spath: str, ipath: str, errors: list[str]) -> None:
        schema, spath = self._resolve(schema, spath)
        stype = schema.get("type")
        if isinstance(stype, list):
            stype = stype[0] if len(stype) == 1 else None
        if stype is None and schema.get("properties") is None:
            return  # arbitrary value
        if stype in (None, "object"):
            if schema.get("properties") is not None:
                self._visit_kind(value, schema, spath, ipath, errors)
            else:
                self._visit_map(value, schema, spath, ipath, errors)
        elif stype == "array":
            self._visit_array(value, schema, spath, ipath, errors)
        else:
            self._visit_primitive(value, str(stype), spath, ipath, errors)

    @staticmethod
    def _type_error(ipath: str, spath: str, actual: str, expected: str) -> str:
        return f'ValidationError({ipath}): invalid type for {spath}: got "{actual}", expected "{expected}"'

    def _visit_kind(self, value: Any, schema: dict[str, Any], spath: str, ipath: str, errors: list[str]) -> None:
        if not isinstance(value, dict):
            errors.append(self._type_error(ipath, spath, _value_kind(value), "map"))
            return
        props = schema.get("properties") or {}
        preserve = bool(schema.get("x-kubernetes-preserve-unknown-fields"))
        for key in sorted(value):
            sub = value[key]
            if sub is None:
                continue
            if key in props:
                self._visit(sub, props[key], f"{spath}.{key}", f"{ipath}.{key}", errors)
            elif not preserve:
                errors.append(f'ValidationError({ipath}): unknown field "{key}" in {spath}')
        for required in schema.get("required") or []:
            if value.get(required) is None:
                errors.append(f'ValidationError({ipath}): missing required field "{required}" in {spath}')

    def _visit_map(self, value: Any, schema: dict[str, Any], spath: str, ipath: str, errors: list[str]) -> None:
        if not isinstance(value, dict):
            errors.append(self._type_error(ipath, spath, _value_kind(value), "map"))
            return
        sub_schema = schema.get("additionalProperties")
        if not isinstance(sub_schema, dict):
            return
        for key in sorted(value):
            if value[key] is not None:
                self._visit(value[key], sub_schema, spath, f"{ipath}.{key}", errors)

    def _visit_array(self, value: Any, schema: dict[str, Any], spath: str, ipath: str, errors: list[str]) -> None:
        if not isinstance(value, list):
            errors.append(self._type_error(ipath, spath, _value_kind(value), "array"))
            return
        items = schema.get("items")
        if isinstance(items, list):
            items = items[0] if items else None
        if not isinstance(items, dict):
            return
        for index, item in enumerate(value):
            if item is not None:
                self._visit(item, items, spath, f"{ipath}[{index}]", errors)

    def _visit_primitive(self, value: Any, stype: str, spath: str, ipath: str, errors: list[str]) -> None:
        actual = _value_kind(value)
        if actual not in ("map", "array"):
            if stype == "string":
                return
            if stype in ("integer", "number") and actual in ("integer", "number"):
                return
            if stype == "boolean" and actual == "boolean":
                return
        errors.append(self._type_error(ipath, spath, actual, stype))
