"""A chart repository's ``index.yaml`` (Helm ``pkg/repo/v1/index.go``).

:class:`IndexFile` holds ``apiVersion``, ``generated``, ``entries`` (chart name →
:class:`ChartVersion` list, newest first once sorted), ``publicKeys`` and
``annotations``. Loading accepts JSON or YAML (strictly: unknown fields are errors),
skips invalid entries, and sorts; writing produces the YAML Helm writes
(sigs.k8s.io/yaml: keys sorted) or Go's indented JSON, atomically.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json as _stdjson
import os
import posixpath
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pyhelm.chart.metadata import ValidationError, to_go_json, validate
from pyhelm.chart.model import Dependency, Maintainer, Metadata
from pyhelm.codec import json as gojson
from pyhelm.codec import yaml as goyaml
from pyhelm.fsutil import atomic_write
from pyhelm.repo import gotime
from pyhelm.semver import Constraints, SemverError, Version

API_VERSION_V1 = "v1"


class IndexError_(Exception):
    """Loading or querying an index failed; the message is Helm's."""


ERR_NO_API_VERSION = "no API version specified"
ERR_NO_CHART_VERSION = "no chart version found"
ERR_NO_CHART_NAME = "no chart name found"
ERR_EMPTY_INDEX = "empty index.yaml file"

_METADATA_FIELDS = {
    "name": "string", "home": "string", "sources": "[]string", "version": "string",
    "description": "string", "keywords": "[]string", "maintainers": "maintainers", "icon": "string",
    "apiVersion": "string", "condition": "string", "tags": "string", "appVersion": "string",
    "deprecated": "bool", "annotations": "map[string]string", "kubeVersion": "string",
    "dependencies": "dependencies", "type": "string",
}  # fmt: skip
_VERSION_FIELDS = {
    "urls": "[]string", "created": "time", "removed": "bool", "digest": "string", "checksum": "string",
    "engine": "string", "tillerVersion": "string", "url": "string",
}  # fmt: skip
_INDEX_FIELDS = {"serverInfo", "apiVersion", "generated", "entries", "publicKeys", "annotations"}


