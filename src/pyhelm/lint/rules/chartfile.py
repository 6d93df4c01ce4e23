"""Chart.yaml rules (Helm ``rules.Chartfile``)."""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

from pyhelm.chart.model import Metadata
from pyhelm.engine.runtime import go_quote
from pyhelm.lint.linter import ERROR, INFO, WARNING, Linter

CHART_FILE = "Chart.yaml"
_LOAD_PREFIX = f"cannot load {CHART_FILE}: "


def lint(linter: Linter) -> None:
    """Run every Chart.yaml rule, stopping after a Chart.yaml that cannot be parsed."""
    path = os.path.join(linter.chart_dir, CHART_FILE)
    is_dir = os.path.isdir(path)
    linter.run_rule(ERROR, CHART_FILE, "should be a file, not a directory" if is_dir else None)
    md, error = load_chartfile(path)
    if md is None:
        linter.run_rule(ERROR, CHART_FILE, f"unable to parse YAML\n\t{error}")
        return
    strict_error = strict_chartfile_error(path)
    if strict_error is not None:
        linter.run_rule(
            WARNING, CHART_FILE, f"failed to strictly parse chart metadata file\n\t{strict_error}"
        )
    raw = _raw_map(path)
    checks = [
        (ERROR, validate_name(md)),
        (ERROR, validate_api_version(md)),
        (ERROR, _string_type(raw, "version")),
        (ERROR, validate_version(md)),
        (ERROR, _string_type(raw, "appVersion")),
        (ERROR, validate_maintainers(md)),
        (ERROR, validate_sources(md)),
        (INFO, None if md.icon else "icon is recommended"),
        (ERROR, validate_icon_url(md)),
        (ERROR, validate_type(md)),
        (ERROR, validate_dependencies(md)),
        (WARNING, validate_strict_semver(md)),
    ]
    for severity, message in checks:
        linter.run_rule(severity, CHART_FILE, message)


def _read(path: str) -> tuple[bytes | None, str | None]:
    try:
        with open(path, "rb") as fh:
            return fh.read(), None
    except IsADirectoryError:
        return None, f"read {path}: is a directory"
    except OSError as err:
        return None, f"open {path}: {(err.strerror or '').lower()}"


def load_chartfile(path: str) -> tuple[Metadata | None, str | None]:
    """Helm ``LoadChartfile``: ``(metadata, None)`` or ``(None, error text)``."""
    from pyhelm.chart.metadata import parse_metadata

    data, error = _read(path)
    if data is None:
        return None, error
    try:
        return parse_metadata(data), None
    except Exception as err:  # DecodeError worded as Helm's loader words it
        text = str(err)
        return None, text[len(_LOAD_PREFIX) :] if text.startswith(_LOAD_PREFIX) else text


_KNOWN_FIELDS = {
    "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon",
    "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion",
    "dependencies", "type",
}  # fmt: skip
_NESTED_FIELDS = {
    "maintainers": {"name", "email", "url"},
    "dependencies": {
        "name",
        "version",
        "repository",
        "condition",
        "tags",
        "enabled",
        "import-values",
        "alias",
    },
}


def _known(key: str, fields: set[str]) -> str | None:
    """The field ``key`` selects, matched as encoding/json does (exact, then any case)."""
    if key in fields:
        return key
    return next((f for f in sorted(fields) if f.lower() == key.lower()), None)


def unknown_field(raw: dict[str, Any]) -> str | None:
    """The first field ``UnmarshalStrict`` rejects, visiting keys in JSON (sorted) order."""
    for key in sorted(raw):
        field = _known(key, _KNOWN_FIELDS)
        if field is None:
            return key
        nested = _NESTED_FIELDS.get(field)
        if nested is None or not isinstance(raw[key], list):
            continue
        for item in raw[key]:
            for sub in sorted(item) if isinstance(item, dict) else []:
                if _known(sub, nested) is None:
                    return sub
    return None


def strict_chartfile_error(path: str) -> str | None:
    """Helm ``StrictLoadChartfile``: the error for duplicate keys or unknown top-level fields."""
    data, _ = _read(path)
    if data is None:
        return None
    duplicates = duplicate_keys(data)
    if duplicates:
        lines = "".join(f"\n  line {line}: key {key} already set in map" for line, key in duplicates)
        return f"error converting YAML to JSON: yaml: unmarshal errors:{lines}"
    unknown = unknown_field(_raw_map(path))
    if unknown is not None:
        return f"error unmarshaling JSON: while decoding JSON: json: unknown field {go_quote(unknown)}"
    return None


