"""The ``search repo`` action: search the cached indexes of configured repositories (Helm ``pkg/cmd/search_repo.go``)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pyhelm import helmpath
from pyhelm.repo.index import IndexError_, load_index_file
from pyhelm.repo.repositories import RepoFileError, load_file
from pyhelm.repo.search import MAX_SCORE, Result, SearchError, SearchIndex, sort_score
from pyhelm.semver import Constraints, SemverError, Version


class SearchRepoError(Exception):
    """``search repo`` failed; the message is Helm's."""


@dataclass
class SearchOptions:
    """``helm search repo`` flags."""

    versions: bool = False
    regexp: bool = False
    devel: bool = False
    version: str = ""
    repository_config: str = ""
    repository_cache: str = ""


def build_index(options: SearchOptions) -> SearchIndex:
    """Load every configured repository's cached index (corrupt or missing ones are skipped).

    Raises :class:`SearchRepoError` (``no repositories configured``).
    """
    try:
        repo_file = load_file(options.repository_config)
    except (FileNotFoundError, RepoFileError):
        raise SearchRepoError("no repositories configured") from None
    if not repo_file.repositories:
        raise SearchRepoError("no repositories configured")
    index = SearchIndex()
    for entry in repo_file.repositories:
        path = os.path.join(options.repository_cache, helmpath.cache_index_file(entry.name))
        try:
            repo_index = load_index_file(path)
        except (IndexError_, OSError):
            continue
        index.add_repo(entry.name, repo_index, options.versions or bool(options.version))
    return index


def search_repo(terms: list[str], options: SearchOptions) -> list[Result]:
    """Search repositories for ``terms`` (joined by spaces); all charts when empty.

    Without ``--version``, only stable versions (``>0.0.0``) or, with ``--devel``, any
    (``>0.0.0-0``) are kept; without ``--versions``, one result per chart.
    Raises :class:`SearchRepoError` (bad regexp, ``an invalid version/constraint format: ...``).
    """
    constraint_text = options.version or (">0.0.0-0" if options.devel else ">0.0.0")
    # Helm fills in the default constraint before building the index, so every version is indexed
    index = build_index(SearchOptions(**{**options.__dict__, "version": constraint_text}))
    if terms:
        try:
            results = index.search(" ".join(terms), MAX_SCORE, options.regexp)
        except SearchError as err:
            raise SearchRepoError(str(err)) from None
    else:
        results = index.all()
    results = sort_score(results)
    try:
        constraint = Constraints.parse(constraint_text)
    except SemverError as err:
        raise SearchRepoError(f"an invalid version/constraint format: {err}") from None
    kept: list[Result] = []
    seen: set[str] = set()
    for result in results:
        if not options.versions and result.name in seen:
            continue
        try:
            version = Version.parse(result.chart.version)
        except SemverError:
            continue
        if constraint.check(version):
            kept.append(result)
            seen.add(result.name)
    return kept
