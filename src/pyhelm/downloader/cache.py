"""Helm's content cache for downloaded charts and provenance files (``pkg/downloader/cache.go``).

Files are keyed by the SHA-256 of the chart archive: ``<root>/<first byte hex>/<hex>.chart``
and ``<hex>.prov``. Empty files count as missing. Writes are atomic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pyhelm.fsutil import atomic_write

CACHE_CHART = ".chart"
CACHE_PROV = ".prov"


@dataclass
class DiskCache:
    """Helm ``DiskCache`` rooted at ``root`` (normally ``$HELM_CONTENT_CACHE``)."""

    root: str

    def path(self, digest_hex: str, kind: str) -> Path:
        """Where the content with this SHA-256 (hex) and kind lives."""
        digest_hex = digest_hex.lower()
        return Path(self.root) / digest_hex[:2] / f"{digest_hex}{kind}"

    def get(self, digest_hex: str, kind: str) -> Path | None:
        """The cached file's path, or None when it is missing or empty."""
        if len(digest_hex) != 64:
            return None
        path = self.path(digest_hex, kind)
        try:
            if path.is_dir() or path.stat().st_size == 0:
                return None
        except OSError:
            return None
        return path

    def put(self, digest_hex: str, data: bytes, kind: str) -> Path:
        """Store ``data`` under the digest; returns its path."""
        path = self.path(digest_hex, kind)
        os.makedirs(path.parent, exist_ok=True)
        atomic_write(path, data, 0o644)
        return path
