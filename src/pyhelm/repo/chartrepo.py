"""A chart repository reached over HTTP (Helm ``repo.ChartRepository``, ``FindChartInRepoURL``).

:meth:`ChartRepository.download_index_file` fetches ``<url>/index.yaml``, checks it is
a valid index, and stores it in the cache as ``<name>-index.yaml`` with the chart
name list ``<name>-charts.txt`` (both written atomically; nothing is written when the
download or the index is bad).
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from pyhelm import helmpath
from pyhelm.fsutil import atomic_write
from pyhelm.getter.http import GetterError, GetterOptions, HTTPGetter, options_from
from pyhelm.repo.index import IndexError_, IndexFile, load_index, load_index_file
from pyhelm.repo.repositories import Entry


class RepoError(Exception):
    """A repository operation failed; the message is Helm's."""


class ChartNotFoundError(RepoError):
    """Helm ``ChartNotFoundError``: ``CHART not found in REPO repository``."""

    def __init__(self, chart: str, repo_url: str) -> None:
        super().__init__(f"{chart} not found in {repo_url} repository")
        self.chart = chart
        self.repo_url = repo_url


def getter_options(entry: Entry, **extra: object) -> GetterOptions:
    """Getter options for a repository entry (URL, basic auth, TLS files, skip-verify)."""
    return options_from(entry, url=entry.url, **extra)


def check_scheme(url: str) -> None:
    """Raise :class:`RepoError` unless ``url`` is an http(s) URL (Helm's getter lookup by scheme)."""
    scheme = urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise RepoError(f"could not find protocol handler for: {scheme}")


@dataclass
class ChartRepository:
    """A configured repository and where its index is cached."""

    config: Entry
    cache_path: str = ""

    def __post_init__(self) -> None:
        check_scheme(self.config.url)
        if not self.cache_path:
            self.cache_path = str(helmpath.cache_path("repository"))

    def index_path(self) -> Path:
        """Where the cached index lives: ``<cache>/<name>-index.yaml``."""
        return Path(self.cache_path) / helmpath.cache_index_file(self.config.name)

    def charts_path(self) -> Path:
        """Where the cached chart list lives: ``<cache>/<name>-charts.txt``."""
        return Path(self.cache_path) / helmpath.cache_charts_file(self.config.name)

    def download_index_file(self, timeout: float | None = None) -> Path:
        """Fetch and cache the repository's index (Helm ``DownloadIndexFile``); returns its path.

        Raises :class:`pyhelm.getter.GetterError` for fetch failures and
        :class:`IndexError_` for an invalid index; the cache is left untouched then.
        """
        index_url = resolve_reference_url(self.config.url, "index.yaml")
        data = HTTPGetter(getter_options(self.config, timeout=timeout)).get(index_url)
        index = load_index(data, self.config.url)
        names = "".join(f"{name}\n" for name in index.entries)
        Path(self.cache_path).mkdir(parents=True, exist_ok=True)
        atomic_write(self.charts_path(), names.encode(), 0o644)
        atomic_write(self.index_path(), data, 0o644)
        return self.index_path()


def resolve_reference_url(base_url: str, ref_url: str) -> str:
    """Resolve ``ref_url`` against the repository URL (Helm ``ResolveReferenceURL``).

    Absolute references are returned as given; otherwise the base path gets a trailing
    slash before RFC 3986 resolution, and the base URL's query string is kept.
    """
    ref = urlsplit(ref_url)
    if ref.scheme:
        return ref_url
    base = urlsplit(base_url)
    base_for_join = urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + "/", "", ""))
    joined = urlsplit(urljoin(base_for_join, urlunsplit(("", "", ref.path, "", ref.fragment))))
    return urlunsplit((joined.scheme, joined.netloc, joined.path, base.query, joined.fragment))


def _temp_repo_name() -> str:
    return base64.b64encode(secrets.token_bytes(20)).decode().replace("/", "-")


def find_chart_in_repo_url(
    repo_url: str,
    chart_name: str,
    *,
    version: str = "",
    username: str = "",
    password: str = "",
    pass_credentials_all: bool = False,
    cert_file: str = "",
    key_file: str = "",
    ca_file: str = "",
    insecure_skip_tls_verify: bool = False,
    cache_path: str = "",
) -> str:
    """The absolute URL of ``chart_name`` (matching ``version``) in the repository at ``repo_url``,
    without adding the repository (Helm ``FindChartInRepoURL``). The temporary cached index is removed.

    Raises :class:`RepoError`: ``looks like "URL" is not a valid chart repository or cannot be
    reached: ...``, :class:`ChartNotFoundError` (``chart "x" version "1" not found in URL repository``).
    """
    entry = Entry(
        name=_temp_repo_name(), url=repo_url, username=username, password=password,
        pass_credentials_all=pass_credentials_all, cert_file=cert_file, key_file=key_file,
        ca_file=ca_file, insecure_skip_tls_verify=insecure_skip_tls_verify,
    )  # fmt: skip
    repo = ChartRepository(entry, cache_path)
    try:
        try:
            path = repo.download_index_file()
        except (GetterError, IndexError_) as err:
            raise RepoError(f"looks like {_q(repo_url)} is not a valid chart repository or cannot be reached: {err}") from None
        index: IndexFile = load_index_file(path)
    finally:
        for leftover in (repo.charts_path(), repo.index_path()):
            if leftover.exists():
                os.unlink(leftover)
    what = f"chart {_q(chart_name)}"
    if version:
        what += f" version {_q(version)}"
    try:
        cv = index.get(chart_name, version)
    except IndexError_:
        raise ChartNotFoundError(what, repo_url) from None
    if not cv.urls:
        raise RepoError(f"{what} has no downloadable URLs")
    return resolve_reference_url(repo_url, cv.urls[0])


def _q(text: str) -> str:
    from pyhelm.codec.json import marshal_string

    return marshal_string(text, escape_html=False)
