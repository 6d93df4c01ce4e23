"""The ``repo index`` action: index a folder of chart archives into ``index.yaml`` (Helm ``pkg/cmd/repo_index.go``)."""

from __future__ import annotations

import os
from pathlib import Path

from pyhelm.repo.index import IndexError_, IndexFile, index_directory, load_index_file, new_index_file


class RepoIndexError(Exception):
    """Indexing failed; the message is Helm's."""


def _write(index: IndexFile, path: str, as_json: bool) -> None:
    try:
        if as_json:
            index.write_json_file(path, 0o644)
        else:
            index.write_file(path, 0o644)
    except FileNotFoundError:
        raise RepoIndexError(f"open {path}: no such file or directory") from None
    except OSError as err:
        raise RepoIndexError(f"open {path}: {(err.strerror or str(err)).lower()}") from None


def repo_index(directory: str, *, url: str = "", merge: str = "", as_json: bool = False) -> Path:
    """Write ``DIR/index.yaml`` for the archives in ``directory`` (and one level of subfolders).

    ``url`` is the repository's base URL for chart URLs; ``merge`` an existing index whose
    entries are kept for versions the folder lacks (created empty when missing, as Helm
    does); ``as_json`` writes JSON instead of YAML (still to ``index.yaml``).
    Returns the written path. Raises :class:`RepoIndexError`.
    """
    root = os.path.abspath(directory)
    out = os.path.join(root, "index.yaml")
    try:
        index = index_directory(root, url)
    except IndexError_ as err:
        raise RepoIndexError(str(err)) from None
    if merge:
        if not os.path.exists(merge):
            other = new_index_file()
            try:
                _write(other, merge, as_json)
            except RepoIndexError:
                pass
        else:
            try:
                other = load_index_file(merge)
            except (IndexError_, OSError) as err:
                raise RepoIndexError(f"merge failed: {err}") from None
        index.merge(other)
    index.sort_entries()
    _write(index, out, as_json)
    return Path(out)
