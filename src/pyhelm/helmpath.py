"""Where Helm keeps its files: configuration, cache and data homes (Helm ``pkg/helmpath``).

Each home is ``$HELM_*_HOME`` when set, else ``$XDG_*_HOME/helm``, else the XDG default
under the user's home directory (``~/.config/helm``, ``~/.cache/helm``,
``~/.local/share/helm``). Paths are returned as :class:`pathlib.Path`; nothing is created.
"""

from __future__ import annotations

import os
from pathlib import Path


def _home(helm_var: str, xdg_var: str, default: str) -> Path:
    value = os.environ.get(helm_var)
    if value:
        return Path(value)
    xdg = os.environ.get(xdg_var)
    base = Path(xdg) if xdg else Path.home() / default
    return base / "helm"


def config_home() -> Path:
    """``$HELM_CONFIG_HOME``, else ``$XDG_CONFIG_HOME/helm``, else ``~/.config/helm``."""
    return _home("HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config")


def cache_home() -> Path:
    """``$HELM_CACHE_HOME``, else ``$XDG_CACHE_HOME/helm``, else ``~/.cache/helm``."""
    return _home("HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache")


def data_home() -> Path:
    """``$HELM_DATA_HOME``, else ``$XDG_DATA_HOME/helm``, else ``~/.local/share/helm``."""
    return _home("HELM_DATA_HOME", "XDG_DATA_HOME", os.path.join(".local", "share"))


def config_path(*parts: str) -> Path:
    """A path under the configuration home."""
    return config_home().joinpath(*parts)


def cache_path(*parts: str) -> Path:
    """A path under the cache home."""
    return cache_home().joinpath(*parts)


def data_path(*parts: str) -> Path:
    """A path under the data home."""
    return data_home().joinpath(*parts)


def cache_index_file(repo_name: str) -> str:
    """File name of a repository's cached index: ``<name>-index.yaml`` (Helm ``CacheIndexFile``)."""
    return f"{repo_name}-index.yaml" if repo_name else "index.yaml"


def cache_charts_file(repo_name: str) -> str:
    """File name of a repository's cached chart list: ``<name>-charts.txt`` (Helm ``CacheChartsFile``)."""
    return f"{repo_name}-charts.txt" if repo_name else "charts.txt"