def duplicate_keys(data: bytes) -> list[tuple[int, str]]:
    """Keys repeated within one mapping, as go-yaml's strict decoding reports them: ``(line, %#v key)``."""
    import yaml

    try:
        root = yaml.compose(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    found: list[tuple[int, str]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    ident = (key.tag, key.value)
                    if ident in seen:
                        shown = go_quote(key.value) if key.tag.endswith(":str") else key.value
                        found.append((key.start_mark.line + 1, shown))
                    seen.add(ident)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found)


def _raw_map(path: str) -> dict[str, Any]:
    """Chart.yaml as a plain map (Helm's ``loadChartFileForTypeCheck``); empty when unreadable."""
    from pyhelm.codec import yaml as goyaml

    data, _ = _read(path)
    if data is None:
        return {}
    try:
        value = goyaml.load(data)
    except Exception:
        return {}
    return value if isinstance(value, dict) else {}


def go_type_name(value: Any) -> str:
    """Go's ``%T`` of a value decoded from JSON."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}"


def _string_type(raw: dict[str, Any], key: str) -> str | None:
    if key not in raw:
        return None
    kind = go_type_name(raw[key])
    return None if kind == "string" else f"{key} should be of type string but it's of type {kind}"


def validate_name(md: Metadata) -> str | None:
    """The chart name is required and must be a single path element."""
    if not md.name:
        return "name is required"
    base = md.name.rstrip("/").rsplit("/", 1)[-1] if md.name.rstrip("/") else "/"
    if base != md.name:
        return f'chart name "{md.name}" is invalid'
    return None


def validate_api_version(md: Metadata) -> str | None:
    """apiVersion is required and must be v1 or v2."""
    if not md.api_version:
        return 'apiVersion is required. The value must be either "v1" or "v2"'
    if md.api_version not in ("v1", "v2"):
        return f'apiVersion \'{md.api_version}\' is not valid. The value must be either "v1" or "v2"'
    return None


def validate_version(md: Metadata) -> str | None:
    """version is required, a SemVer, and greater than 0.0.0-0 (Masterminds semver)."""
    from pyhelm.semver import Constraints, Version

    if not md.version:
        return "version is required"
    try:
        version = Version.parse(md.version)
    except ValueError:
        return f"version '{md.version}' is not a valid SemVer"
    ok, reasons = Constraints.parse(">0.0.0-0").validate(version)
    if not ok and reasons:
        return f"version {reasons[0]}"
    return None


def validate_strict_semver(md: Metadata) -> str | None:
    """A warning unless the version is strict SemVer 2 (Masterminds ``StrictNewVersion``)."""
    from pyhelm.semver import Version

    try:
        Version.parse_strict(md.version)
    except ValueError:
        return f"version '{md.version}' is not a valid SemVerV2"
    return None


def validate_maintainers(md: Metadata) -> str | None:
    """Each maintainer needs a name; email and url must be valid when given."""
    for m in md.maintainers:
        if m is None:
            return "a maintainer entry is empty"
        if not m.name:
            return "each maintainer requires a name"
        if m.email and not is_email(m.email):
            return f"invalid email '{m.email}' for maintainer '{m.name}'"
        if m.url and not is_url(m.url):
            return f"invalid url '{m.url}' for maintainer '{m.name}'"
    return None


def validate_sources(md: Metadata) -> str | None:
    """Every source must be an absolute request URL."""
    for source in md.sources:
        if not source or not is_request_url(source):
            return f"invalid source URL '{source}'"
    return None


def validate_icon_url(md: Metadata) -> str | None:
    """The icon, when set, must be an absolute request URL."""
    if md.icon and not is_request_url(md.icon):
        return f"invalid icon URL '{md.icon}'"
    return None


def validate_type(md: Metadata) -> str | None:
    """``type`` is only valid in apiVersion v2 charts."""
    if md.type and md.api_version != "v2":
        return f"chart type is not valid in apiVersion '{md.api_version}'. It is valid in apiVersion 'v2'"
    return None


def validate_dependencies(md: Metadata) -> str | None:
    """``dependencies`` are only valid in apiVersion v2 charts."""
    if md.dependencies and md.api_version != "v2":
        return (
            f"dependencies are not valid in the Chart file with apiVersion '{md.api_version}'. "
            "They are valid in apiVersion 'v2'"
        )
    return None


# --- govalidator's IsRequestURL / IsURL / IsEmail, as far as charts need them -------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_UNI = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
_ATOM = rf"[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~{_UNI}-]+"
_LABEL = rf"[A-Za-z0-9{_UNI}](?:[A-Za-z0-9._~{_UNI}-]*[A-Za-z0-9{_UNI}])?"
_TLD = rf"[A-Za-z{_UNI}](?:[A-Za-z0-9._~{_UNI}-]*[A-Za-z{_UNI}])?"
_EMAIL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_TLD}\.?$")
_HOST_CH = "A-Za-z0-9\u00a1-\uffff"
_URL = re.compile(
    r"^(?:(?:ftp|tcp|udp|wss?|https?)://)?(?:\S+(?::\S*)?@)?"
    r"(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]"
    rf"|[{_HOST_CH}](?:[{_HOST_CH}_-]*[{_HOST_CH}])?(?:[-.][{_HOST_CH}_]+)*)"
    r"\.?(?::\d{1,5})?(?:[/?#]\S*)?$"
)


def is_request_url(text: str) -> bool:
    """govalidator ``IsRequestURL``: Go's ``url.ParseRequestURI`` accepts it and it has a scheme."""
    if not _SCHEME.match(text) or _BAD_ESCAPE.search(text):
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return " " not in parts.netloc


def is_email(text: str) -> bool:
    """govalidator ``IsEmail``: dot-separated local atoms, @, labels and an alphabetic top-level label."""
    return bool(_EMAIL.match(text))


def is_url(text: str) -> bool:
    """govalidator ``IsURL``: Go's ``url.Parse`` accepts it and it matches govalidator's URL shape."""
    if not text or len(text) >= 2083 or len(text) <= 3 or text.startswith("."):
        return False
    candidate = "http://" + text if ":" in text and "://" not in text else text
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return False
    if parts.netloc.startswith(".") or _BAD_ESCAPE.search(text):
        return False
    if not parts.netloc and parts.path and "." not in parts.path:
        return False
    return bool(_URL.match(text))
