"""Loading charts from directories and ``.tgz`` archives (Helm ``pkg/chart/v2/loader``).

- :func:`load` picks the directory or archive loader (Helm ``loader.Load``);
- :func:`load_dir` walks a directory in Go's ``filepath.Walk`` order (entries of each
  directory sorted by name), honouring ``.helmignore`` (Helm ``LoadDir``);
- :func:`load_archive` reads a ``.tgz`` held in memory (Helm ``LoadArchive``);
- :func:`load_files` builds the :class:`~pyhelm.chart.model.Chart` from a file list
  (Helm ``LoadFiles``): ``Chart.yaml``, ``Chart.lock``, ``values.yaml``,
  ``values.schema.json``, ``requirements.yaml``/``.lock`` (v1 charts), ``templates/``,
  ``charts/`` (subcharts, directories or archives, recursively) and everything else
  into ``files``.

Every error is a :class:`ChartLoadError` whose text is Helm's message.

Subcharts are attached in the order their ``charts/`` entries first appear (Helm
iterates a Go map there, so its own order varies from run to run).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from pyhelm.chart.archive import (
    MAX_DECOMPRESSED_FILE_SIZE,
    UTF8_BOM,
    ChartLoadError,
    ensure_archive,
    read_archive_files,
)
from pyhelm.chart.helmignore import HELMIGNORE, BadPatternError, HelmignoreError, Rules
from pyhelm.chart.metadata import API_VERSION_V1, DecodeError, parse_lock, parse_metadata, validate
from pyhelm.chart.model import Chart, File, Metadata
from pyhelm.chartutil.values import merge_maps

__all__ = [
    "ChartLoadError",
    "load",
    "load_dir",
    "load_archive",
    "load_archive_file",
    "load_files",
    "load_values",
]


def load(path: str | os.PathLike[str]) -> Chart:
    """Load a chart directory or archive file (Helm ``loader.Load``).

    Raises :class:`ChartLoadError`; a missing path gives Go's ``stat PATH: no such file or
    directory``.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise ChartLoadError(f"stat {name}: no such file or directory") from None
    except OSError as err:
        raise ChartLoadError(f"stat {name}: {err.strerror.lower() if err.strerror else err}") from None
    if stat.S_ISDIR(info.st_mode):
        return load_dir(name)
    return load_archive_file(name)


def load_archive_file(name: str | os.PathLike[str]) -> Chart:
    """Load a ``.tgz`` file from disk (Helm ``LoadFile``), checking it looks like gzip first."""
    name = os.fspath(name)
    if os.path.isdir(name):
        raise ChartLoadError("cannot load a directory")
    data = Path(name).read_bytes()
    ensure_archive(name, data)
    try:
        return load_archive(data)
    except ChartLoadError as err:
        if str(err) == "gzip: invalid header":
            raise ChartLoadError(
                f"file '{name}' does not appear to be a valid chart file (details: {err})"
            ) from None
        raise


def load_archive(data: bytes) -> Chart:
    """Load a chart from the bytes of a ``.tgz`` (Helm ``LoadArchive``). ``.helmignore`` is not applied."""
    return load_files(read_archive_files(data))


# ---------------------------------------------------------------------------
# directories


def _read_rules(topdir: Path) -> Rules:
    ignore_file = topdir / HELMIGNORE
    rules = Rules()
    if ignore_file.exists():
        try:
            rules = Rules.parse_file(ignore_file)
        except (HelmignoreError, BadPatternError) as err:
            raise ChartLoadError(str(err)) from None
    rules.add_defaults()
    return rules


def _walk(topdir: Path, rel: str, rules: Rules, out: list[File]) -> None:
    """Go ``filepath.Walk`` (following symlinks like Helm's ``sympath.Walk``) below ``rel``."""
    directory = topdir / rel if rel else topdir
    try:
        names = sorted(os.listdir(directory), key=lambda n: n.encode("utf-8", "surrogateescape"))
    except OSError as err:
        raise ChartLoadError(f"open {directory}: {(err.strerror or str(err)).lower()}") from None
    for entry in names:
        child_rel = f"{rel}/{entry}" if rel else entry
        full = directory / entry
        if os.path.islink(full):
            _check_symlink(full)
        try:
            info = os.stat(full)
        except OSError as err:
            raise ChartLoadError(f"stat {full}: {(err.strerror or str(err)).lower()}") from None
        if stat.S_ISDIR(info.st_mode):
            if not rules.ignore(child_rel, True):
                _walk(topdir, child_rel, rules, out)
            continue
        if rules.ignore(child_rel, False):
            continue
        out.append(_read_regular(full, child_rel, info))


