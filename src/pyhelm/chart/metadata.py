"""``Chart.yaml`` as Helm reads, validates and writes it (``pkg/chart/v2`` ``Metadata``).

Reading follows ``sigs.k8s.io/yaml.Unmarshal`` into the Go struct: go-yaml v2 values,
numbers and booleans stored into string fields become their text (floats through
``strconv.FormatFloat(f, 'g', -1, 32)``), then ``encoding/json`` decodes the object with
keys in sorted order, matching field names case-insensitively and reporting the first
type mismatch as Go does (``json: cannot unmarshal number into Go struct field
Metadata.keywords of type []string``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from pyhelm.chart.archive import ChartLoadError
from pyhelm.chart.model import Dependency, Lock, Maintainer, Metadata
from pyhelm.codec import gostruct
from pyhelm.codec.gostruct import format_float32  # noqa: F401 - part of this module's API
from pyhelm.engine.runtime import go_quote as _go_quote

API_VERSION_V1 = "v1"
API_VERSION_V2 = "v2"

_ALIAS_RE = re.compile(r"^[a-zA-Z0-9_-]+$")


class ValidationError(ChartLoadError):
    """Helm's ``chart.ValidationError``: ``str(err)`` is ``validation: <message>``."""

    def __init__(self, message: str) -> None:
        super().__init__(f"validation: {message}")
        self.message = message


class DecodeError(ChartLoadError):
    """A YAML document did not fit the Go struct; ``str(err)`` is sigs.k8s.io/yaml's message."""


# ---------------------------------------------------------------------------
# Go-typed decoding of YAML into the chart structs

_METADATA_STRUCTS: dict[str, list[tuple[str, str]]] = {
    "Metadata": [
        ("name", "string"), ("home", "string"), ("sources", "[]string"), ("version", "string"),
        ("description", "string"), ("keywords", "[]string"), ("maintainers", "[]*Maintainer"),
        ("icon", "string"), ("apiVersion", "string"), ("condition", "string"), ("tags", "string"),
        ("appVersion", "string"), ("deprecated", "bool"), ("annotations", "map[string]string"),
        ("kubeVersion", "string"), ("dependencies", "[]*Dependency"), ("type", "string"),
    ],
    "Maintainer": [("name", "string"), ("email", "string"), ("url", "string")],
    "Dependency": [
        ("name", "string"), ("version", "string"), ("repository", "string"), ("condition", "string"),
        ("tags", "[]string"), ("enabled", "bool"), ("import-values", "[]any"), ("alias", "string"),
    ],
    "Lock": [("generated", "time"), ("digest", "string"), ("dependencies", "[]*Dependency")],
}  # fmt: skip

_METADATA_TYPE_NAMES = {
    "[]*Maintainer": "[]*v2.Maintainer",
    "[]*Dependency": "[]*v2.Dependency",
    "*Maintainer": "v2.Maintainer",
    "*Dependency": "v2.Dependency",
    "[]any": "[]interface {}",
    "any": "interface {}",
    "time": "time.Time",
}

for _name, _fields in _METADATA_STRUCTS.items():
    gostruct.register(_name, _fields, _METADATA_TYPE_NAMES)

# A field type is a string: "string", "bool", "any", "[]T", "map[string]string",
# "*Maintainer", "*Dependency", "time".



def _load_go_yaml(data: bytes, what: str) -> Any:
    """go-yaml v2 values of the first document, errors worded as sigs.k8s.io/yaml words them."""
    from pyhelm.codec import yaml as goyaml

    try:
        return goyaml.load_go(data)
    except goyaml.YAMLError as err:
        raise DecodeError(f"cannot load {what}: error converting YAML to JSON: {err}") from None


def _decode_document(data: bytes, what: str, struct_name: str) -> dict[str, Any]:
    try:
        return gostruct.decode(_load_go_yaml(data, what), struct_name, "v2." + struct_name)
    except gostruct.GoStructError as err:
        raise DecodeError(f"cannot load {what}: {err}") from None


