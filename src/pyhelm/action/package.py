"""``helm package``: a chart directory into a versioned ``.tgz`` (Helm ``action.Package``).

The archive is laid out as Helm's ``chartutil.Save`` writes it (see
:mod:`pyhelm.chart.archive`): same entries, order, tar headers and gzip header, each
entry keeping its source file's modification time, so packaging the same files twice
gives the same bytes. ``SOURCE_DATE_EPOCH`` (read by the CLI) stamps every entry with one
fixed time instead, for archives that do not depend on checkout times. The archive is
written through a temporary file renamed into place: on failure nothing is left behind.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass

from pyhelm.chart.model import Chart, Dependency
from pyhelm.fsutil import atomic_write


class PackageError(Exception):
    """Packaging failed; ``str(err)`` is Helm's message."""


@dataclass
class PackageOptions:
    """Helm's ``action.Package`` settings.

    ``destination`` is the output folder (``.``: the current directory); ``version`` and
    ``app_version`` override the chart's; ``sign`` with ``key``, ``keyring`` and
    ``passphrase_file`` writes a ``.prov`` file next to the archive. ``mtime`` stamps every
    archive entry (default: each file's own modification time, as Helm v4 does).
    """

    destination: str = "."
    version: str = ""
    app_version: str = ""
    sign: bool = False
    key: str = ""
    keyring: str = ""
    passphrase_file: str = ""
    mtime: _dt.datetime | None = None


def check_dependencies(chart: Chart, reqs: list[Dependency]) -> None:
    """Helm ``action.CheckDependencies``: every declared dependency must be in ``charts/``.

    Raises :class:`PackageError`: ``found in Chart.yaml, but missing in charts/ directory: a, b``.
    """
    present = {sub.metadata.name for sub in chart.dependencies}
    missing = [r.name for r in reqs if r.name not in present]
    if missing:
        raise PackageError(f"found in Chart.yaml, but missing in charts/ directory: {', '.join(missing)}")


def prepare(path: str | os.PathLike[str], opts: PackageOptions) -> Chart:
    """Load the chart directory and apply ``--version``/``--app-version``, validating as Helm does.

    Raises :class:`PackageError` (loader errors, ``invalid semantic version``, missing
    dependencies).
    """
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.loader import load_dir
    from pyhelm.semver import SemverError, Version

    chart_yaml = os.path.join(os.path.abspath(path), "Chart.yaml")
    if not os.path.exists(chart_yaml):  # Helm v4's loader looks for Chart.yaml to detect the chart API
        raise PackageError(f"unable to detect chart at {chart_yaml}: open {chart_yaml}: no such file or directory")
    try:
        chart = load_dir(path)
    except ChartLoadError as err:
        raise PackageError(str(err)) from None
    if opts.version:
        chart.metadata.version = opts.version
    try:
        Version.parse(chart.metadata.version)
    except SemverError as err:
        raise PackageError(str(err)) from None
    if opts.app_version:
        chart.metadata.app_version = opts.app_version
    if chart.metadata.dependencies:
        check_dependencies(chart, chart.metadata.dependencies)
    return chart


def source_date_epoch() -> _dt.datetime | None:
    """``$SOURCE_DATE_EPOCH`` (reproducible-builds convention) as a UTC time, ``None`` when unset or invalid."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return None
    return _dt.datetime.fromtimestamp(int(raw), tz=_dt.UTC)


def archive_bytes(chart: Chart, mtime: _dt.datetime | None = None) -> tuple[str, bytes]:
    """``(file name, .tgz bytes)`` as Helm's ``chartutil.Save`` lays them out.

    Entries keep their files' modification times unless ``mtime`` is given, which then
    stamps every entry. Raises :class:`PackageError` (``failed to save: chart validation: ...``).
    """
    from pyhelm.chart.archive import ChartLoadError, chart_archive_entries, save_archive, write_archive

    try:
        name, data = save_archive(chart)
    except ChartLoadError as err:
        raise PackageError(f"failed to save: {err}") from None
    if mtime is not None:
        data = write_archive([(path, body, mtime) for path, body, _ in chart_archive_entries(chart)])
    return name, data


def save(chart: Chart, destination: str | os.PathLike[str], *, mtime: _dt.datetime | None = None) -> str:
    """Helm ``chartutil.Save``: write ``<destination>/<name>-<version>.tgz`` atomically; return its path.

    The destination folder is created when missing; ``mtime`` is as in :func:`archive_bytes`.
    Raises :class:`PackageError` (``chart validation: ...``, ``file ... already exists and is
    not a directory``...).
    """
    name, data = archive_bytes(chart, mtime)
    dest = os.fspath(destination)
    if os.path.exists(dest) and not os.path.isdir(dest):
        raise PackageError(f"failed to save: file {dest} already exists and is not a directory")
    try:
        os.makedirs(dest, exist_ok=True)
        target = os.path.join(dest, name)
        atomic_write(target, data)
    except OSError as err:
        raise PackageError(f"failed to save: {err.strerror or err}") from None
    return target


def package(path: str | os.PathLike[str], opts: PackageOptions | None = None) -> str:
    """Package the chart directory ``path``; return the archive path (Helm ``Package.Run``).

    With ``opts.sign`` the archive is clear-signed into ``<archive>.prov``; if signing
    fails the archive just written is removed again. Raises :class:`PackageError` or
    :class:`pyhelm.provenance.ProvenanceError`.
    """
    opts = opts or PackageOptions()
    chart = prepare(path, opts)
    dest = os.getcwd() if opts.destination in (".", "") else opts.destination
    if opts.sign:
        _check_signing_key(opts)
    target = save(chart, dest, mtime=opts.mtime)
    if opts.sign:
        from pyhelm.provenance import sign

        try:
            sign(target, opts.key, opts.keyring, opts.passphrase_file or None)
        except BaseException:
            os.unlink(target)
            raise
    return target


def _check_signing_key(opts: PackageOptions) -> None:
    """Fail before writing anything when the signing key cannot be used (keyring, key, passphrase file)."""
    from pyhelm.provenance import ProvenanceError
    from pyhelm.provenance.common import gnupg_home, key_identities
    from pyhelm.provenance.sign import find_key, read_passphrase_file

    with gnupg_home(opts.keyring) as gpg:
        key = find_key(key_identities(gpg), opts.key)
    if key is None:
        raise ProvenanceError("private key not found")
    if not key["secret"]:
        raise ProvenanceError("provided key is not a private key. Try providing a keyring with secret keys")
    if opts.passphrase_file and opts.passphrase_file != "-":
        read_passphrase_file(opts.passphrase_file)
