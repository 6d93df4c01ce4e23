"""Kubernetes-side checks the lint rules share: manifest documents and object names.

:func:`decode_documents` reads a manifest stream as apimachinery's
``NewYAMLOrJSONDecoder`` does into Helm's ``k8sYamlStruct`` (apiVersion, kind,
metadata.name/namespace); :func:`name_errors` applies the naming rule Kubernetes uses
for the object's kind (apimachinery ``validation``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyhelm.engine.runtime import go_quote


@dataclass
class K8sObject:
    """The fields of a manifest the linter looks at (Helm ``k8sYamlStruct``)."""

    api_version: str = ""
    kind: str = ""
    name: str = ""
    namespace: str = ""


class DecodeError(Exception):
    """A document could not be decoded; ``str(err)`` is apimachinery's message."""


_JSON_PREFIX = "error unmarshaling JSON: while decoding JSON: json: "


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _field(obj: dict[str, Any], name: str) -> Any:
    """Go's encoding/json field lookup: exact key first, then case-insensitive."""
    if name in obj:
        return obj[name]
    for key, value in obj.items():
        if key.lower() == name.lower():
            return value
    return None


def _string(value: Any, struct: str, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DecodeError(
            f"{_JSON_PREFIX}cannot unmarshal {_json_kind(value)} into Go struct field {struct}.{path} of type string"
        )
    return value


def to_object(value: Any) -> K8sObject | None:
    """Decode one document's value into :class:`K8sObject` (None for an empty document)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DecodeError(f"{_JSON_PREFIX}cannot unmarshal {_json_kind(value)} into Go value of type rules.k8sYamlStruct")
    obj = K8sObject(
        api_version=_string(_field(value, "apiVersion"), "k8sYamlStruct", "apiVersion"),
        kind=_string(_field(value, "Kind"), "k8sYamlStruct", "Kind"),
    )
    meta = _field(value, "Metadata")
    if meta is not None:
        if not isinstance(meta, dict):
            raise DecodeError(
                f"{_JSON_PREFIX}cannot unmarshal {_json_kind(meta)} into Go struct field "
                "k8sYamlStruct.Metadata of type rules.k8sYamlMetadata"
            )
        obj.namespace = _string(_field(meta, "Namespace"), "k8sYamlStruct", "Metadata.Namespace")
        obj.name = _string(_field(meta, "Name"), "k8sYamlStruct", "Metadata.Name")
    return obj


def decode_documents(text: str | bytes) -> Iterator[K8sObject | None]:
    """Yield each document of a manifest stream as :class:`K8sObject` (None when empty).

    Raises :class:`DecodeError` at the first document that fails, with sigs.k8s.io/yaml's
    message (``error converting YAML to JSON: yaml: line N: ...``).
    """
    from pyhelm.chart.loader import _split_documents
    from pyhelm.codec import yaml as goyaml

    data = text.encode() if isinstance(text, str) else text
    for doc in _split_documents(data):
        if not doc:
            yield None
            continue
        try:
            value = goyaml.load(doc)
        except goyaml.YAMLError as err:
            raise DecodeError(str(err)) from None
        yield to_object(value)


# --- object names -------------------------------------------------------------------------

_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")

_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
_DNS1035_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)


def _dns1123_subdomain(name: str) -> list[str]:
    errs = []
    if len(name) > 253:
        errs.append("must be no more than 253 characters")
    if not _DNS1123_SUBDOMAIN.match(name):
        errs.append(_SUBDOMAIN_MSG)
    return errs


def _dns1123_label(name: str) -> list[str]:
    errs = []
    if len(name) > 63:
        errs.append("must be no more than 63 characters")
    if not _DNS1123_LABEL.match(name):
        errs.append(_LABEL_MSG)
    return errs


def _dns1035_label(name: str) -> list[str]:
    errs = []
    if len(name) > 63:
        errs.append("must be no more than 63 characters")
    if not _DNS1035_LABEL.match(name):
        errs.append(_DNS1035_MSG)
    return errs


def _path_segment(name: str) -> list[str]:
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]


_NO_CHECK = {"certificatesigningrequest"}
_PATH_SEGMENT_KINDS = {"role", "clusterrole", "rolebinding", "clusterrolebinding"}


def name_errors(kind: str, name: str) -> list[str]:
    """The naming problems of ``name`` for an object of ``kind`` (Helm ``validateMetadataNameFunc``)."""
    lowered = kind.lower()
    if lowered in _NO_CHECK:
        return []
    if lowered in _PATH_SEGMENT_KINDS:
        return _path_segment(name)
    if lowered == "service":
        return _dns1035_label(name)
    if lowered == "namespace":
        return _dns1123_label(name)
    return _dns1123_subdomain(name)


def validate_metadata_name(obj: K8sObject) -> str | None:
    """Helm ``validateMetadataName``: the aggregated field errors, or None."""
    errs = [f"metadata.name: Invalid value: {go_quote(obj.name)}: {msg}" for msg in name_errors(obj.kind, obj.name)]
    if not errs:
        return None
    joined = errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]"
    return f"object name does not conform to Kubernetes naming requirements: {go_quote(obj.name)}: {joined}"
