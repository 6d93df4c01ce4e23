"""Dependency management (Helm ``downloader.Manager`` and ``internal/resolver``).

``Manager.update()`` resolves each dependency of ``Chart.yaml`` to one version
(Masterminds constraints against the repository index, the local chart for ``file://``,
registry tags for ``oci://``), fetches them into ``charts/`` and writes ``Chart.lock``;
``Manager.build()`` fetches exactly what ``Chart.lock`` pins. Everything is fetched into
a temporary folder first and moved into ``charts/`` only when every dependency was
fetched, so a failure leaves ``charts/`` as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from pyhelm.chart.model import Chart, Dependency, Lock
from pyhelm.fsutil import atomic_write

MANAGER_KEY_PREFIX = "helm-manager-"
"""Name prefix of the cached indexes of repositories that are not in repositories.yaml."""

NON_URL_NOTE = """
Note that repositories must be URLs or aliases. For example, to refer to the "example"
repository, use "https://charts.example.com/" or "@example" instead of
"example". Don't forget to add the repo, too ('helm repo add')."""


class ManagerError(Exception):
    """A dependency operation failed; ``str(err)`` is Helm's message."""


class _DepJSON:
    """A dependency marshalled with Go's struct field order (for :func:`hash_req`)."""

    def __init__(self, dep: Dependency) -> None:
        self.dep = dep

    def __go_json_fields__(self) -> list[tuple[str, Any, bool]]:
        d = self.dep
        return [
            ("name", d.name, False), ("version", d.version, True), ("repository", d.repository, False),
            ("condition", d.condition, True), ("tags", list(d.tags) or None, True),
            ("enabled", d.enabled, True), ("import-values", list(d.import_values) or None, True),
            ("alias", d.alias, True),
        ]  # fmt: skip


def hash_req(req: list[Dependency] | None, lock: list[Dependency] | None) -> str:
    """Helm ``resolver.HashReq``: ``sha256:`` of ``json.Marshal([2][]*Dependency{req, lock})``."""
    from pyhelm.codec import json as gojson

    def shape(deps: list[Dependency] | None) -> list[_DepJSON] | None:
        return None if deps is None else [_DepJSON(d) for d in deps]

    data = gojson.marshal([shape(req), shape(lock)]).encode()
    return "sha256:" + hashlib.sha256(data).hexdigest()


def hash_v2_req(req: list[Dependency] | None) -> str:
    """Helm ``resolver.HashV2Req``: the digest Helm 2 wrote, ``sha256:`` of ``{"dependencies": req}``."""
    from pyhelm.codec import json as gojson

    shaped = None if req is None else [_DepJSON(d) for d in req]
    data = gojson.marshal({"dependencies": shaped}).encode()
    return "sha256:" + hashlib.sha256(data).hexdigest()


