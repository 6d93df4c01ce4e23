"""Find and download charts (Helm ``pkg/downloader/chart_downloader.go`` and ``ChartPathOptions.LocateChart``).

A chart reference is a local path, ``repo/chart`` (looked up in the cached index of a
repository from repositories.yaml), an absolute ``http(s)://`` URL, or ``oci://...``
(handed to :mod:`pyhelm.registry`). Downloads are written atomically (temporary file
+ rename) so an interrupted or failed download leaves nothing behind; when the index
gives a SHA-256 digest the downloaded bytes must match it.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

from pyhelm.downloader.cache import CACHE_CHART, CACHE_PROV, DiskCache
from pyhelm.fsutil import atomic_write
from pyhelm.getter.http import GetterError, GetterOptions, HTTPGetter
from pyhelm.repo.chartrepo import RepoError, check_scheme, find_chart_in_repo_url, resolve_reference_url
from pyhelm.repo.index import IndexError_, load_index_file
from pyhelm.repo.repositories import Entry, RepoFile, RepoFileError, load_file

VERIFY_NEVER, VERIFY_IF_POSSIBLE, VERIFY_ALWAYS, VERIFY_LATER = range(4)
ACCEPT_CHART = "application/gzip,application/octet-stream"


class DownloadError(Exception):
    """Finding or downloading a chart failed; the message is Helm's."""


