"""Client-side repository search (Helm ``pkg/cmd/search``).

Each chart becomes a line ``NAME \\v REPO/NAME \\v DESCRIPTION \\v KEYWORDS``; a match's
score is the number of ``\\v`` separators before it (lower is better), and only
scores below the threshold count. Literal search is case-insensitive; ``--regexp``
uses Go RE2 syntax (translated by the engine's regex support).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pyhelm.repo.index import ChartVersion, IndexFile
from pyhelm.semver import SemverError, Version

SEP = "\v"
VERSION_SEP = "$$"
MAX_SCORE = 25


class SearchError(Exception):
    """A search could not run (bad regular expression)."""


@dataclass
class Result:
    """A search hit: ``repo/chart`` name, score (lower is closer) and the chart version."""

    name: str
    score: int
    chart: ChartVersion


class SearchIndex:
    """Helm ``search.Index``: lines and chart versions keyed by ``repo/chart[$$version]``."""

    def __init__(self) -> None:
        self.lines: dict[str, str] = {}
        self.charts: dict[str, ChartVersion] = {}

    def add_repo(self, repo_name: str, index: IndexFile, all_versions: bool) -> None:
        """Add a repository's charts: the newest of each, or every version when ``all_versions``."""
        index.sort_entries()
        for name, versions in index.entries.items():
            if not versions:
                continue
            full = f"{repo_name}/{name}"
            chosen = versions if all_versions else versions[:1]
            for cv in chosen:
                key = f"{full}{VERSION_SEP}{cv.version}" if all_versions else full
                self.lines[key] = _index_line(repo_name, cv)
                self.charts[key] = cv

    def all(self) -> list[Result]:
        """Every chart as a result with score 0."""
        return [Result(key.split(VERSION_SEP)[0], 0, cv) for key, cv in self.charts.items()]

    def search(self, term: str, threshold: int = MAX_SCORE, regexp: bool = False) -> list[Result]:
        """Charts matching ``term`` with a score below ``threshold``.

        Raises :class:`SearchError` with Go's regexp message for a bad pattern.
        """
        if regexp:
            return self._search_regexp(term, threshold)
        term = term.lower()
        found = []
        for key, line in self.lines.items():
            low = line.lower()
            pos = low.find(term)
            if pos != -1:
                score = _score(pos, low)
                if score < threshold:
                    found.append(Result(key.split(VERSION_SEP)[0], score, self.charts[key]))
        return found

    def _search_regexp(self, pattern: str, threshold: int) -> list[Result]:
        from pyhelm.engine.funcs.regex import compile_go

        try:
            matcher = compile_go(pattern)
        except Exception as err:  # the engine reports Go's wording
            raise SearchError(str(err)) from None
        found = []
        for key, line in self.lines.items():
            match = matcher.search(line)
            if match is None:
                continue
            score = _score(match.start(), line)
            if score < threshold:
                found.append(Result(key.split(VERSION_SEP)[0], score, self.charts[key]))
        return found


def _index_line(repo_name: str, cv: ChartVersion) -> str:
    md = cv.metadata
    return SEP.join((md.name, f"{repo_name}/{md.name}", md.description, " ".join(md.keywords)))


def _score(index: int, line: str) -> int:
    splits = [i for i, ch in enumerate(line) if ch == SEP]
    for n, pos in enumerate(splits):
        if index > pos:
            continue
        return n
    return len(splits)


def _version(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except SemverError:
        return None


def _less(a: Result, b: Result) -> bool:
    if a.score != b.score:
        return a.score < b.score
    if a.name == b.name:
        va, vb = _version(a.chart.version), _version(b.chart.version)
        if va is None or vb is None:
            return True
        return va > vb
    return a.name < b.name


def sort_score(results: list[Result]) -> list[Result]:
    """Results by score, then name, then newest version first (Helm ``SortScore``)."""

    def cmp(a: Result, b: Result) -> int:
        if _less(a, b) and not _less(b, a):
            return -1
        if _less(b, a) and not _less(a, b):
            return 1
        return 0

    return sorted(results, key=functools.cmp_to_key(cmp))