def _check_symlink(link: Path) -> None:
    """Helm's ``sympath.Walk`` resolves every symlink first; a dangling one fails the load.

    Raises :class:`ChartLoadError` ``error evaluating symlink LINK: lstat MISSING: no such
    file or directory``, naming the first path that does not exist.
    """
    resolved = os.path.realpath(link)
    if os.path.exists(resolved):
        return
    missing = resolved
    parent = os.path.dirname(missing)
    while parent != missing and not os.path.exists(parent):
        missing, parent = parent, os.path.dirname(parent)
    raise ChartLoadError(f"error evaluating symlink {link}: lstat {missing}: no such file or directory")


def _read_regular(full: Path, rel: str, info: os.stat_result) -> File:
    if not stat.S_ISREG(info.st_mode):
        raise ChartLoadError(f"cannot load irregular file {full} as it has file mode type bits set")
    if info.st_size > MAX_DECOMPRESSED_FILE_SIZE:
        raise ChartLoadError(
            f'chart file "{full.name}" is larger than the maximum file size {MAX_DECOMPRESSED_FILE_SIZE}'
        )
    try:
        data = full.read_bytes()
    except OSError as err:
        raise ChartLoadError(f"error reading {rel}: {err}") from None
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    import datetime as _dt

    return File(name=rel, data=data, modtime=_dt.datetime.fromtimestamp(info.st_mtime, tz=_dt.UTC))


def load_dir(path: str | os.PathLike[str]) -> Chart:
    """Load a chart directory (Helm ``LoadDir``): walk it, apply ``.helmignore``, build the chart.

    Raises :class:`ChartLoadError` (bad ``.helmignore`` rule, irregular or oversized file,
    and everything :func:`load_files` raises).
    """
    topdir = Path(os.path.abspath(os.fspath(path)))
    rules = _read_rules(topdir)
    files: list[File] = []
    _walk(topdir, "", rules, files)
    return load_files(files)


# ---------------------------------------------------------------------------
# building a chart from files


def load_values(data: bytes) -> dict[str, Any]:
    """Parse a chart's ``values.yaml`` as Helm's ``LoadValues``: every YAML document, merged.

    Raises :class:`ChartLoadError` worded ``cannot unmarshal yaml document: ...`` (the
    caller adds ``cannot load values.yaml: ``).
    """
    from pyhelm.codec import yaml as goyaml

    values: dict[str, Any] = {}
    for doc in _split_documents(data):  # raises with Helm's "error reading yaml document" wording
        try:
            current = goyaml.load_map(doc)
        except goyaml.YAMLError as err:
            raise ChartLoadError(f"cannot unmarshal yaml document: {err}") from None
        values = merge_maps(values, current)
    return values


def _split_documents(data: bytes) -> list[bytes]:
    """k8s ``utilyaml.NewYAMLReader``: documents split on lines starting with ``---``.

    Only spaces or a ``#`` comment may follow the separator; anything else raises
    :class:`ChartLoadError` ``error reading yaml document: invalid Yaml document separator: X``.
    Empty documents are dropped.
    """
    docs: list[bytes] = []
    current: list[bytes] = []
    for line in _lines(data):
        if line.startswith(b"---"):
            rest = line[3:].strip()
            if rest and not rest.startswith(b"#"):
                text = rest.decode("utf-8", "replace")
                raise ChartLoadError(f"error reading yaml document: invalid Yaml document separator: {text}")
            if current:
                docs.append(b"".join(current))
            current = []
            continue
        current.append(line)
    if current:
        docs.append(b"".join(current))
    return docs


