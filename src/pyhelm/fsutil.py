"""Small file-system helpers shared by the repository, registry, package and pull code."""

from __future__ import annotations

import os
import tempfile


def atomic_write(path: str | os.PathLike[str], data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` so that readers never see a half-written file.

    Follows Helm's ``internal/fileutil.AtomicWriteFile``: the bytes go to a temporary
    file in the same directory as ``path``, which gets permission bits ``mode`` and is
    then renamed over ``path``. The directory must exist. On any error the temporary
    file is removed and the ``OSError`` (or other exception) propagates unchanged.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