def go_time_now() -> str:
    """``time.Now()`` as ``encoding/json`` writes it (RFC 3339, nanoseconds without trailing zeros)."""
    ns = time.time_ns()
    local = time.localtime(ns // 1_000_000_000)
    frac = f"{ns % 1_000_000_000:09d}".rstrip("0")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", local) + (f".{frac}" if frac else "")
    offset = local.tm_gmtoff or 0
    if offset == 0:
        return stamp + "Z"
    sign = "+" if offset > 0 else "-"
    offset = abs(offset)
    return f"{stamp}{sign}{offset // 3600:02d}:{offset % 3600 // 60:02d}"


def get_local_path(repo: str, chart_path: str) -> str:
    """Helm ``resolver.GetLocalPath``: the folder a ``file://`` repository points at.

    Relative paths are taken from ``chart_path``. Raises :class:`ManagerError`
    (``directory PATH not found``).
    """
    p = repo[len("file://") :] if repo.startswith("file://") else repo
    dep_path = os.path.abspath(p) if p.startswith("/") else os.path.normpath(os.path.join(chart_path, p))
    if not os.path.exists(dep_path):
        raise ManagerError(f"directory {dep_path} not found")
    return dep_path


def _is_oci(url: str) -> bool:
    return url.startswith("oci://")


def _url_equal(a: str, b: str) -> bool:
    """Helm ``urlutil.Equal``: same URL up to a trailing slash and path cleaning."""
    import posixpath

    ua, ub = urlsplit(a), urlsplit(b)
    if not (ua.scheme and ub.scheme):
        return a == b
    pa = posixpath.normpath(ua.path or "/")
    pb = posixpath.normpath(ub.path or "/")
    return (ua.scheme, ua.netloc, pa, ua.query) == (ub.scheme, ub.netloc, pb, ub.query)


def _parse_request_uri(text: str) -> bool:
    """Go ``url.ParseRequestURI`` succeeds: an absolute URL or an absolute path."""
    if text.startswith("/"):
        return True
    parts = urlsplit(text)
    return bool(parts.scheme) and (text[len(parts.scheme) + 1 :] != "")


def _quote(text: str) -> str:
    from pyhelm.codec.json import marshal_string

    return marshal_string(text, escape_html=False)


def _load_dir(path: str) -> Chart:
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.loader import load_dir

    try:
        return load_dir(path)
    except ChartLoadError as err:
        raise ManagerError(str(err)) from None


@dataclass
class Manager:
    """Helm ``downloader.Manager``: ``update()`` and ``build()`` for the chart folder ``chart_path``.

    ``out`` receives Helm's progress lines; ``verify`` is a ``VERIFY_*`` strategy of
    :mod:`pyhelm.downloader.chart_downloader`; ``skip_update`` skips refreshing the
    repository indexes (``--skip-refresh``).
    """

    chart_path: str = "."
    out: TextIO = field(default_factory=lambda: sys.stdout)
    verify: int = 0
    debug: bool = False
    keyring: str = ""
    skip_update: bool = False
    repository_config: str = ""
    repository_cache: str = ""
    content_cache: str = ""
    registry_config: str = ""
    plain_http: bool = False
    _repo_file: Any = field(default=None, init=False, repr=False)

    # -- entry points -------------------------------------------------------

    def build(self) -> None:
        """Helm ``Manager.Build``: fetch what ``Chart.lock`` pins into ``charts/`` (``update`` when there is no lock).

        Raises :class:`ManagerError` (``the lock file (Chart.lock) is out of sync with the
        dependencies file (Chart.yaml). Please update the dependencies with 'helm dependency
        update'`` and download errors).
        """
        chart = self._load_chart_dir()
        lock = chart.lock
        if lock is None:
            self.update()
            return
        req = chart.metadata.dependencies
        legacy = chart.metadata.api_version == "v1"
        v2_sum = hash_v2_req(req) if legacy else ""
        self.resolve_repo_names(req)
        if hash_req(req, lock.dependencies) != lock.digest:
            if legacy and v2_sum != lock.digest:
                raise ManagerError(
                    "the lock file (requirements.lock) is out of sync with the dependencies file "
                    "(requirements.yaml). Please update the dependencies"
                )
            if not legacy:
                raise ManagerError(
                    "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). "
                    "Please update the dependencies with 'helm dependency update'"
                )
        self.has_all_repos(lock.dependencies)
        if not self.skip_update:
            self.update_repositories()
        self.download_all(lock.dependencies)

    def update(self) -> None:
        """Helm ``Manager.Update``: resolve versions, fetch into ``charts/``, write ``Chart.lock``.

        The lock is left untouched when its digest would not change. Raises
        :class:`ManagerError` (unknown repositories, unsatisfiable constraints, downloads).
        """
        chart = self._load_chart_dir()
        req = chart.metadata.dependencies
        if not req:
            return
        repo_names = self.resolve_repo_names(req)
        repo_names = self.ensure_missing_repos(repo_names, req)
        if not self.skip_update:
            self.update_repositories()
        lock = self.resolve(req, repo_names)
        self.download_all(lock.dependencies)
        lock.digest = hash_req(req, lock.dependencies)
        if chart.lock is not None and chart.lock.digest == lock.digest:
            return
        write_lock(self.chart_path, lock, legacy=chart.metadata.api_version == "v1")

    # -- chart and repositories --------------------------------------------

    def _load_chart_dir(self) -> Chart:
        if not os.path.exists(self.chart_path):
            raise ManagerError(f"stat {self.chart_path}: no such file or directory")
        if not os.path.isdir(self.chart_path):
            raise ManagerError("only unpacked charts can be updated")
        return _load_dir(self.chart_path)

    def _repositories(self) -> list[Any]:
        """The entries of repositories.yaml (none when the file does not exist)."""
        from pyhelm.repo.repositories import RepoFileError, load_file

        if self._repo_file is None:
            try:
                self._repo_file = load_file(self.repository_config) if self.repository_config else None
            except FileNotFoundError:
                self._repo_file = None
            except RepoFileError as err:
                raise ManagerError(str(err)) from None
        return list(self._repo_file.repositories) if self._repo_file is not None else []

    def resolve_repo_names(self, deps: list[Dependency]) -> dict[str, str]:
        """Helm ``resolveRepoNames``: ``{dependency name: repository name}``; ``@name``/``alias:name``
        repositories are replaced by their URL in ``deps``.

        Raises :class:`ManagerError`: ``no repository definition for X. Please add them via
        'helm repo add'`` (plus Helm's note when a repository is not a URL), or
        ``directory PATH not found`` for a bad ``file://`` path.
        """
        repos = self._repositories()
        names: dict[str, str] = {}
        missing: list[str] = []
        for dep in deps:
            if not dep.repository:
                continue
            if dep.repository.startswith("file://"):
                get_local_path(dep.repository, self.chart_path)
                if self.debug:
                    self.out.write(f"Repository from local path: {dep.repository}\n")
                names[dep.name] = dep.repository
                continue
            if _is_oci(dep.repository):
                names[dep.name] = dep.repository
                continue
            found = False
            for entry in repos:
                alias = dep.repository[1:] if dep.repository.startswith("@") else (
                    dep.repository[len("alias:"):] if dep.repository.startswith("alias:") else None
                )  # fmt: skip
                if alias is not None and alias == entry.name:
                    found = True
                    dep.repository = entry.url
                    names[dep.name] = entry.name
                    break
                if _url_equal(entry.url, dep.repository):
                    found = True
                    names[dep.name] = entry.name
                    break
            if not found:
                if _parse_request_uri(dep.repository):
                    names[dep.repository] = dep.repository
                    continue
                missing.append(dep.repository)
        if missing:
            message = f"no repository definition for {', '.join(missing)}. Please add them via 'helm repo add'"
            if any("//" not in r and not r.startswith("@") and not r.startswith("alias:") for r in missing):
                message += NON_URL_NOTE
            raise ManagerError(message)
        return names

    def ensure_missing_repos(self, repo_names: dict[str, str], deps: list[Dependency]) -> dict[str, str]:
        """Helm ``ensureMissingRepos``: give repositories that are not configured a generated
        name (``helm-manager-<sha256 of URL>``) and fetch their index unless ``skip_update``."""
        from pyhelm.repo.repositories import Entry

        unmanaged = []
        for dep in deps:
            if not dep.repository or dep.name in repo_names or _is_oci(dep.repository):
                continue
            name = MANAGER_KEY_PREFIX + hashlib.sha256(dep.repository.encode()).hexdigest()
            repo_names[dep.name] = name
            unmanaged.append(Entry(name=name, url=dep.repository))
        if not self.skip_update and unmanaged:
            self.out.write("Getting updates for unmanaged Helm repositories...\n")
            self._parallel_repo_update(unmanaged)
        return repo_names

    def update_repositories(self) -> None:
        """Helm ``UpdateRepositories``: refresh every configured repository's cached index."""
        repos = self._repositories()
        if repos:
            self.out.write("Hang tight while we grab the latest from your chart repositories...\n")
            self._parallel_repo_update(repos)
            self.out.write("Update Complete. \u2388Happy Helming!\u2388\n")

    def _parallel_repo_update(self, entries: list[Any]) -> None:
        from pyhelm.repo.chartrepo import ChartRepository

        for entry in entries:
            label = _quote(entry.url) if entry.name.startswith(MANAGER_KEY_PREFIX) else _quote(entry.name)
            try:
                ChartRepository(entry, self.repository_cache).download_index_file()
            except Exception as err:  # transport, scheme and index errors are all reported, not raised
                where = label if entry.name.startswith(MANAGER_KEY_PREFIX) else f"{label} ({entry.url})"
                self.out.write(f"...Unable to get an update from the {where} chart repository:\n\t{err}\n")
            else:
                self.out.write(f"...Successfully got an update from the {label} chart repository\n")

    def has_all_repos(self, deps: list[Dependency]) -> None:
        """Helm ``hasAllRepos``: every http(s) repository of the lock must be configured.

        Raises :class:`ManagerError` (``no repository definition for URL, ...``).
        """
        repos = self._repositories()
        missing = []
        for dep in deps:
            if not dep.repository or dep.repository.startswith("file://") or _is_oci(dep.repository):
                continue
            if any(_url_equal(r.url, dep.repository.rstrip("/")) for r in repos):
                continue
            missing.append(dep.repository)
        if missing:
            raise ManagerError(f"no repository definition for {', '.join(missing)}")

    # -- resolution ---------------------------------------------------------

    def _index(self, repo_name: str) -> Any:
        from pyhelm import helmpath
        from pyhelm.repo.index import load_index_file

        path = Path(self.repository_cache) / helmpath.cache_index_file(repo_name)
        try:
            return load_index_file(path)
        except FileNotFoundError:
            raise ManagerError(
                f"no cached repository for {repo_name} found. (try 'helm repo update'): "
                f"open {path}: no such file or directory"
            ) from None
        except Exception as err:  # the index module words its own errors
            raise ManagerError(f"no cached repository for {repo_name} found. (try 'helm repo update'): {err}") from None

    def resolve(self, reqs: list[Dependency], repo_names: dict[str, str]) -> Lock:
        """Helm ``resolver.Resolve``: pin each dependency to one version; return the new lock.

        Raises :class:`ManagerError`: ``dependency "x" has an invalid version/constraint
        format: ...``, ``x chart not found in repo URL``, ``can't get a valid version for N
        subchart(s): "x" (repository "URL", version "C"). Make sure a matching chart version
        exists in the repo, or change the version constraint in Chart.yaml``.
        """
        from pyhelm.semver import Constraints, SemverError, Version

        locked: list[Dependency] = []
        missing: list[str] = []
        for d in reqs:
            try:
                constraint = Constraints.parse(d.version)
            except SemverError as err:
                raise ManagerError(f"dependency {_quote(d.name)} has an invalid version/constraint format: {err}") from None
            if not d.repository:
                get_local_path(os.path.join("charts", d.name), self.chart_path)
                locked.append(Dependency(name=d.name, repository="", version=d.version))
                continue
            if d.repository.startswith("file://"):
                chart = _load_dir(get_local_path(d.repository, self.chart_path))
                try:
                    ok = constraint.check(Version.parse(chart.metadata.version))
                except SemverError:
                    continue
                if not ok:
                    missing.append(f"{_quote(d.name)} (repository {_quote(d.repository)}, version {_quote(d.version)})")
                    continue
                locked.append(Dependency(name=d.name, repository=d.repository, version=chart.metadata.version))
                continue
            repo_name = repo_names.get(d.name, "")
            if not repo_name and not _is_oci(d.repository):
                locked.append(Dependency(name=d.name, repository=d.repository, version=d.version))
                continue
            candidates = self._candidates(d)
            pinned = Dependency(name=d.name, repository=d.repository, version="")
            found = False
            for text in candidates:
                try:
                    v = Version.parse(text)
                except SemverError:
                    continue
                if constraint.check(v):
                    pinned.version = text
                    found = True
                    break
            locked.append(pinned)
            if not found:
                missing.append(f"{_quote(d.name)} (repository {_quote(d.repository)}, version {_quote(d.version)})")
        if missing:
            raise ManagerError(
                f"can't get a valid version for {len(missing)} subchart(s): {', '.join(missing)}. "
                "Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml"
            )
        return Lock(generated=go_time_now(), digest=hash_req(reqs, locked), dependencies=locked)

    def _candidates(self, d: Dependency) -> list[str]:
        """Versions to try for ``d``, newest first: index entries with URLs, or registry tags."""
        from pyhelm.semver import SemverError, Version

        if _is_oci(d.repository):
            try:
                Version.parse(d.version)
                return [d.version]
            except SemverError:
                pass
            ref = f"{d.repository[len('oci://'):].rstrip('/')}/{d.name}"
            try:
                with self._registry_client() as client:
                    return list(client.tags(ref))
            except ManagerError:
                raise
            except Exception as err:  # the registry module words its own errors
                raise ManagerError(f"could not retrieve list of tags for repository {d.repository}: {err}") from None
        repo_name = self._repo_name_for(d)
        index = self._index(repo_name)
        versions = index.entries.get(d.name)
        if versions is None:
            raise ManagerError(f"{d.name} chart not found in repo {d.repository}")
        return [cv.version for cv in versions if cv.urls]

    def _repo_name_for(self, d: Dependency) -> str:
        for entry in self._repositories():
            if _url_equal(entry.url, d.repository):
                return str(entry.name)
        return MANAGER_KEY_PREFIX + hashlib.sha256(d.repository.encode()).hexdigest()

    def _registry_client(self) -> Any:
        from pyhelm.registry.client import Client

        return Client(credentials_file=self.registry_config or None, plain_http=self.plain_http, out=self.out)

    # -- downloading --------------------------------------------------------

    def download_all(self, deps: list[Dependency]) -> None:
        """Helm ``downloadAll``: fetch every dependency into a temporary folder, then move
        them into ``charts/`` and delete outdated archives. On any failure ``charts/`` is
        left untouched. Raises :class:`ManagerError`.
        """
        dest = os.path.join(self.chart_path, "charts")
        if os.path.exists(dest) and not os.path.isdir(dest):
            raise ManagerError(f"{_quote(dest)} is not a directory")
        os.makedirs(dest, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix="tmpcharts-", dir=self.chart_path)
        try:
            self.out.write(f"Saving {len(deps)} charts\n")
            error = self._fetch_all(deps, dest, tmp)
            if error is not None:
                self.out.write(f"Save error occurred:  {error}\n")
                raise ManagerError(str(error))
            self._move_with_backup(deps, tmp, dest)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _move_with_backup(self, deps: list[Dependency], source: str, dest: str) -> None:
        """Move fetched archives into ``dest``; if that fails part way, put ``dest``'s files back."""
        backup = tempfile.mkdtemp(prefix="charts-backup-", dir=self.chart_path)
        try:
            saved = []
            for name in os.listdir(dest):
                path = os.path.join(dest, name)
                if os.path.isfile(path):
                    shutil.copy2(path, os.path.join(backup, name))
                    saved.append(name)
            try:
                self._safe_move_deps(deps, source, dest)
            except BaseException:
                for name in os.listdir(dest):
                    path = os.path.join(dest, name)
                    if os.path.isfile(path) and name not in saved:
                        os.remove(path)
                for name in saved:
                    os.replace(os.path.join(backup, name), os.path.join(dest, name))
                raise
        finally:
            shutil.rmtree(backup, ignore_errors=True)

    def _fetch_all(self, deps: list[Dependency], dest: str, tmp: str) -> Exception | None:
        """Fetch into ``tmp``; returns the first error (Helm's ``saveError``) or ``None``."""
        fetched: set[str] = set()
        for dep in deps:
            try:
                if not dep.repository:
                    self.out.write(
                        f"Dependency {dep.name} did not declare a repository. Assuming it exists in the charts directory\n"
                    )
                    self._check_local_subchart(dep, dest)
                    continue
                if dep.repository.startswith("file://"):
                    if self.debug:
                        self.out.write(f"Archiving {dep.name} from repo {dep.repository}\n")
                    dep.version = self._tar_from_local_dir(dep, tmp)
                    continue
                url = self._fetch_remote(dep, tmp, fetched)
                if url:
                    fetched.add(url)
            except _SaveError as err:
                return err
        return None

    def _check_local_subchart(self, dep: Dependency, dest: str) -> None:
        from pyhelm.semver import Constraints, SemverError, Version

        path = os.path.join(dest, dep.name)
        try:
            chart = _load_dir(path)
        except ManagerError as err:
            raise ManagerError(f"unable to load chart '{path}': {err}") from None
        try:
            constraint = Constraints.parse(dep.version)
        except SemverError as err:
            raise ManagerError(f"dependency {dep.name} has an invalid version/constraint format: {err}") from None
        try:
            v = Version.parse(chart.metadata.version)
        except SemverError as err:
            raise ManagerError(f"invalid version {dep.version} for dependency {dep.name}: {err}") from None
        if not constraint.check(v):
            raise _SaveError(
                f"dependency {dep.name} at version {chart.metadata.version} does not satisfy the constraint {dep.version}"
            )

    def _tar_from_local_dir(self, dep: Dependency, tmp: str) -> str:
        """Helm ``tarFromLocalDir``: package the ``file://`` chart into ``tmp``; returns its version."""
        from pyhelm.action.package import PackageError, save
        from pyhelm.semver import Constraints, SemverError, Version

        try:
            chart = _load_dir(get_local_path(dep.repository, self.chart_path))
        except ManagerError as err:
            raise _SaveError(str(err)) from None
        try:
            constraint = Constraints.parse(dep.version)
        except SemverError as err:
            raise _SaveError(f"dependency {dep.name} has an invalid version/constraint format: {err}") from None
        try:
            v = Version.parse(chart.metadata.version)
        except SemverError as err:
            raise _SaveError(str(err)) from None
        if not constraint.check(v):
            raise _SaveError(f"can't get a valid version for dependency {dep.name}")
        try:
            save(chart, tmp)
        except PackageError as err:
            raise _SaveError(str(err)) from None
        return chart.metadata.version

    def _fetch_remote(self, dep: Dependency, tmp: str, fetched: set[str]) -> str:
        """Find the chart URL and download it into ``tmp``; returns the URL (empty when already fetched)."""
        from pyhelm.downloader.chart_downloader import ChartDownloader, DownloadError

        if _is_oci(dep.repository):
            return self._fetch_oci(dep, tmp, fetched)
        url = self._find_chart_url(dep)
        if url in fetched:
            self.out.write(f"Already downloaded {dep.name} from repo {dep.repository}\n")
            return ""
        self.out.write(f"Downloading {dep.name} from repo {dep.repository}\n")
        downloader = ChartDownloader(
            repository_config=self.repository_config, repository_cache=self.repository_cache,
            content_cache=self.content_cache, verify=self.verify, keyring=self.keyring, out=self.out,
        )  # fmt: skip
        try:
            downloader.download_to(url, "", tmp)
        except DownloadError as err:
            raise _SaveError(f"could not download {url}: {err}") from None
        except Exception as err:  # provenance errors when verifying
            raise _SaveError(str(err)) from None
        return url

    def _find_chart_url(self, dep: Dependency) -> str:
        """Helm ``findChartURL``: the download URL of ``dep`` from a configured repository's
        cached index, else from the repository's freshly fetched index."""
        from pyhelm.repo.chartrepo import RepoError, find_chart_in_repo_url, resolve_reference_url

        for entry in self._repositories():
            if not _url_equal(dep.repository, entry.url):
                continue
            index = self._index(entry.name)
            versions = index.entries.get(dep.name)
            if versions is None:
                raise _SaveError("could not find : entry not found")
            for cv in versions:
                if cv.urls and (not dep.version or _version_equals(dep.version, cv.version)):
                    return resolve_reference_url(entry.url, cv.urls[0])
            raise _SaveError("could not find : no matching version")
        try:
            return find_chart_in_repo_url(dep.repository, dep.name, version=dep.version, cache_path=self.repository_cache)
        except RepoError as err:
            raise _SaveError(f"could not find : chart {dep.name} not found in {dep.repository}: {err}") from None

    def _fetch_oci(self, dep: Dependency, tmp: str, fetched: set[str]) -> str:
        ref = f"{dep.repository.rstrip('/')}/{dep.name}:{dep.version}"
        if ref in fetched:
            self.out.write(f"Already downloaded {dep.name} from repo {dep.repository}\n")
            return ""
        self.out.write(f"Downloading {dep.name} from repo {dep.repository}\n")
        try:
            with self._registry_client() as client:
                result = client.pull(f"{dep.repository.rstrip('/')}/{dep.name}", version=dep.version)
        except Exception as err:  # the registry module words its own errors
            raise _SaveError(f"could not download {dep.repository.rstrip('/')}/{dep.name}: {err}") from None
        Path(tmp, f"{dep.name}-{dep.version}.tgz").write_bytes(result.chart)
        return ref

    def _safe_move_deps(self, deps: list[Dependency], source: str, dest: str) -> None:
        """Helm ``safeMoveDeps``: move fetched archives into ``charts/`` and delete outdated ones."""
        from pyhelm.chart.archive import ChartLoadError
        from pyhelm.chart.loader import load_archive_file

        local = {d.name for d in deps if not d.repository}
        moved = set()
        dest_files = sorted(os.listdir(dest))
        for name in sorted(os.listdir(source)):
            src = os.path.join(source, name)
            if os.path.isdir(src):
                continue
            moved.add(name)
            try:
                load_archive_file(src)
            except (ChartLoadError, OSError) as err:
                self.out.write(f"Could not verify {src} for moving: {err} (Skipping)")
                continue
            os.replace(src, os.path.join(dest, name))
        self.out.write("Deleting outdated charts\n")
        for name in dest_files:
            path = os.path.join(dest, name)
            if os.path.isdir(path) or name in moved:
                continue
            try:
                chart = load_archive_file(path)
            except (ChartLoadError, OSError) as err:
                self.out.write(f"Could not verify {path} for deletion: {err} (Skipping)\n")
                continue
            if chart.metadata.name in local:
                continue
            os.remove(path)


class _SaveError(ManagerError):
    """An error that stops fetching but is reported as Helm's ``Save error occurred``."""


def _version_equals(a: str, b: str) -> bool:
    """Helm ``versionEquals``: semver equality, else string equality."""
    from pyhelm.semver import SemverError, Version

    try:
        va = Version.parse(a)
    except SemverError:
        return a == b
    try:
        return va.compare(Version.parse(b)) == 0
    except SemverError:
        return False


def write_lock(chart_path: str, lock: Lock, *, legacy: bool = False) -> str:
    """Helm ``writeLock``: ``Chart.lock`` (``requirements.lock`` for v1 charts) as sigs.k8s.io/yaml writes it.

    Written atomically; returns its path.
    """
    from pyhelm.chart.metadata import lock_go_json
    from pyhelm.codec import yaml as goyaml

    name = "requirements.lock" if legacy else "Chart.lock"
    path = os.path.join(chart_path, name)
    atomic_write(path, goyaml.dump(lock_go_json(lock)).encode())
    return path