# ---------------------------------------------------------------------------
# building the model


def _maintainer(fields: dict[str, Any] | None) -> Maintainer | None:
    if fields is None:
        return None
    return Maintainer(name=fields.get("name", ""), email=fields.get("email", ""), url=fields.get("url", ""))


def _dependency(fields: dict[str, Any] | None) -> Dependency | None:
    if fields is None:
        return None
    return Dependency(
        name=fields.get("name", ""),
        version=fields.get("version", ""),
        repository=fields.get("repository", ""),
        condition=fields.get("condition", ""),
        tags=list(fields.get("tags") or []),
        enabled=bool(fields.get("enabled", False)),
        import_values=list(fields.get("import-values") or []),
        alias=fields.get("alias", ""),
    )


def _apply_metadata(md: Metadata, fields: dict[str, Any]) -> None:
    simple = {
        "name": "name", "home": "home", "version": "version", "description": "description",
        "icon": "icon", "apiVersion": "api_version", "condition": "condition", "tags": "tags",
        "appVersion": "app_version", "kubeVersion": "kube_version", "type": "type",
    }  # fmt: skip
    for json_name, attr in simple.items():
        if json_name in fields:
            setattr(md, attr, fields[json_name])
    if "deprecated" in fields:
        md.deprecated = fields["deprecated"]
    if fields.get("sources") is not None:
        md.sources = list(fields["sources"])
    if fields.get("keywords") is not None:
        md.keywords = list(fields["keywords"])
    if fields.get("annotations") is not None:
        md.annotations = dict(fields["annotations"])
    if fields.get("maintainers") is not None:
        md.maintainers = [_maintainer(m) for m in fields["maintainers"]]  # type: ignore[misc]
    if fields.get("dependencies") is not None:
        md.dependencies = [_dependency(d) for d in fields["dependencies"]]  # type: ignore[misc]


def parse_metadata(data: bytes, *, into: Metadata | None = None, what: str = "Chart.yaml") -> Metadata:
    """Decode ``Chart.yaml`` bytes into :class:`Metadata` (sigs.k8s.io/yaml ``Unmarshal``).

    ``into`` is updated in place when given (Helm decodes ``requirements.yaml`` into the
    already-loaded metadata). No validation and no apiVersion defaulting happen here.
    Raises :class:`DecodeError` with Helm's wording, e.g. ``cannot load Chart.yaml:
    error converting YAML to JSON: yaml: line 4: ...``.
    """
    md = into if into is not None else Metadata()
    _apply_metadata(md, _decode_document(data, what, "Metadata"))
    return md


def parse_lock(data: bytes, *, what: str = "Chart.lock") -> Lock:
    """Decode ``Chart.lock`` / ``requirements.lock`` into :class:`Lock`. Raises :class:`DecodeError`.

    ``generated`` keeps the RFC 3339 text as written (validated as Go's ``time.Time`` would be).
    """
    fields = _decode_document(data, what, "Lock")
    lock = Lock(digest=fields.get("digest") or "")
    lock.generated = fields.get("generated") or ""
    lock.dependencies = [_dependency(d) for d in fields.get("dependencies") or []]  # type: ignore[misc]
    return lock


# ---------------------------------------------------------------------------
# validation


def sanitize_string(text: str) -> str:
    """Helm's ``sanitizeString``: Unicode spaces become ``' '``, non-printable runes are dropped."""
    out = []
    for ch in text:
        if _is_go_space(ch):
            out.append(" ")
        elif _is_go_print(ch):
            out.append(ch)
    return "".join(out)


def _is_go_space(ch: str) -> bool:
    if ch in "\t\n\v\f\r \x85\xa0":
        return True
    return ord(ch) > 0xFF and unicodedata.category(ch) == "Zs" or ch in "\u2028\u2029"


def _is_go_print(ch: str) -> bool:
    if ch == " ":
        return True
    return unicodedata.category(ch)[0] in "LMNPS"


