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

from pyhelm.codec.gostruct import format_float32
from pyhelm.codec.json import go_type_name as _json_kind
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


_YAML_JSON_PREFIX = "error unmarshaling JSON: while decoding JSON: "


def json_field(obj: dict[Any, Any], name: str) -> Any:
    """Go's encoding/json field lookup: exact key first, then case-insensitive."""
    if name in obj:
        return obj[name]
    for key, value in obj.items():
        if isinstance(key, str) and key.lower() == name.lower():
            return value
    return None


def _raw_field(raw: Any, name: str) -> Any:
    """The go-yaml value of key ``name`` in a raw mapping (keys are ``(tag, value)`` pairs)."""
    if not isinstance(raw, dict):
        return None
    plain = {
        key[1]: value for key, value in raw.items() if isinstance(key, tuple) and isinstance(key[1], str)
    }
    return json_field(plain, name)


def _yaml_string(value: Any, raw: Any, path: str) -> str:
    """A string field decoded by sigs.k8s.io/yaml: YAML numbers and booleans become their text."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return format_float32(raw)
    raise DecodeError(
        f"{_YAML_JSON_PREFIX}json: cannot unmarshal {_json_kind(value)} into Go struct field "
        f"k8sYamlStruct.{path} of type string"
    )


def _json_string(value: Any, _raw: Any, path: str) -> str:
    """A string field decoded by encoding/json: anything but a string (or null) is an error."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DecodeError(
            f"json: cannot unmarshal {_json_kind(value)} into Go struct field k8sYamlStruct.{path} of type string"
        )
    return value


def to_object(value: Any, raw: Any = None, *, from_json: bool = False) -> K8sObject | None:
    """Decode one document into :class:`K8sObject` (None for an empty document).

    ``value`` is the document as JSON-shaped data; ``raw`` the go-yaml value (YAML
    documents), used to turn YAML numbers and booleans into strings as
    sigs.k8s.io/yaml does for string fields; ``from_json`` decodes as encoding/json
    does (no conversions, errors without the sigs.k8s.io/yaml prefix).
    """
    if value is None:
        return None
    prefix = "json: " if from_json else f"{_YAML_JSON_PREFIX}json: "
    string = _json_string if from_json else _yaml_string
    if not isinstance(value, dict):
        raise DecodeError(
            f"{prefix}cannot unmarshal {_json_kind(value)} into Go value of type rules.k8sYamlStruct"
        )
    obj = K8sObject(
        api_version=string(json_field(value, "apiVersion"), _raw_field(raw, "apiVersion"), "apiVersion"),
        kind=string(json_field(value, "Kind"), _raw_field(raw, "Kind"), "Kind"),
    )
    meta, raw_meta = json_field(value, "Metadata"), _raw_field(raw, "Metadata")
    if meta is not None:
        if not isinstance(meta, dict):
            raise DecodeError(
                f"{prefix}cannot unmarshal {_json_kind(meta)} into Go struct field "
                "k8sYamlStruct.Metadata of type rules.k8sYamlMetadata"
            )
        obj.namespace = string(
            json_field(meta, "Namespace"), _raw_field(raw_meta, "Namespace"), "Metadata.Namespace"
        )
        obj.name = string(json_field(meta, "Name"), _raw_field(raw_meta, "Name"), "Metadata.Name")
    return obj


def _yaml_chunks(data: bytes) -> Iterator[bytes]:
    """apimachinery's ``YAMLReader``: documents split on ``---`` lines, read lazily.

    Raises :class:`DecodeError` (``invalid Yaml document separator: ...``) on reaching a
    separator followed by anything but a comment.
    """
    buffer: list[bytes] = []
    for line in data.splitlines(keepends=True):
        if line.startswith(b"---"):
            rest = line[3:].decode("utf-8", "replace").strip()
            if rest and not rest.startswith("#"):
                raise DecodeError(f"invalid Yaml document separator: {rest}")
            if buffer:
                yield b"".join(buffer)
                buffer = []
            continue
        buffer.append(line)
    if buffer:
        yield b"".join(buffer)


def _yaml_object(chunk: bytes) -> K8sObject | None:
    """One YAML (or JSON) document through sigs.k8s.io/yaml into :class:`K8sObject`."""
    from pyhelm.codec import yaml as goyaml

    try:
        value = goyaml.load(chunk)
    except goyaml.YAMLError as err:
        raise DecodeError(str(err)) from None
    return to_object(value, goyaml.load_go(chunk) if value is not None else None)


def _yaml_documents(data: bytes, first_error: str | None = None) -> Iterator[K8sObject | None]:
    """The YAML documents of ``data``; ``first_error`` replaces the first document's error."""
    chunks = _yaml_chunks(data)
    first = True
    while True:
        try:
            chunk = next(chunks)
            obj = _yaml_object(chunk)
        except StopIteration:
            return
        except DecodeError:
            if first and first_error is not None:
                raise DecodeError(first_error) from None
            raise
        first = False
        yield obj


def _json_documents(data: bytes) -> Iterator[K8sObject | None]:
    """apimachinery's JSON stream: successive JSON values, each decoded as sigs.k8s.io/yaml does.

    When a value fails (syntax or type error) the rest of the stream is read as YAML
    instead; when that first YAML document fails too, the JSON error is reported
    (``json: offset N: ...``, ``json: cannot unmarshal ...``).
    """
    from pyhelm.codec.json import JSONError, _decode_text, _Decoder

    text, offsets = _decode_text(data)
    decoder = _Decoder(text, offsets)
    pos = 0
    while True:
        start = pos
        pos = decoder.skip_ws(pos)
        if pos >= decoder.n:
            return
        try:
            value, end = decoder.value(pos)
            obj = to_object(value, from_json=True)
        except JSONError as err:
            if "end of JSON input" in str(err) or err.offset > decoder.offset(decoder.n):
                raise DecodeError("unexpected EOF") from None
            yield from _yaml_documents(data[decoder.offset(start) :], f"json: offset {err.offset}: {err}")
            return
        except DecodeError as err:
            yield from _yaml_documents(data[decoder.offset(start) :], str(err))
            return
        yield obj
        pos = end


def decode_documents(text: str | bytes) -> Iterator[K8sObject | None]:
    """Yield each document of a manifest stream as :class:`K8sObject` (None when empty).

    Follows apimachinery's ``NewYAMLOrJSONDecoder``: a stream starting with ``{`` is read
    as JSON values, anything else as ``---``-separated YAML documents. Raises
    :class:`DecodeError` at the first document that fails, with the decoder's message
    (``error converting YAML to JSON: yaml: line N: ...``, ``json: offset N: ...``).
    """
    data = text.encode() if isinstance(text, str) else text
    if data.lstrip(b" \t\r\n\v\f").startswith(b"{"):
        yield from _json_documents(data)
    else:
        yield from _yaml_documents(data)


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
        # a dotted name that would be a fine subdomain gets the shorter hint
        errs.append("must not contain dots" if _DNS1123_SUBDOMAIN.match(name) else _LABEL_MSG)
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
    errs = [
        f"metadata.name: Invalid value: {go_quote(obj.name)}: {msg}"
        for msg in name_errors(obj.kind, obj.name)
    ]
    if not errs:
        return None
    joined = errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]"
    return f"object name does not conform to Kubernetes naming requirements: {go_quote(obj.name)}: {joined}"
