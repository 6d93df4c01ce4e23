"""Release records in Helm's storage format: JSON → gzip → base64.

Helm's storage drivers (``pkg/storage/driver/util.go``) keep each release revision as
``base64(gzip(json.Marshal(release)))``; reading accepts records without the gzip
layer (base64 of plain JSON), as Helm does for records written before compression.

The JSON is byte-compatible with Go's ``encoding/json`` of Helm's structs: fields in
declaration order, ``omitempty``/``omitzero`` honoured, times in RFC 3339 with
nanoseconds, ``[]byte`` as base64, map keys sorted, HTML characters escaped. Where Go
distinguishes a nil slice/map (``null``) from an empty one, a decoded chart
remembers which fields were ``null`` so that re-encoding reproduces the record.

Helm v4 charts also carry ``modtime`` (of Chart.yaml) and ``schemamodtime`` (of
values.schema.json): the chart model's ``modtime`` / ``schema_modtime`` (datetimes or
None), set by the loader and by decoding.
"""

from __future__ import annotations

import base64
import binascii
import enum
import gzip
import io
from typing import Any

from pyhelm.chart.model import Chart, Dependency, File, Lock, Maintainer, Metadata
from pyhelm.codec.json import JSONError, Struct, marshal, unmarshal
from pyhelm.release.model import (
    GoTime,
    Hook,
    HookExecution,
    HookPhase,
    Info,
    Release,
    Status,
    format_time,
    parse_time,
)

__all__ = [
    "DecodeError",
    "decode_release",
    "decode_release_json",
    "encode_release",
    "go_base64_decode",
    "encode_release_json",
    "release_from_json",
    "release_to_json",
]

GZIP_MAGIC = b"\x1f\x8b\x08"
GO_ZERO_TIME = "0001-01-01T00:00:00Z"

# Attribute set on decoded Chart objects: names of fields that were JSON null.
_NULLS_ATTR = "_go_json_nulls"


class DecodeError(ValueError):
    """A stored release record cannot be decoded; ``str(err)`` follows Go's wording."""


# ---------------------------------------------------------------------------
# encoding
# ---------------------------------------------------------------------------


def _str(value: Any) -> Any:
    """Enum members as their plain string values."""
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _time(value: Any) -> str | None:
    """A time for a pointer-typed JSON field: None (omitted) or RFC 3339 text."""
    if value is None:
        return None
    return format_time(value)


def _file_json(f: File) -> Struct:
    return Struct([
        ("name", f.name, False),
        ("data", bytes(f.data) if f.data is not None else None, False),
        ("modtime", _time(f.modtime), True),
    ])


def _has_raw(chart: Chart, name: str) -> bool:
    return any(f.name == name for f in chart.raw or [])


def _nil_when_empty(chart: Chart, attr: str) -> bool:
    """Whether an empty slice/map field is Go's nil (``null``) rather than empty.

    A decoded record remembers; for a chart loaded from files, Helm v4's loader leaves
    ``templates`` and ``files`` nil when there are none, and ``values`` nil unless the
    chart has a ``values.yaml`` (seen with the reference).
    """
    nulls = getattr(chart, _NULLS_ATTR, None)
    if nulls is not None:
        return attr in nulls
    if attr == "values":
        return not _has_raw(chart, "values.yaml")
    return True


def _files_json(chart: Chart, attr: str) -> list[Struct] | None:
    files = getattr(chart, attr)
    if not files:
        return None if _nil_when_empty(chart, attr) else []
    return [_file_json(f) for f in files]


def _dependency_json(dep: Dependency) -> Struct:
    return Struct([
        ("name", dep.name, False),
        ("version", dep.version, True),
        ("repository", dep.repository, False),
        ("condition", dep.condition, True),
        ("tags", list(dep.tags) if dep.tags else None, True),
        ("enabled", dep.enabled, True),
        ("import-values", list(dep.import_values) if dep.import_values else None, True),
        ("alias", dep.alias, True),
    ])


def _metadata_json(md: Metadata) -> Struct:
    return Struct([
        ("name", md.name, True),
        ("home", md.home, True),
        ("sources", md.sources, True),
        ("version", md.version, True),
        ("description", md.description, True),
        ("keywords", md.keywords, True),
        ("maintainers", [
            Struct([("name", m.name, True), ("email", m.email, True), ("url", m.url, True)])
            for m in md.maintainers
        ], True),
        ("icon", md.icon, True),
        ("apiVersion", md.api_version, True),
        ("condition", md.condition, True),
        ("tags", md.tags, True),
        ("appVersion", md.app_version, True),
        ("deprecated", md.deprecated, True),
        ("annotations", md.annotations, True),
        ("kubeVersion", md.kube_version, True),
        ("dependencies", [_dependency_json(d) for d in md.dependencies], True),
        ("type", md.type, True),
    ])