_SEMVER_RE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)


def is_valid_semver(text: str) -> bool:
    """Masterminds semver v3 ``NewVersion`` accepts ``text``."""
    try:
        from pyhelm.semver.version import Version

        Version.parse(text)
        return True
    except ImportError:  # pragma: no cover - the semver package is part of pyhelm
        pass
    except Exception:
        return False
    m = _SEMVER_RE.fullmatch(text)  # pragma: no cover
    if m is None:  # pragma: no cover
        return False
    pre = m.group(5) or ""  # pragma: no cover
    return all(not (p.isdigit() and len(p) > 1 and p[0] == "0") for p in pre.split(".") if pre)  # pragma: no cover


def _sanitize_list(items: list[str]) -> None:
    for i, item in enumerate(items):
        items[i] = sanitize_string(item)


def validate_maintainer(m: Maintainer | None) -> None:
    """Helm ``Maintainer.Validate``: nil entries are refused; strings are sanitized in place."""
    if m is None:
        raise ValidationError("maintainers must not contain empty or null nodes")
    m.name = sanitize_string(m.name)
    m.email = sanitize_string(m.email)
    m.url = sanitize_string(m.url)


def validate_dependency(d: Dependency | None) -> None:
    """Helm ``Dependency.Validate``: nil entries and bad alias characters are refused."""
    if d is None:
        raise ValidationError("dependencies must not contain empty or null nodes")
    d.name = sanitize_string(d.name)
    d.version = sanitize_string(d.version)
    d.repository = sanitize_string(d.repository)
    d.condition = sanitize_string(d.condition)
    _sanitize_list(d.tags)
    if d.alias and not _ALIAS_RE.match(d.alias):
        raise ValidationError(f"dependency {_go_quote(d.name)} has disallowed characters in the alias")


def validate(md: Metadata | None) -> None:
    """Helm's ``Metadata.Validate``: sanitize strings in place and check required fields.

    Raises :class:`ValidationError` (``validation: chart.metadata.name is required``,
    ``chart.metadata.name "a/b" is invalid``, ``chart.metadata.name "." is not allowed``,
    ``chart.metadata.version "x" is invalid``, ``chart.metadata.type must be application or
    library``, alias and duplicate-dependency errors...).
    """
    if md is None:
        raise ValidationError("chart.metadata is required")
    for attr in ("name", "description", "home", "icon", "condition", "tags", "app_version", "kube_version"):
        setattr(md, attr, sanitize_string(getattr(md, attr)))
    _sanitize_list(md.sources)
    _sanitize_list(md.keywords)
    if not md.api_version:
        raise ValidationError("chart.metadata.apiVersion is required")
    if not md.name:
        raise ValidationError("chart.metadata.name is required")
    if md.name in (".", ".."):
        raise ValidationError(f"chart.metadata.name {_go_quote(md.name)} is not allowed")
    if md.name != _go_base(md.name):
        raise ValidationError(f"chart.metadata.name {_go_quote(md.name)} is invalid")
    if not md.version:
        raise ValidationError("chart.metadata.version is required")
    if not is_valid_semver(md.version):
        raise ValidationError(f"chart.metadata.version {_go_quote(md.version)} is invalid")
    if md.type not in ("", "application", "library"):
        raise ValidationError("chart.metadata.type must be application or library")
    for m in md.maintainers:
        validate_maintainer(m)
    seen: set[str] = set()
    for d in md.dependencies:
        validate_dependency(d)
        key = d.alias or d.name
        if key in seen:
            raise ValidationError(f"more than one dependency with name or alias {_go_quote(key)}")
        seen.add(key)


def _go_base(name: str) -> str:
    trimmed = name.rstrip("/")
    if not trimmed:
        return "/" if name else "."
    return trimmed.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------
# output shapes


def maintainer_go_json(m: Maintainer) -> dict[str, Any]:
    """A maintainer as Helm marshals it (all fields omitempty)."""
    out: dict[str, Any] = {}
    for key, value in (("name", m.name), ("email", m.email), ("url", m.url)):
        if value:
            out[key] = value
    return out