@dataclass
class ChartVersion:
    """One chart version in an index (Helm ``repo.ChartVersion``): metadata plus download data."""

    metadata: Metadata = field(default_factory=Metadata)
    urls: list[str] | None = None
    created: str = gotime.ZERO_TIME
    removed: bool = False
    digest: str = ""
    deprecated_fields: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The chart name."""
        return self.metadata.name

    @property
    def version(self) -> str:
        """The chart version string."""
        return self.metadata.version

    def __go_json_fields__(self) -> list[tuple[str, Any, bool]]:
        """Fields in Go declaration order for ``encoding/json`` (name, value, omitempty)."""
        fields: list[tuple[str, Any, bool]] = [(k, v, False) for k, v in to_go_json(self.metadata).items()]
        fields += [("urls", self.urls, False), ("created", self.created, False),
                   ("removed", self.removed, True), ("digest", self.digest, True)]  # fmt: skip
        for key in ("checksum", "engine", "tillerVersion", "url"):
            fields.append((key, self.deprecated_fields.get(key, ""), True))
        return fields

    def to_dict(self) -> dict[str, Any]:
        """The entry as the plain map ``json.Marshal`` would produce."""
        return {k: v for k, v, omit in self.__go_json_fields__() if not (omit and gojson.is_empty_value(v))}


@dataclass
class IndexFile:
    """Helm ``repo.IndexFile``; create empty ones with :func:`new_index_file`."""

    api_version: str = ""
    generated: str = gotime.ZERO_TIME
    entries: dict[str, list[ChartVersion]] = field(default_factory=dict)
    public_keys: list[str] | None = None
    annotations: dict[str, str] = field(default_factory=dict)

    def must_add(self, md: Metadata, filename: str, base_url: str, digest: str) -> None:
        """Add a chart archive (Helm ``MustAdd``); the URL is ``base_url`` joined with the file's base name.

        Raises :class:`IndexError_` (``validate failed for FILE: ...``).
        """
        if not md.api_version:
            md.api_version = "v1"
        try:
            validate(md)
        except ValidationError as err:
            raise IndexError_(f"validate failed for {filename}: {err}") from None
        url = filename
        if base_url:
            url = url_join(base_url, posixpath.basename(filename))
        entry = ChartVersion(metadata=md, urls=[url], digest=digest, created=gotime.now())
        self.entries.setdefault(md.name, []).append(entry)

    def has(self, name: str, version: str) -> bool:
        """Whether ``name`` has an entry matching ``version`` (as :meth:`get` resolves it)."""
        try:
            self.get(name, version)
        except IndexError_:
            return False
        return True

    def sort_entries(self) -> None:
        """Sort every chart's versions newest first (Helm ``SortEntries``)."""
        for name, versions in self.entries.items():
            self.entries[name] = sorted(versions, key=functools.cmp_to_key(_compare_newest_first))

    def get(self, name: str, version: str = "") -> ChartVersion:
        """Helm ``IndexFile.Get``: an exact version match first, else the first entry satisfying
        the constraint (``*`` — latest stable — when ``version`` is empty).

        Raises :class:`IndexError_`: ``no chart name found``, ``no chart version found``,
        ``no chart version found for NAME-VERSION`` or the constraint's parse error.
        """
        versions = self.entries.get(name)
        if versions is None:
            raise IndexError_(ERR_NO_CHART_NAME)
        if not versions:
            raise IndexError_(ERR_NO_CHART_VERSION)
        try:
            constraint = Constraints.parse(version or "*")
        except SemverError as err:
            raise IndexError_(str(err)) from None
        if version:
            for cv in versions:
                if cv.version == version:
                    return cv
        for cv in versions:
            parsed = _parse_version(cv.version)
            if parsed is not None and constraint.check(parsed):
                return cv
        raise IndexError_(f"no chart version found for {name}-{version}")

    def merge(self, other: IndexFile) -> None:
        """Add ``other``'s entries whose name and version this index lacks (Helm ``Merge``)."""
        for versions in other.entries.values():
            for cv in versions:
                if not self.has(cv.name, cv.version):
                    self.entries.setdefault(cv.name, []).append(cv)

    def __go_json_fields__(self) -> list[tuple[str, Any, bool]]:
        """Fields in Go declaration order for ``encoding/json``."""
        return [
            ("apiVersion", self.api_version, False), ("generated", self.generated, False),
            ("entries", self.entries, False), ("publicKeys", self.public_keys, True),
            ("annotations", self.annotations, True),
        ]  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The index as the plain map ``json.Marshal`` would produce."""
        out: dict[str, Any] = {"apiVersion": self.api_version, "generated": self.generated}
        out["entries"] = {n: [cv.to_dict() for cv in vs] for n, vs in self.entries.items()}
        if self.public_keys:
            out["publicKeys"] = list(self.public_keys)
        if self.annotations:
            out["annotations"] = dict(self.annotations)
        return out

    def to_yaml(self) -> str:
        """The YAML Helm writes for this index (``sigs.k8s.io/yaml.Marshal``)."""
        return goyaml.dump(self.to_dict())

    def to_json(self) -> str:
        """The JSON ``helm repo index --json`` writes (``json.MarshalIndent`` with two spaces)."""
        return gojson.marshal(self, indent="  ")

    def write_file(self, dest: str | os.PathLike[str], mode: int = 0o644) -> None:
        """Write the YAML index atomically (Helm ``WriteFile``)."""
        atomic_write(dest, self.to_yaml().encode(), mode)

    def write_json_file(self, dest: str | os.PathLike[str], mode: int = 0o644) -> None:
        """Write the JSON index atomically (Helm ``WriteJSONFile``)."""
        atomic_write(dest, self.to_json().encode(), mode)


def new_index_file() -> IndexFile:
    """An empty index generated now (Helm ``NewIndexFile``)."""
    return IndexFile(api_version=API_VERSION_V1, generated=gotime.now(), entries={}, public_keys=[])


def _parse_version(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except SemverError:
        return None


def _go_less(a: ChartVersion, b: ChartVersion) -> bool:
    va = _parse_version(a.version)
    if va is None:
        return True
    vb = _parse_version(b.version)
    if vb is None:
        return False
    return va < vb


def _compare_newest_first(a: ChartVersion, b: ChartVersion) -> int:
    if _go_less(b, a):
        return -1
    if _go_less(a, b):
        return 1
    return 0


def url_join(base_url: str, *paths: str) -> str:
    """Helm ``urlutil.URLJoin``: ``path.Join`` the base URL's path with ``paths``."""
    parts = urlsplit(base_url)
    joined = posixpath.join(parts.path, *paths) if (parts.path or any(paths)) else ""
    joined = posixpath.normpath(joined) if joined else ""
    if joined == ".":
        joined = ""
    if parts.netloc and joined and not joined.startswith("/"):
        joined = "/" + joined
    return urlunsplit((parts.scheme, parts.netloc, joined, parts.query, parts.fragment))


def digest_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file (Helm ``provenance.DigestFile``)."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            sha.update(block)
    return sha.hexdigest()