def _lock_json(lock: Lock | None) -> Struct | None:
    if lock is None:
        return None
    generated: Any = lock.generated
    if not isinstance(generated, str):
        generated = format_time(generated)
    elif not generated:
        generated = GO_ZERO_TIME
    else:
        try:  # Go holds a time.Time: re-printed in RFC 3339 with nanoseconds
            generated = format_time(parse_time(generated))
        except ValueError:
            pass
    return Struct([
        ("generated", generated, False),
        ("digest", lock.digest, False),
        ("dependencies", [_dependency_json(d) for d in lock.dependencies] or None, False),
    ])


def _chart_json(chart: Chart | None) -> Struct | None:
    if chart is None:
        return None
    values: Any = chart.values
    if not values and _nil_when_empty(chart, "values"):
        values = None
    schema_modtime = chart.schema_modtime
    return Struct([
        ("metadata", _metadata_json(chart.metadata) if chart.metadata is not None else None, False),
        ("lock", _lock_json(chart.lock), False),
        ("templates", _files_json(chart, "templates"), False),
        ("values", values, False),
        ("schema", chart.schema, False),
        # time.Time with omitempty: a struct is never "empty", so the zero time is written.
        ("schemamodtime", format_time(schema_modtime) if schema_modtime else GO_ZERO_TIME, False),
        ("files", _files_json(chart, "files"), False),
        ("modtime", _time(chart.modtime), True),
    ])


def _hook_execution_json(run: HookExecution) -> Struct:
    return Struct([
        ("started_at", _time(run.started_at), True),
        ("completed_at", _time(run.completed_at), True),
        ("phase", _str(run.phase), False),
    ])


def _hook_json(hook: Hook) -> Struct:
    return Struct([
        ("name", hook.name, True),
        ("kind", hook.kind, True),
        ("path", hook.path, True),
        ("manifest", hook.manifest, True),
        ("events", [_str(e) for e in hook.events or []], True),
        ("last_run", _hook_execution_json(hook.last_run or HookExecution()), True),
        ("weight", hook.weight, True),
        ("delete_policies", [_str(p) for p in hook.delete_policies or []], True),
        ("output_log_policies", [_str(p) for p in hook.output_log_policies or []], True),
    ])


def _info_json(info: Info | None) -> Struct | None:
    if info is None:
        return None
    return Struct([
        ("first_deployed", _time(info.first_deployed), True),
        ("last_deployed", _time(info.last_deployed), True),
        ("deleted", _time(info.deleted), True),
        ("description", info.description, True),
        ("status", _str(info.status), True),
        ("notes", info.notes, True),
        ("resources", info.resources, True),
    ])


def release_to_json(rel: Release) -> Struct:
    """The release as an ordered Go struct value for :func:`pyhelm.codec.json.marshal`."""
    return Struct([
        ("name", rel.name, True),
        ("info", _info_json(rel.info), True),
        ("chart", _chart_json(rel.chart), True),
        ("config", rel.config, True),
        ("manifest", rel.manifest, True),
        ("hooks", [_hook_json(h) for h in rel.hooks or []], True),
        ("version", rel.version, True),
        ("namespace", rel.namespace, True),
        ("apply_method", rel.apply_method, True),
    ])


def encode_release_json(rel: Release) -> str:
    """``json.Marshal(release)`` exactly as Helm's storage writes it (compact, HTML-escaped)."""
    return marshal(release_to_json(rel))


def encode_release(rel: Release) -> str:
    """Encode a release for storage as Helm's ``encodeRelease``: JSON → gzip (best) → base64.

    Returns the standard-base64 text stored in a Secret/ConfigMap's ``release`` key or
    the SQL ``body`` column. The JSON is Helm's byte for byte; the gzip stream is
    zlib's (Go's deflate differs in bytes, not in content).
    """
    raw = encode_release_json(rel).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    data = bytearray(buf.getvalue())
    data[9] = 255  # OS byte "unknown", as Go's gzip.Writer writes it
    return base64.b64encode(bytes(data)).decode("ascii")


# ---------------------------------------------------------------------------
# decoding
# ---------------------------------------------------------------------------