@dataclass
class ChartDownloader:
    """Helm ``downloader.ChartDownloader``.

    ``options`` are the getter options every request starts from (credentials, TLS);
    repository-specific settings are layered on top when the reference names a
    configured repository. ``verify`` is one of the ``VERIFY_*`` strategies.
    """

    repository_config: str = ""
    repository_cache: str = ""
    content_cache: str = ""
    options: GetterOptions = field(default_factory=GetterOptions)
    verify: int = VERIFY_NEVER
    keyring: str = ""
    out: TextIO | None = None

    def resolve_chart_version(self, ref: str, version: str) -> tuple[str, str, GetterOptions]:
        """Resolve ``ref`` to ``(digest, absolute URL, getter options)`` (Helm ``ResolveChartVersion``).

        Raises :class:`DownloadError`: ``repo NAME not found``, ``non-absolute URLs should be
        in form of repo_name/path_to_chart, got: REF``, ``no cached repo found. (try 'helm repo
        update'): ...``, ``chart "x" matching V not found in NAME index. (try 'helm repo
        update'): ...``.
        """
        opts = replace(self.options)
        repo_file = self._repo_file()
        parts = urlsplit(ref)
        if parts.scheme and parts.netloc and parts.path:
            owner = self._scan_repos_for_url(ref, repo_file)
            opts.url = owner.url if owner else ref
            if owner:
                _apply_entry(opts, owner)
            return "", ref, opts
        if "/" not in parts.path:
            raise DownloadError(f"non-absolute URLs should be in form of repo_name/path_to_chart, got: {ref}")
        repo_name, chart_name = parts.path.split("/", 1)
        entry = _pick_repo(repo_name, repo_file.repositories)
        try:
            check_scheme(entry.url)
        except RepoError as err:
            raise DownloadError(str(err)) from None
        opts.url = entry.url
        _apply_entry(opts, entry)
        index_path = Path(self.repository_cache) / f"{entry.name}-index.yaml"
        try:
            index = load_index_file(index_path)
        except FileNotFoundError:
            raise DownloadError(
                f"no cached repo found. (try 'helm repo update'): open {index_path}: no such file or directory"
            ) from None
        except (IndexError_, OSError) as err:
            raise DownloadError(f"no cached repo found. (try 'helm repo update'): {err}") from None
        try:
            cv = index.get(chart_name, version)
        except IndexError_ as err:
            raise DownloadError(
                f"chart {_q(chart_name)} matching {version} not found in {entry.name} index. "
                f"(try 'helm repo update'): {err}"
            ) from None
        if not cv.urls:
            raise DownloadError(f"chart {_q(ref)} has no downloadable URLs")
        return cv.digest, resolve_reference_url(entry.url, cv.urls[0]), opts

    def _repo_file(self) -> RepoFile:
        try:
            return load_file(self.repository_config)
        except FileNotFoundError:
            return RepoFile()
        except RepoFileError as err:
            raise DownloadError(str(err)) from None

    def _scan_repos_for_url(self, url: str, repo_file: RepoFile) -> Entry | None:
        for entry in repo_file.repositories:
            index_path = Path(self.repository_cache) / f"{entry.name}-index.yaml"
            try:
                index = load_index_file(index_path)
            except (IndexError_, OSError) as err:
                raise DownloadError(f"no cached repo found. (try 'helm repo update'): {err}") from None
            for versions in index.entries.values():
                for cv in versions:
                    if any(_url_equal(url, u) for u in cv.urls or []):
                        return entry
        return None

    def fetch(self, ref: str, version: str) -> tuple[str, bytes, str, GetterOptions]:
        """Resolve and fetch a chart: returns ``(file name, archive bytes, URL, getter options)``.

        Raises :class:`DownloadError` (resolution, transport, status and digest errors).
        """
        if ref.startswith("oci://"):
            name, data, prov = self._fetch_oci(ref, version)
            self._oci_prov = prov
            return name, data, ref, replace(self.options)
        digest, url, opts = self.resolve_chart_version(ref, version)
        opts.accept_header = ACCEPT_CHART
        name = posixpath.basename(unquote(urlsplit(url).path))
        cached = self.cache().get(digest, CACHE_CHART) if digest else None
        if cached is not None:
            return name, cached.read_bytes(), url, opts
        try:
            data = HTTPGetter(opts).get(url)
        except GetterError as err:
            raise DownloadError(str(err)) from None
        if digest and hashlib.sha256(data).hexdigest() != digest.lower():
            raise DownloadError(
                f"chart digest mismatch for {url}: expected sha256 {digest}, got {hashlib.sha256(data).hexdigest()}"
            )
        return name, data, url, opts

    def cache(self) -> DiskCache:
        """The content cache (``content_cache``, else Helm's default under the cache home)."""
        return DiskCache(self.content_cache or _default_content_cache())

    def download_to(self, ref: str, version: str, dest: str | os.PathLike[str]) -> tuple[Path, Any]:
        """Download ``ref`` into folder ``dest`` (Helm ``DownloadTo``); returns (path, verification or None).

        With a verify strategy the ``.prov`` file is fetched next to the archive and checked
        through :mod:`pyhelm.provenance`. Raises :class:`DownloadError`.
        """
        name, data, url, opts = self.fetch(ref, version)
        dest_file = Path(dest) / name
        try:
            atomic_write(dest_file, data, 0o644)
        except OSError as err:
            raise DownloadError(f"open {dest_file}: {err.strerror.lower() if err.strerror else err}") from None
        verification = None
        if self.verify > VERIFY_NEVER:
            verification = self._provenance(ref, url, dest_file, opts)
        return dest_file, verification

    def _provenance(self, ref: str, url: str, dest_file: Path, opts: GetterOptions) -> Any:
        try:
            body = self._fetch_prov(url, opts)
        except GetterError as err:
            if self.verify == VERIFY_ALWAYS:
                raise DownloadError(f"failed to fetch provenance {_q(url + '.prov')}") from None
            (self.out or sys.stdout).write(f"WARNING: Verification not found for {ref}: {err}\n")
            return None
        prov_file = Path(str(dest_file) + ".prov")
        atomic_write(prov_file, body, 0o644)
        if self.verify == VERIFY_LATER:
            return None
        return verify_chart(dest_file, prov_file, self.keyring)

    def _fetch_prov(self, url: str, opts: GetterOptions) -> bytes:
        if url.startswith("oci://"):
            prov = getattr(self, "_oci_prov", None)
            if prov is None:
                raise GetterError(f"provenance not found for {url}")
            return prov
        return HTTPGetter(replace(opts, accept_header="")).get(url + ".prov")

    def _fetch_oci(self, ref: str, version: str) -> tuple[str, bytes, bytes | None]:
        """Pull ``oci://`` through :mod:`pyhelm.registry`: (file name, archive, provenance or None)."""
        try:
            from pyhelm.registry import client as registry_client
        except ImportError:
            raise DownloadError(f"unable to lookup ref {ref} at version '{version}', missing registry client") from None
        opts = self.options
        try:
            result = registry_client.pull(
                ref, version=version or None, plain_http=opts.plain_http, insecure=opts.insecure_skip_tls_verify,
                ca_file=opts.ca_file, cert_file=opts.cert_file, key_file=opts.key_file, username=opts.username,
                password=opts.password, with_prov=self.verify > VERIFY_NEVER,
                ignore_missing_prov=self.verify != VERIFY_ALWAYS, out=self.out,
            )  # fmt: skip
        except Exception as err:  # the registry module words its own errors as Helm does
            raise DownloadError(str(err)) from None
        base = ref.removeprefix("oci://").rstrip("/").rsplit("/", 1)[-1].split("@", 1)[0].split(":", 1)[0]
        chart_version = result.version or version
        return f"{base}-{chart_version}.tgz", bytes(result.chart), result.prov

    def download_to_cache(self, ref: str, version: str) -> Path:
        """Download ``ref`` into the content cache, keyed by its SHA-256 (Helm ``DownloadToCache``).

        Returns the cached archive's path. Raises :class:`DownloadError`.
        """
        name, data, url, opts = self.fetch(ref, version)
        cache = self.cache()
        digest = hashlib.sha256(data).hexdigest()
        target = cache.get(digest, CACHE_CHART) or cache.put(digest, data, CACHE_CHART)
        if self.verify > VERIFY_NEVER:
            # provenance files name the archive: verify a correctly named copy, then drop it
            named = Path(cache.root) / "tmp" / name
            named.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(named, data, 0o644)
            try:
                self._provenance(ref, url, named, opts)
                prov = Path(str(named) + ".prov")
                if prov.exists():
                    cache.put(digest, prov.read_bytes(), CACHE_PROV)
            finally:
                for leftover in (named, Path(str(named) + ".prov")):
                    if leftover.exists():
                        leftover.unlink()
        return target