def index_directory(directory: str | os.PathLike[str], base_url: str = "") -> IndexFile:
    """Index every ``*.tgz`` in ``directory`` and its immediate subfolders (Helm ``IndexDirectory``).

    Files that do not load as charts are skipped. The result is not sorted.
    Raises :class:`IndexError_` (``failed adding to FILE to index: ...``).
    """
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.loader import load

    root = os.fspath(directory)
    archives = sorted(glob.glob(os.path.join(glob.escape(root), "*.tgz"), include_hidden=True))
    archives += sorted(glob.glob(os.path.join(glob.escape(root), "*", "*.tgz"), include_hidden=True))
    index = new_index_file()
    for archive in archives:
        rel = os.path.relpath(archive, root)
        parent, fname = os.path.split(rel)
        parent_url = url_join(base_url, parent.replace(os.sep, "/"))
        try:
            chart = load(archive)
        except (ChartLoadError, OSError, ValueError):
            continue
        try:
            index.must_add(chart.metadata, fname, parent_url, digest_file(archive))
        except IndexError_ as err:
            raise IndexError_(f"failed adding to {fname} to index: {str(err)}") from None
    return index


def load_index_file(path: str | os.PathLike[str]) -> IndexFile:
    """Read an index file (Helm ``LoadIndexFile``).

    Raises OSError when unreadable and :class:`IndexError_` as
    ``error loading PATH: <reason>`` when it is not a valid index.
    """
    data = Path(path).read_bytes()
    try:
        return load_index(data, os.fspath(path))
    except IndexError_ as err:
        raise IndexError_(f"error loading {os.fspath(path)}: {err}") from None


def load_index(data: bytes, source: str = "") -> IndexFile:
    """Parse index bytes (JSON when valid JSON, else strict YAML); skip invalid entries; sort.

    Raises :class:`IndexError_`: ``empty index.yaml file``, ``no API version specified`` or
    the decoder's error (``error converting YAML to JSON: yaml: line N: ...``,
    ``error unmarshaling JSON: while decoding JSON: json: unknown field "x"``).
    """
    if not data:
        raise IndexError_(ERR_EMPTY_INDEX)
    raw, is_json = _decode(data)
    index = _build_index(raw, is_json)
    for name, versions in index.entries.items():
        index.entries[name] = _valid_entries(name, versions, source)
    index.sort_entries()
    if not index.api_version:
        raise IndexError_(ERR_NO_API_VERSION)
    return index


def _decode(data: bytes) -> tuple[Any, bool]:
    try:
        return _stdjson.loads(data), True
    except ValueError:
        pass
    try:
        return goyaml.load(data), False
    except goyaml.YAMLError as err:
        raise IndexError_(str(err)) from None


class _TypeMismatch(Exception):
    pass


def _decode_fail(is_json: bool, message: str) -> IndexError_:
    if is_json:
        return IndexError_(message)
    return IndexError_(f"error unmarshaling JSON: while decoding JSON: {message}")


def _mismatch(value: Any, path: str, go_type: str) -> _TypeMismatch:
    return _TypeMismatch(f"json: cannot unmarshal {gojson.go_type_name(value)} into Go struct field {path} of type {go_type}")


def _build_index(raw: Any, is_json: bool) -> IndexFile:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise _decode_fail(is_json, f"json: cannot unmarshal {gojson.go_type_name(raw)} into Go value of type repo.IndexFile")
    try:
        return _index_from(raw, is_json)
    except _TypeMismatch as err:
        raise _decode_fail(is_json, str(err)) from None


def _index_from(raw: dict[str, Any], strict: bool) -> IndexFile:
    if not strict:
        for key in raw:
            if key not in _INDEX_FIELDS:
                raise _TypeMismatch(f'json: unknown field "{key}"')
    index = IndexFile()
    index.api_version = _string(_scalar_text(raw.get("apiVersion")), "IndexFile.apiVersion")
    if raw.get("generated") is not None:
        index.generated = _time(raw["generated"], "IndexFile.generated")
    entries = raw.get("entries")
    if entries is not None:
        if not isinstance(entries, dict):
            raise _mismatch(entries, "IndexFile.entries", "map[string]repo.ChartVersions")
        for name, versions in entries.items():
            if versions is None:
                index.entries[name] = []
                continue
            if not isinstance(versions, list):
                raise _mismatch(versions, "IndexFile.entries", "repo.ChartVersions")
            index.entries[name] = [_chart_version(v, strict) for v in versions]  # type: ignore[misc]  # None dropped by _valid_entries
    if isinstance(raw.get("publicKeys"), list):
        index.public_keys = [_string(k, "IndexFile.publicKeys") for k in raw["publicKeys"]]
    if isinstance(raw.get("annotations"), dict):
        index.annotations = {k: _string(v, "IndexFile.annotations") for k, v in raw["annotations"].items()}
    return index


