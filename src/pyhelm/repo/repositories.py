"""``repositories.yaml`` (Helm ``repo.File`` and ``repo.Entry``).

The file lists named chart repositories with their URL, credentials and TLS settings.
It is read with sigs.k8s.io/yaml (unknown fields ignored) and written with keys sorted,
as Helm writes it; writes here are atomic (temporary file + rename). Helm's ``repo add``
holds ``<file without extension>.lock`` while it reads, downloads and writes:
:func:`file_lock` does the same with ``fcntl.flock``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pyhelm.codec import yaml as goyaml
from pyhelm.fsutil import atomic_write
from pyhelm.repo import gotime


class RepoFileError(Exception):
    """repositories.yaml could not be read, parsed or locked."""


@dataclass
class Entry:
    """One repository (Helm ``repo.Entry``); field names follow its JSON tags."""

    name: str = ""
    url: str = ""
    username: str = ""
    password: str = ""
    cert_file: str = ""
    key_file: str = ""
    ca_file: str = ""
    insecure_skip_tls_verify: bool = False
    pass_credentials_all: bool = False

    _JSON = {
        "name": "name", "url": "url", "username": "username", "password": "password",
        "cert_file": "certFile", "key_file": "keyFile", "ca_file": "caFile",
        "insecure_skip_tls_verify": "insecure_skip_tls_verify", "pass_credentials_all": "pass_credentials_all",
    }  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The entry as ``json.Marshal`` writes it (every field, JSON names)."""
        return {self._JSON[f.name]: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Entry:
        """An entry from decoded YAML (unknown keys ignored; Go's case-insensitive key match)."""
        entry = cls()
        lowered = {str(k).lower(): v for k, v in raw.items()}
        for f in fields(cls):
            value = lowered.get(cls._JSON[f.name].lower())
            if value is None:
                continue
            if f.type == "bool" or isinstance(getattr(entry, f.name), bool):
                if not isinstance(value, bool):
                    raise RepoFileError(
                        f"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                        f"{type(value).__name__} into Go struct field Entry.repositories.{cls._JSON[f.name]} of type bool"
                    )
            elif not isinstance(value, str):
                raise RepoFileError(
                    f"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                    f"{_kind(value)} into Go struct field Entry.repositories.{cls._JSON[f.name]} of type string"
                )
            setattr(entry, f.name, value)
        return entry


def _kind(value: Any) -> str:
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


@dataclass
class RepoFile:
    """Helm ``repo.File``: ``apiVersion``, ``generated`` and the repository entries in order."""

    api_version: str = ""
    generated: str = gotime.ZERO_TIME
    repositories: list[Entry] = field(default_factory=list)

    def add(self, *entries: Entry) -> None:
        """Append entries."""
        self.repositories.extend(entries)

    def update(self, *entries: Entry) -> None:
        """Replace entries with the same name in place, append the others (Helm ``Update``)."""
        for entry in entries:
            for i, existing in enumerate(self.repositories):
                if existing.name == entry.name:
                    self.repositories[i] = entry
                    break
            else:
                self.add(entry)

    def get(self, name: str) -> Entry | None:
        """The entry called ``name``, or None."""
        return next((e for e in self.repositories if e.name == name), None)

    def has(self, name: str) -> bool:
        """Whether a repository called ``name`` exists."""
        return self.get(name) is not None

    def remove(self, name: str) -> bool:
        """Drop the entry called ``name``; returns whether it existed."""
        kept = [e for e in self.repositories if e.name != name]
        found = len(kept) != len(self.repositories)
        self.repositories = kept
        return found

    def to_yaml(self) -> str:
        """The file as Helm writes it (sigs.k8s.io/yaml: keys sorted)."""
        return goyaml.dump({
            "apiVersion": self.api_version, "generated": self.generated,
            "repositories": [e.to_dict() for e in self.repositories],
        })  # fmt: skip

    def write_file(self, path: str | os.PathLike[str], mode: int = 0o600) -> None:
        """Write the file atomically with ``mode``, creating its directory."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, self.to_yaml().encode(), mode)


def new_file() -> RepoFile:
    """An empty repositories file generated now (Helm ``NewFile``)."""
    return RepoFile(api_version="v1", generated=gotime.now(), repositories=[])


def parse(data: bytes) -> RepoFile:
    """Decode repositories.yaml bytes (sigs.k8s.io/yaml ``Unmarshal`` into ``repo.File``).

    Raises :class:`RepoFileError` with the decoder's message.
    """
    try:
        raw = goyaml.load(data) if data.strip() else None
    except goyaml.YAMLError as err:
        raise RepoFileError(str(err)) from None
    result = RepoFile()
    if raw is None:
        return result
    if not isinstance(raw, dict):
        raise RepoFileError(
            f"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {_kind(raw)} "
            "into Go value of type repo.File"
        )
    if isinstance(raw.get("apiVersion"), str):
        result.api_version = raw["apiVersion"]
    if isinstance(raw.get("generated"), str):
        try:
            result.generated = gotime.normalize(raw["generated"])
        except ValueError as err:
            raise RepoFileError(f"error unmarshaling JSON: while decoding JSON: {err}") from None
    for item in raw.get("repositories") or []:
        if isinstance(item, dict):
            result.repositories.append(Entry.from_dict(item))
    return result


def load_file(path: str | os.PathLike[str]) -> RepoFile:
    """Read repositories.yaml (Helm ``LoadFile``).

    Raises FileNotFoundError (message ``couldn't load repositories file (PATH): open PATH:
    no such file or directory``) when missing, :class:`RepoFileError` when malformed.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"couldn't load repositories file ({os.fspath(path)}): open {os.fspath(path)}: no such file or directory"
        ) from None
    return parse(data)


def lock_path(repo_file: str | os.PathLike[str]) -> str:
    """Helm's lock file for ``repo add``: the repositories file with its extension replaced by ``.lock``."""
    name = os.fspath(repo_file)
    root, ext = os.path.splitext(name)
    if ext and len(ext) < len(name) and not os.path.basename(name).startswith(ext):
        return root + ".lock"
    return name + ".lock"


@contextlib.contextmanager
def file_lock(repo_file: str | os.PathLike[str], timeout: float = 30.0) -> Iterator[None]:
    """Hold Helm's exclusive ``flock`` on the repositories file's ``.lock`` file.

    Retries every second for ``timeout`` seconds (Helm ``TryLockContext``); raises
    :class:`RepoFileError` (``context deadline exceeded``) when it cannot be had.
    """
    import fcntl

    path = lock_path(repo_file)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RepoFileError("context deadline exceeded") from None
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