def _default_content_cache() -> str:
    from pyhelm import helmpath

    return str(helmpath.cache_path("content"))


def _apply_entry(opts: GetterOptions, entry: Entry) -> None:
    if entry.cert_file or entry.key_file or entry.ca_file:
        opts.cert_file, opts.key_file, opts.ca_file = entry.cert_file, entry.key_file, entry.ca_file
    if entry.username and entry.password:
        opts.username, opts.password = entry.username, entry.password
        opts.pass_credentials_all = entry.pass_credentials_all
    # as in Helm, the entry's insecure_skip_tls_verify is not applied to chart downloads


def _pick_repo(name: str, entries: list[Entry]) -> Entry:
    for entry in entries:
        if entry.name == name:
            if not entry.url:
                raise DownloadError(f"no URL found for repository {name}")
            return entry
    raise DownloadError(f"repo {name} not found")


def _url_equal(a: str, b: str) -> bool:
    ua, ub = urlsplit(a), urlsplit(b)
    return (ua.scheme, ua.netloc, ua.path.rstrip("/") or "/", ua.query) == (
        ub.scheme, ub.netloc, ub.path.rstrip("/") or "/", ub.query,
    )  # fmt: skip


def _q(text: str) -> str:
    from pyhelm.codec.json import marshal_string

    return marshal_string(text, escape_html=False)