def dependency_go_json(d: Dependency) -> dict[str, Any]:
    """A dependency as Helm marshals it: ``name`` and ``repository`` always, the rest omitempty."""
    out: dict[str, Any] = {"name": d.name}
    if d.version:
        out["version"] = d.version
    out["repository"] = d.repository
    optional: list[tuple[str, Any]] = [
        ("condition", d.condition), ("tags", d.tags), ("enabled", d.enabled),
        ("import-values", d.import_values), ("alias", d.alias),
    ]  # fmt: skip
    for key, value in optional:
        if value:
            out[key] = list(value) if isinstance(value, list) else value
    return out


def to_go_json(md: Metadata) -> dict[str, Any]:
    """``Metadata`` as Helm's ``json.Marshal`` shapes it, in Go field order, omitempty fields dropped.

    Used for ``helm show chart`` (via YAML), release records and ``toJson``.
    """
    fields: list[tuple[str, Any, Callable[[Any], Any] | None]] = [
        ("name", md.name, None), ("home", md.home, None), ("sources", md.sources, list),
        ("version", md.version, None), ("description", md.description, None),
        ("keywords", md.keywords, list),
        ("maintainers", md.maintainers, lambda ms: [maintainer_go_json(m) for m in ms]),
        ("icon", md.icon, None), ("apiVersion", md.api_version, None), ("condition", md.condition, None),
        ("tags", md.tags, None), ("appVersion", md.app_version, None), ("deprecated", md.deprecated, None),
        ("annotations", md.annotations, dict), ("kubeVersion", md.kube_version, None),
        ("dependencies", md.dependencies, lambda ds: [dependency_go_json(d) for d in ds]),
        ("type", md.type, None),
    ]  # fmt: skip
    out: dict[str, Any] = {}
    for key, value, convert in fields:
        if value:
            out[key] = convert(value) if convert else value
    return out


def lock_go_json(lock: Lock) -> dict[str, Any]:
    """``Lock`` as Helm marshals it (``generated``, ``digest``, ``dependencies``; none omitted)."""
    return {
        "generated": lock.generated or "0001-01-01T00:00:00Z",
        "digest": lock.digest,
        "dependencies": [dependency_go_json(d) for d in lock.dependencies] or None,
    }


def template_chart(md: Metadata, *, is_root: bool = True) -> dict[str, Any]:
    """The ``.Chart`` value templates see in Helm v4: a map with Go field names.

    Keys (sorted as Go prints maps): APIVersion, Annotations, AppVersion, Condition,
    Dependencies (maps: Alias Condition Enabled ImportValues Name Repository Tags
    Version), Deprecated, Description, Home, Icon, IsRoot, Keywords, KubeVersion,
    Maintainers (maps: Email Name URL), Name, Sources, Tags, Type, Version.
    """
    return {
        "APIVersion": md.api_version,
        "Annotations": dict(md.annotations),
        "AppVersion": md.app_version,
        "Condition": md.condition,
        "Dependencies": [_template_dependency(d) for d in md.dependencies],
        "Deprecated": md.deprecated,
        "Description": md.description,
        "Home": md.home,
        "Icon": md.icon,
        "IsRoot": is_root,
        "Keywords": list(md.keywords),
        "KubeVersion": md.kube_version,
        "Maintainers": [{"Email": m.email, "Name": m.name, "URL": m.url} for m in md.maintainers],
        "Name": md.name,
        "Sources": list(md.sources),
        "Tags": md.tags,
        "Type": md.type,
        "Version": md.version,
    }


def _template_dependency(d: Dependency) -> dict[str, Any]:
    return {
        "Alias": d.alias,
        "Condition": d.condition,
        "Enabled": d.enabled,
        "ImportValues": list(d.import_values),
        "Name": d.name,
        "Repository": d.repository,
        "Tags": list(d.tags),
        "Version": d.version,
    }
