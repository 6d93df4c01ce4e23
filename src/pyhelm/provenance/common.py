"""Shared pieces of provenance: the message block, digests, errors and a throw-away GnuPG home."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_keyring() -> str:
    """Helm's ``defaultKeyring()``: ``$GNUPGHOME/pubring.gpg``, else ``~/.gnupg/pubring.gpg`` (read now)."""
    return str(Path(os.environ.get("GNUPGHOME") or Path.home() / ".gnupg") / "pubring.gpg")


DEFAULT_KEYRING = default_keyring()
""":func:`default_keyring` when pyhelm was imported."""

_KEYBOX_MAGIC = b"KBXf"


class ProvenanceError(Exception):
    """Signing or verification failed; ``str(err)`` is Helm's message."""


@dataclass
class Verification:
    """The result of a successful verification (Helm ``provenance.Verification``).

    ``signed_by`` lists the identities (``Name (Comment) <email>``) of the signing key,
    ``fingerprint`` is its primary key fingerprint in upper-case hex, ``file_hash`` is
    ``sha256:<hex>`` and ``file_name`` the archive's base name.
    """

    file_name: str = ""
    file_hash: str = ""
    signed_by: list[str] = field(default_factory=list)
    fingerprint: str = ""


def digest(data: bytes) -> str:
    """Helm ``provenance.Digest``: the lower-case hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def digest_file(path: str | os.PathLike[str]) -> str:
    """Helm ``provenance.DigestFile``: hex SHA-256 of a file. Raises :class:`ProvenanceError` (Go wording)."""
    return digest(read_file(path, "open"))


def go_os_error(op: str, path: str | os.PathLike[str], err: OSError) -> str:
    """Go's ``*PathError`` text for an OS error: ``OP PATH: no such file or directory``."""
    reasons = {
        errno.ENOENT: "no such file or directory",
        errno.EACCES: "permission denied",
        errno.EISDIR: "is a directory",
        errno.ENOTDIR: "not a directory",
    }
    reason = reasons.get(err.errno or 0, (err.strerror or str(err)).lower())
    return f"{op} {os.fspath(path)}: {reason}"


def read_file(path: str | os.PathLike[str], op: str = "open") -> bytes:
    """Read a whole file; OS errors become :class:`ProvenanceError` with Go's wording."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise ProvenanceError(go_os_error(op, path, err)) from None


def message_block(archive_data: bytes, file_name: str, metadata_yaml: str) -> str:
    """The text Helm clear-signs (``messageBlock``): metadata, ``...``, then the file sums.

    ``metadata_yaml`` is the chart metadata already marshalled as Helm marshals it.
    Returns ``<metadata>\\n...\\nfiles:\\n  <file_name>: sha256:<hex>\\n``.
    """
    from pyhelm.codec import yaml as goyaml

    sums = goyaml.dump({"files": {file_name: "sha256:" + digest(archive_data)}})
    return metadata_yaml + "\n...\n" + sums


def parse_message_block(text: str) -> dict[str, str]:
    """Helm ``parseMessageBlock``: the ``files`` sums of a signed message (metadata ignored).

    Raises :class:`ProvenanceError` (``message block must have at least two parts`` or
    a YAML error).
    """
    from pyhelm.codec import yaml as goyaml

    parts = text.split("\n...\n")
    if len(parts) < 2:
        raise ProvenanceError("message block must have at least two parts")
    try:
        sums: Any = goyaml.load(parts[1])
    except Exception as err:  # codec errors carry sigs.k8s.io wording
        raise ProvenanceError(str(err)) from None
    files = sums.get("files") if isinstance(sums, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


# ---------------------------------------------------------------------------
# GnuPG


def gpg_binary() -> str:
    """The ``gpg`` executable. Raises :class:`ProvenanceError` when GnuPG is not installed."""
    found = shutil.which("gpg") or shutil.which("gpg2")
    if not found:
        raise ProvenanceError("GnuPG (gpg) is required for provenance signing and verification but was not found")
    return found


@contextlib.contextmanager
def gnupg_home(keyring: str | os.PathLike[str], load_error: str = "") -> Iterator[Any]:
    """A ``gnupg.GPG`` on a temporary home holding the keys of ``keyring``; removed afterwards.

    ``keyring`` may be a binary OpenPGP key stream (``pubring.gpg``, ``secring.gpg``, an
    exported secret key), an ASCII-armored export, or a GnuPG keybox (``pubring.kbx``).
    Raises :class:`ProvenanceError`: Go's ``open PATH: ...`` when the file cannot be read
    (prefixed by ``load_error`` when given).
    """
    import gnupg

    try:
        data = Path(keyring).read_bytes()
    except OSError as err:
        raise ProvenanceError(load_error + go_os_error("open", keyring, err)) from None
    _check_keyring_data(data, load_error)
    binary = gpg_binary()
    home = tempfile.mkdtemp(prefix="pyhelm-gnupg-")
    try:
        gpg = gnupg.GPG(gpgbinary=binary, gnupghome=home)
        gpg.encoding = "latin-1"  # status lines may carry binary notation data; texts are passed as bytes
        _import_keyring(gpg, home, data)
        yield gpg
    finally:
        subprocess.run(
            ["gpgconf", "--homedir", home, "--kill", "gpg-agent"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )  # fmt: skip
        shutil.rmtree(home, ignore_errors=True)


def _check_keyring_data(data: bytes, load_error: str) -> None:
    """Reject what Go's ``openpgp.ReadKeyRing`` cannot even start to read, with its wording."""
    if data and not data[0] & 0x80:  # armored and keybox files too: Helm v4.2 reads binary keyrings only
        raise ProvenanceError(load_error + "openpgp: invalid data: tag byte does not have MSB set")


def _import_keyring(gpg: Any, home: str, data: bytes) -> None:
    """Import every key of a keyring file (keybox files are exported through gpg first)."""
    if data[8:12] == _KEYBOX_MAGIC:
        ring = os.path.join(home, "source.kbx")
        Path(ring).write_bytes(data)
        exported = subprocess.run(
            [gpg.gpgbinary, "--homedir", home, "--batch", "--no-default-keyring", "--keyring", ring, "--export"],
            capture_output=True, check=False,
        )  # fmt: skip
        data = exported.stdout
    if data:
        gpg.import_keys(data)


def key_identities(gpg: Any, *, secret: bool = False) -> list[dict[str, Any]]:
    """The keys in the home: ``[{"fingerprint", "uids", "secret", "ids"}]``.

    ``uids`` are the identities (UTF-8), ``secret`` says whether the secret key is there,
    ``ids`` holds the long key ids and fingerprints of the key and its subkeys.
    """
    secret_fprs = {k["fingerprint"] for k in gpg.list_keys(True)}
    keys = gpg.list_keys(True) if secret else gpg.list_keys()
    out = []
    for k in keys:
        ids = {k["fingerprint"].upper(), k["keyid"].upper()}
        for sub in k.get("subkeys") or []:
            ids.update(str(part).upper() for part in sub[:3] if isinstance(part, str) and len(part) >= 16)
        uids = [_utf8(uid) for uid in k.get("uids") or []]
        out.append({"fingerprint": k["fingerprint"], "uids": uids, "secret": k["fingerprint"] in secret_fprs, "ids": ids})
    return out


def _utf8(text: str) -> str:
    """Undo the latin-1 decoding of gpg's UTF-8 output."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