def _lines(data: bytes) -> list[bytes]:
    """Split after each ``\\n`` only (as Go's bufio line reader does), keeping the newlines."""
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _metadata_from(files: list[File]) -> Metadata | None:
    metadata: Metadata | None = None
    for f in files:
        if f.name != "Chart.yaml":
            continue
        metadata = metadata or Metadata()
        try:
            parse_metadata(f.data, into=metadata)
        except DecodeError as err:
            raise ChartLoadError(str(err)) from None
        if not metadata.api_version:
            metadata.api_version = API_VERSION_V1
    return metadata


def _lock(data: bytes, what: str) -> Any:
    try:
        return parse_lock(data, what=what)
    except DecodeError as err:
        raise ChartLoadError(str(err)) from None


def _sort_file(chart: Chart, f: File, subcharts: dict[str, list[File]]) -> None:
    name = f.name
    if name == "Chart.yaml":
        chart.modtime = f.modtime
        return
    if name == "Chart.lock":
        chart.lock = _lock(f.data, "Chart.lock")
    elif name == "values.yaml":
        try:
            chart.values = load_values(f.data)
        except ChartLoadError as err:
            raise ChartLoadError(f"cannot load values.yaml: {err}") from None
    elif name == "values.schema.json":
        chart.schema = f.data
        chart.schema_modtime = f.modtime
    elif name == "requirements.yaml":
        if chart.metadata is None:  # pragma: no cover - metadata is always set by the caller
            chart.metadata = Metadata()
        try:
            parse_metadata(f.data, into=chart.metadata, what="requirements.yaml")
        except DecodeError as err:
            raise ChartLoadError(str(err)) from None
        if chart.metadata.api_version == API_VERSION_V1:
            chart.files.append(File(name, f.data, f.modtime))
    elif name == "requirements.lock":
        chart.lock = _lock(f.data, "requirements.lock")
        if chart.metadata.api_version == API_VERSION_V1:
            chart.files.append(File(name, f.data, f.modtime))
    elif name.startswith("templates/"):
        chart.templates.append(File(name, f.data, f.modtime))
    elif name.startswith("charts/"):
        if os.path.splitext(name)[1] == ".prov":
            chart.files.append(File(name, f.data, f.modtime))
            return
        rest = name[len("charts/") :]
        sub = rest.split("/", 1)[0]
        subcharts.setdefault(sub, []).append(File(rest, f.data, f.modtime))
    else:
        chart.files.append(File(name, f.data, f.modtime))


def _load_subchart(parent: Chart, sub: str, files: list[File]) -> Chart:
    if os.path.splitext(sub)[1] == ".tgz":
        first = files[0]
        if first.name != sub:
            raise ChartLoadError(
                f"error unpacking subchart tar in {parent.name}: expected {sub}, got {first.name}"
            )
        return load_archive(first.data)
    inner = [File(f.name.split("/", 1)[1], f.data, f.modtime) for f in files if "/" in f.name]
    return load_files(inner)


def load_files(files: list[File]) -> Chart:
    """Build a chart from chart-relative files (Helm ``LoadFiles``), loading subcharts recursively.

    Raises :class:`ChartLoadError`: ``Chart.yaml file is missing``, ``cannot load
    Chart.yaml: ...``, ``cannot load values.yaml: ...``, ``validation: ...``, ``error
    unpacking subchart NAME in PARENT: ...``.
    """
    chart = Chart()
    chart.raw = [File(f.name, f.data, f.modtime) for f in files]
    metadata = _metadata_from(files)
    chart.metadata = metadata if metadata is not None else Metadata()
    subcharts: dict[str, list[File]] = {}
    for f in files:
        _sort_file(chart, f, subcharts)
    if metadata is None and not any(f.name in ("requirements.yaml", "requirements.lock") for f in files):
        raise ChartLoadError("Chart.yaml file is missing")
    validate(chart.metadata)
    for sub, sub_files in subcharts.items():
        if sub[:1] in ("_", "."):
            continue
        try:
            loaded = _load_subchart(chart, sub, sub_files)
        except ChartLoadError as err:
            if str(err).startswith("error unpacking subchart tar in"):
                raise
            raise ChartLoadError(f"error unpacking subchart {sub} in {chart.name}: {err}") from None
        chart.add_dependency(loaded)
    return chart