def _scalar_text(value: Any) -> Any:
    """sigs.k8s.io/yaml turns YAML scalars into strings for string fields it can see."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return value


def _string(value: Any, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _mismatch(value, path, "string")
    return value


def _time(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _TypeMismatch("Time.UnmarshalJSON: input is not a JSON string")
    try:
        return gotime.normalize(value)
    except ValueError as err:
        raise _TypeMismatch(str(err)) from None


def _string_list(value: Any, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _mismatch(value, path, "[]string")
    return [_string(v, path) for v in value]


def _chart_version(raw: Any, strict: bool) -> ChartVersion | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _mismatch(raw, "IndexFile.entries", "repo.ChartVersion")
    if not strict:
        for key in raw:
            if key not in _METADATA_FIELDS and key not in _VERSION_FIELDS:
                raise _TypeMismatch(f'json: unknown field "{key}"')
    cv = ChartVersion(metadata=_metadata(raw))
    if raw.get("urls") is not None:
        urls = raw["urls"]
        cv.urls = _string_list([_scalar_text(u) for u in urls] if isinstance(urls, list) else urls,
                               "ChartVersion.entries.urls")
    if raw.get("created") is not None:
        cv.created = _time(raw["created"], "ChartVersion.entries.created")
    removed = raw.get("removed")
    if removed is not None and not isinstance(removed, bool):
        raise _mismatch(removed, "ChartVersion.entries.removed", "bool")
    cv.removed = bool(removed)
    cv.digest = _string(_scalar_text(raw.get("digest")), "ChartVersion.entries.digest")
    for key in ("checksum", "engine", "tillerVersion", "url"):
        text = _string(_scalar_text(raw.get(key)), f"ChartVersion.entries.{key}")
        if text:
            cv.deprecated_fields[key] = text
    return cv


def _metadata(raw: dict[str, Any]) -> Metadata:
    md = Metadata()
    simple = {"name": "name", "home": "home", "version": "version", "description": "description",
              "icon": "icon", "apiVersion": "api_version", "condition": "condition", "tags": "tags",
              "appVersion": "app_version", "kubeVersion": "kube_version", "type": "type"}  # fmt: skip
    for key, attr in simple.items():
        setattr(md, attr, _string(raw.get(key), f"ChartVersion.entries.Metadata.{key}"))
    deprecated = raw.get("deprecated")
    if deprecated is not None and not isinstance(deprecated, bool):
        raise _mismatch(deprecated, "ChartVersion.entries.Metadata.deprecated", "bool")
    md.deprecated = bool(deprecated)
    md.sources = _string_list(raw.get("sources"), "ChartVersion.entries.Metadata.sources")
    md.keywords = _string_list(raw.get("keywords"), "ChartVersion.entries.Metadata.keywords")
    annotations = raw.get("annotations")
    if isinstance(annotations, dict):
        md.annotations = {k: _string(v, "ChartVersion.entries.Metadata.annotations") for k, v in annotations.items()}
    for m in raw.get("maintainers") or []:
        m = m or {}
        md.maintainers.append(Maintainer(name=_string(m.get("name"), "Maintainer.entries.Metadata.maintainers.name"),
                                         email=_string(m.get("email"), "Maintainer.entries.Metadata.maintainers.email"),
                                         url=_string(m.get("url"), "Maintainer.entries.Metadata.maintainers.url")))  # fmt: skip
    for d in raw.get("dependencies") or []:
        d = d or {}
        md.dependencies.append(Dependency(
            name=_string(d.get("name"), "Dependency.entries.Metadata.dependencies.name"), version=_string(d.get("version"), "Dependency.entries.Metadata.dependencies.version"),
            repository=_string(d.get("repository"), "Dependency.entries.Metadata.dependencies.repository"),
            condition=_string(d.get("condition"), "Dependency.entries.Metadata.dependencies.condition"),
            tags=_string_list(d.get("tags"), "Dependency.entries.Metadata.dependencies.tags"), enabled=bool(d.get("enabled")),
            import_values=list(d.get("import-values") or []), alias=_string(d.get("alias"), "Dependency.entries.Metadata.dependencies.alias"),
        ))  # fmt: skip
    return md


def _valid_entries(name: str, versions: Sequence[ChartVersion | None], source: str) -> list[ChartVersion]:
    kept: list[ChartVersion] = []
    for cv in versions:
        if cv is None:
            _warn(f"skipping loading invalid entry for chart {_q(name)} from {source}: empty entry")
            continue
        if not cv.metadata.api_version:
            cv.metadata.api_version = "v1"
        try:
            validate(cv.metadata)
        except ValidationError as err:
            if not str(err).startswith("validation: more than one dependency with name or alias"):
                _warn(f"skipping loading invalid entry for chart {_q(name)} {_q(cv.version)} from {source}: {err}")
                continue
        kept.append(cv)
    return kept


def _q(text: str) -> str:
    return gojson.marshal_string(text, escape_html=False)


def _warn(message: str) -> None:
    if os.environ.get("HELM_DEBUG", "").lower() in ("1", "true"):
        sys.stderr.write(f"level=WARN msg={_q(message)}\n")