def decode_release(data: str | bytes) -> Release:
    """Decode a stored record (Helm ``decodeRelease``): base64 → gunzip if gzip → JSON.

    Args:
        data: the base64 text of a Secret/ConfigMap ``release`` key or SQL ``body``.

    Returns the :class:`Release` (``labels`` unset: they live in the storage object).
    Raises :class:`DecodeError` worded as Go's decoders: ``illegal base64 data at input
    byte N``, ``unexpected EOF`` / ``gzip: invalid header`` for a broken gzip stream,
    JSON syntax errors such as ``invalid character 'x' looking for beginning of value``.
    """
    text = data.decode("latin-1") if isinstance(data, (bytes, bytearray)) else data
    raw = go_base64_decode(text)
    if raw[:3] == GZIP_MAGIC:
        raw = _gunzip(raw)
    return decode_release_json(raw)


_B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _quantum_error(src: str, si: int) -> tuple[int, int | None]:
    """One 4-character quantum of Go's ``base64.StdEncoding`` decoder: (next index, error offset)."""
    j = 0
    while j < 4:
        if si == len(src):
            if j == 0:
                return si, None
            return si, si - j
        ch = src[si]
        si += 1
        if ch in _B64_ALPHABET:
            j += 1
            continue
        if ch in "\r\n":
            continue
        if ch != "=" or j < 2:
            return si, si - 1
        if j == 2:
            while si < len(src) and src[si] in "\r\n":
                si += 1
            if si == len(src):
                return si, len(src)
            if src[si] != "=":
                return si, si - 1
            si += 1
        while si < len(src) and src[si] in "\r\n":
            si += 1
        return si, (si if si < len(src) else None)
    return si, None


