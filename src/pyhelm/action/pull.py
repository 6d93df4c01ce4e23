"""The ``pull`` action: download a chart archive, optionally verify and unpack it (Helm ``pkg/action/pull.go``)."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pyhelm.downloader.chart_downloader import (
    VERIFY_ALWAYS,
    VERIFY_LATER,
    VERIFY_NEVER,
    ChartDownloader,
    DownloadError,
)
from pyhelm.getter.http import options_from
from pyhelm.repo.chartrepo import RepoError, find_chart_in_repo_url


class PullError(Exception):
    """``pull`` failed; ``output`` is what Helm prints before the error."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


@dataclass
class PullOptions:
    """``helm pull`` flags (Helm ``action.Pull`` with its ``ChartPathOptions``)."""

    version: str = ""
    devel: bool = False
    repo_url: str = ""
    username: str = ""
    password: str = ""
    pass_credentials_all: bool = False
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    insecure_skip_tls_verify: bool = False
    plain_http: bool = False
    verify: bool = False
    verify_later: bool = False
    keyring: str = ""
    untar: bool = False
    untar_dir: str = "."
    dest_dir: str = "."
    repository_config: str = ""
    repository_cache: str = ""
    content_cache: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _downloader(options: PullOptions, out: io.StringIO) -> ChartDownloader:
    verify = VERIFY_ALWAYS if options.verify else VERIFY_LATER if options.verify_later else VERIFY_NEVER
    opts = options_from(options)
    return ChartDownloader(
        repository_config=options.repository_config, repository_cache=options.repository_cache,
        content_cache=options.content_cache, options=opts, verify=verify, keyring=options.keyring, out=out,
    )  # fmt: skip


def pull(chart_ref: str, options: PullOptions) -> str:
    """Download ``chart_ref`` into ``dest_dir`` (and unpack it with ``untar``); returns the text Helm prints.

    ``--devel`` without ``--version`` means ``>0.0.0-0``. Raises :class:`PullError` with
    Helm's message; a failed download leaves no file behind.
    """
    out = io.StringIO()
    version = options.version or (">0.0.0-0" if options.devel else "")
    dl = _downloader(options, out)
    source = chart_ref
    try:
        if options.repo_url:
            source = find_chart_in_repo_url(
                options.repo_url, chart_ref, version=version, username=options.username,
                password=options.password, pass_credentials_all=options.pass_credentials_all,
                cert_file=options.cert_file, key_file=options.key_file, ca_file=options.ca_file,
                insecure_skip_tls_verify=options.insecure_skip_tls_verify,
                cache_path=options.repository_cache,
            )  # fmt: skip
            dl.options.url = options.repo_url
        if options.untar:
            return _pull_untar(dl, chart_ref, source, version, options, out)
        _, verification = dl.download_to(source, version, options.dest_dir)
    except (DownloadError, RepoError) as err:
        raise PullError(str(err), out.getvalue()) from None
    _report(verification, options, out)
    return out.getvalue()


def _report(verification: object, options: PullOptions, out: io.StringIO) -> None:
    """Helm's verification lines: signers, key fingerprint, chart hash (``provenance.Verification``)."""
    if not options.verify or verification is None:
        return
    for name in getattr(verification, "signed_by", None) or []:
        out.write(f"Signed by: {name}\n")
    out.write(f"Using Key With Fingerprint: {str(getattr(verification, 'fingerprint', '')).upper()}\n")
    out.write(f"Chart Hash Verified: {getattr(verification, 'file_hash', '')}\n")


def _pull_untar(
    dl: ChartDownloader, chart_ref: str, source: str, version: str, options: PullOptions, out: io.StringIO
) -> str:
    with tempfile.TemporaryDirectory(prefix="helm-") as tmp:
        saved, verification = dl.download_to(source, version, tmp)
        _report(verification, options, out)
        untar_dir = options.untar_dir
        if not os.path.isabs(untar_dir):
            untar_dir = os.path.normpath(os.path.join(options.dest_dir, untar_dir))
        check = os.path.basename(chart_ref) if untar_dir == "." else os.path.join(untar_dir, os.path.basename(chart_ref))
        if os.path.exists(check):
            raise PullError(f"failed to untar: a file or directory with the name {check} already exists", out.getvalue())
        expand_file(untar_dir, saved)
        os.makedirs(check, exist_ok=True)
        if options.verify or options.verify_later:
            prov = Path(str(saved) + ".prov")
            if prov.exists():
                shutil.copyfile(prov, Path(options.dest_dir) / prov.name)
    return out.getvalue()


def expand_file(dest: str, archive: str | os.PathLike[str]) -> Path:
    """Unpack a chart archive into ``dest/<chart name>`` (Helm ``chartutil.ExpandFile``).

    Files are written verbatim; names may not escape the chart folder. Returns the chart
    folder. Raises :class:`PullError` (``chart name not specified``) or the archive reader's error.
    """
    from pyhelm.chart.archive import ChartLoadError, read_archive_files
    from pyhelm.chart.metadata import parse_metadata

    try:
        files = read_archive_files(Path(archive).read_bytes())
    except ChartLoadError as err:
        raise PullError(str(err)) from None
    chart_name = ""
    for f in files:
        if f.name == "Chart.yaml":
            try:
                chart_name = parse_metadata(f.data).name
            except Exception:
                chart_name = ""
    if not chart_name:
        raise PullError("chart name not specified")
    chart_dir = _secure_join(dest, chart_name)
    for f in files:
        target = _secure_join(str(chart_dir), f.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.data)
        os.chmod(target, 0o644)
    return chart_dir


def _secure_join(root: str, name: str) -> Path:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    clean: list[str] = []
    for part in parts:
        if part == "..":
            if clean:
                clean.pop()
        else:
            clean.append(part)
    return Path(root).joinpath(*clean)