def verify_chart(path: str | os.PathLike[str], prov_file: str | os.PathLike[str], keyring: str) -> Any:
    """Check a chart archive against its provenance file (Helm ``VerifyChart``).

    Returns :class:`pyhelm.provenance.Verification`. Raises :class:`DownloadError` with the
    provenance module's (Helm-worded) message: ``unpacked charts cannot be verified``,
    ``chart must be a tgz file``, ``could not load provenance file ...``, signature errors.
    """
    try:
        from pyhelm import provenance
    except ImportError:
        raise DownloadError("chart verification is not available (pyhelm.provenance is missing)") from None
    try:
        return provenance.verify(path, prov_file, keyring or provenance.DEFAULT_KEYRING)
    except provenance.ProvenanceError as err:
        raise DownloadError(str(err)) from None


def locate_chart(
    name: str,
    *,
    version: str = "",
    repo_url: str = "",
    settings: Any = None,
    username: str = "",
    password: str = "",
    ca_file: str = "",
    cert_file: str = "",
    key_file: str = "",
    insecure_skip_tls_verify: bool = False,
    pass_credentials_all: bool = False,
    plain_http: bool = False,
    verify: bool = False,
    keyring: str = "",
) -> Path:
    """Find a chart the way ``helm install/upgrade/template`` do (Helm ``ChartPathOptions.LocateChart``).

    A name that exists locally (and no ``repo_url``) is returned as an absolute path; a
    missing path starting with ``.`` or ``/`` fails with ``path "NAME" not found``.
    Otherwise the chart is resolved (``repo/chart``, URL, ``oci://`` or ``--repo``) and
    downloaded into the content cache; the cached archive's path is returned.
    ``settings`` is a :class:`pyhelm.cli.environment.EnvSettings` (default: from the
    environment). Raises :class:`DownloadError` / :class:`RepoError` with Helm's messages.
    """
    from pyhelm.cli.environment import EnvSettings

    settings = settings or EnvSettings.from_environment()
    name = name.strip()
    version = version.strip()
    if not repo_url:
        if os.path.exists(name):
            absolute = Path(os.path.abspath(name))
            if verify:
                verify_chart(absolute, str(absolute) + ".prov", keyring)
            return absolute
        if os.path.isabs(name) or name.startswith("."):
            raise DownloadError(f"path {_q(name)} not found")
    opts = GetterOptions(
        username=username, password=password, pass_credentials_all=pass_credentials_all, ca_file=ca_file,
        cert_file=cert_file, key_file=key_file, insecure_skip_tls_verify=insecure_skip_tls_verify,
        plain_http=plain_http,
    )  # fmt: skip
    dl = ChartDownloader(
        repository_config=settings.repository_config, repository_cache=settings.repository_cache,
        content_cache=settings.content_cache, options=opts,
        verify=VERIFY_ALWAYS if verify else VERIFY_NEVER, keyring=keyring,
    )  # fmt: skip
    if repo_url:
        name = find_chart_in_repo_url(
            repo_url, name, version=version, username=username, password=password,
            pass_credentials_all=pass_credentials_all, cert_file=cert_file, key_file=key_file,
            ca_file=ca_file, insecure_skip_tls_verify=insecure_skip_tls_verify,
            cache_path=settings.repository_cache,
        )  # fmt: skip
        if not (pass_credentials_all or _same_host(repo_url, name)):
            dl.options.username = dl.options.password = ""
        dl.options.url = repo_url
    Path(settings.repository_cache).mkdir(parents=True, exist_ok=True)
    return Path(os.path.abspath(dl.download_to_cache(name, version)))


def _same_host(a: str, b: str) -> bool:
    ua, ub = urlsplit(a), urlsplit(b)
    default = {"http": 80, "https": 443}

    def port(u: Any) -> Any:
        return u.port or default.get(u.scheme)

    return ua.scheme == ub.scheme and ua.hostname == ub.hostname and port(ua) == port(ub)


__all__ = [
    "ChartDownloader", "DownloadError", "VERIFY_ALWAYS", "VERIFY_IF_POSSIBLE", "VERIFY_LATER",
    "VERIFY_NEVER", "locate_chart", "verify_chart",
]  # fmt: skip