def go_base64_decode(text: str) -> bytes:
    """Standard base64 as Go's ``base64.StdEncoding.DecodeString``: CR/LF ignored, padding required.

    Raises :class:`DecodeError` ``illegal base64 data at input byte N`` with Go's offset.
    """
    si = 0
    while si < len(text):
        si, err = _quantum_error(text, si)
        if err is not None:
            raise DecodeError(f"illegal base64 data at input byte {err}")
    try:
        return base64.b64decode(text.replace("\r", "").replace("\n", "").encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as err:
        raise DecodeError(f"illegal base64 data at input byte 0: {err}") from err


def _gunzip(raw: bytes) -> bytes:
    """Decompress like Go's ``gzip.Reader`` + ``io.ReadAll``, with Go's error words."""
    import zlib

    try:
        return gzip.decompress(raw)
    except EOFError as err:
        raise DecodeError("unexpected EOF") from err
    except gzip.BadGzipFile as err:
        text = str(err)
        if "CRC" in text or "length" in text:
            raise DecodeError("gzip: invalid checksum") from err
        raise DecodeError("gzip: invalid header") from err
    except zlib.error as err:
        raise DecodeError("flate: corrupt input before offset 0") from err
    except OSError as err:
        raise DecodeError(f"gzip: {err}") from err


def decode_release_json(raw: str | bytes) -> Release:
    """Decode the JSON of a release record (``json.Unmarshal`` into ``release.Release``).

    Numbers in values/config become floats, as Go decodes them into ``interface{}``.
    Raises :class:`DecodeError` for invalid JSON or a record that is not an object.
    """
    try:
        obj = unmarshal(raw)
    except JSONError as err:
        raise DecodeError(str(err)) from err
    if not isinstance(obj, dict):
        raise DecodeError("json: cannot unmarshal into Go value of type release.Release")
    return release_from_json(obj)


def _opt_time(value: Any) -> GoTime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DecodeError("json: cannot unmarshal non-string into Go value of type time.Time")
    try:
        parsed = parse_time(value)
    except ValueError as err:
        raise DecodeError(str(err)) from err
    if parsed.year == 1 and parsed.month == 1 and parsed.day == 1 and not parsed.utcoffset() \
            and parsed.hour == 0 and parsed.minute == 0 and parsed.second == 0 and not parsed.nanosecond:
        return None  # Go's zero time
    return parsed


def _s(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _status(value: Any) -> Status | str:
    if not isinstance(value, str):
        return ""
    try:
        return Status(value)
    except ValueError:
        return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return int(value)


def _file_from_json(obj: Any) -> File:
    obj = obj if isinstance(obj, dict) else {}
    data = obj.get("data")
    return File(
        name=_s(obj, "name"),
        data=base64.b64decode(data) if isinstance(data, str) else b"",
        modtime=_opt_time(obj.get("modtime")),
    )


def _dependency_from_json(obj: Any) -> Dependency:
    obj = obj if isinstance(obj, dict) else {}
    return Dependency(
        name=_s(obj, "name"),
        version=_s(obj, "version"),
        repository=_s(obj, "repository"),
        condition=_s(obj, "condition"),
        tags=[t for t in obj.get("tags") or [] if isinstance(t, str)],
        enabled=bool(obj.get("enabled")),
        import_values=list(obj.get("import-values") or []),
        alias=_s(obj, "alias"),
    )


def _metadata_from_json(obj: dict[str, Any]) -> Metadata:
    return Metadata(
        name=_s(obj, "name"),
        home=_s(obj, "home"),
        sources=list(obj.get("sources") or []),
        version=_s(obj, "version"),
        description=_s(obj, "description"),
        keywords=list(obj.get("keywords") or []),
        maintainers=[
            Maintainer(name=_s(m, "name"), email=_s(m, "email"), url=_s(m, "url"))
            for m in obj.get("maintainers") or [] if isinstance(m, dict)
        ],
        icon=_s(obj, "icon"),
        api_version=_s(obj, "apiVersion"),
        condition=_s(obj, "condition"),
        tags=_s(obj, "tags"),
        app_version=_s(obj, "appVersion"),
        deprecated=bool(obj.get("deprecated")),
        annotations=dict(obj.get("annotations") or {}),
        kube_version=_s(obj, "kubeVersion"),
        dependencies=[_dependency_from_json(d) for d in obj.get("dependencies") or []],
        type=_s(obj, "type"),
    )


def _chart_from_json(obj: Any) -> Chart | None:
    if not isinstance(obj, dict):
        return None
    nulls = {k for k in ("templates", "values", "files") if obj.get(k) is None}
    md = obj.get("metadata")
    lock = obj.get("lock")
    schema = obj.get("schema")
    chart = Chart(
        metadata=_metadata_from_json(md) if isinstance(md, dict) else Metadata(),
        lock=Lock(
            generated=_s(lock, "generated"),
            digest=_s(lock, "digest"),
            dependencies=[_dependency_from_json(d) for d in lock.get("dependencies") or []],
        ) if isinstance(lock, dict) else None,
        templates=[_file_from_json(f) for f in obj.get("templates") or []],
        values=dict(obj.get("values") or {}),
        schema=base64.b64decode(schema) if isinstance(schema, str) else None,
        files=[_file_from_json(f) for f in obj.get("files") or []],
    )
    setattr(chart, _NULLS_ATTR, nulls)
    # Helm v4 charts carry modification times; the shared Chart model may not declare them.
    chart.schema_modtime = _opt_time(obj.get("schemamodtime"))
    chart.modtime = _opt_time(obj.get("modtime"))
    return chart


def _hook_from_json(obj: Any) -> Hook:
    obj = obj if isinstance(obj, dict) else {}
    run = obj.get("last_run") if isinstance(obj.get("last_run"), dict) else {}
    return Hook(
        name=_s(obj, "name"),
        kind=_s(obj, "kind"),
        path=_s(obj, "path"),
        manifest=_s(obj, "manifest"),
        events=list(obj.get("events") or []) or None,
        last_run=HookExecution(
            started_at=_opt_time(run.get("started_at")),
            completed_at=_opt_time(run.get("completed_at")),
            phase=_phase(run.get("phase")),
        ),
        weight=_int(obj.get("weight")),
        delete_policies=list(obj.get("delete_policies") or []) or None,
        output_log_policies=list(obj.get("output_log_policies") or []) or None,
    )


def _phase(value: Any) -> HookPhase | str:
    if not isinstance(value, str):
        return ""
    try:
        return HookPhase(value)
    except ValueError:
        return value


def _info_from_json(obj: Any) -> Info | None:
    if not isinstance(obj, dict):
        return None
    return Info(
        first_deployed=_opt_time(obj.get("first_deployed")),
        last_deployed=_opt_time(obj.get("last_deployed")),
        deleted=_opt_time(obj.get("deleted")),
        description=_s(obj, "description"),
        status=_status(obj.get("status")),
        notes=_s(obj, "notes"),
        resources=obj.get("resources") if isinstance(obj.get("resources"), dict) else None,
    )


def release_from_json(obj: dict[str, Any]) -> Release:
    """Build a :class:`Release` from its decoded JSON object (unknown fields ignored, as Go does)."""
    config = obj.get("config")
    return Release(
        name=_s(obj, "name"),
        info=_info_from_json(obj.get("info")),
        chart=_chart_from_json(obj.get("chart")),
        config=config if isinstance(config, dict) else None,
        manifest=_s(obj, "manifest"),
        hooks=[_hook_from_json(h) for h in obj.get("hooks") or []] or None,
        version=_int(obj.get("version")),
        namespace=_s(obj, "namespace"),
        apply_method=_s(obj, "apply_method"),
    )
