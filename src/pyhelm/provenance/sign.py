"""Signing chart archives (Helm ``provenance.Signatory.ClearSign`` and ``action.Package.Clearsign``)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from pyhelm.engine.runtime import go_quote as _go_quote
from pyhelm.fsutil import atomic_write
from pyhelm.provenance.common import (
    ProvenanceError,
    gnupg_home,
    key_identities,
    message_block,
    read_file,
)

WRONG_PASSPHRASE = "openpgp: invalid data: private key checksum failure"
"""Go openpgp's error for a protected key that the passphrase does not unlock."""


def find_key(keys: list[dict[str, Any]], key_name: str) -> dict[str, Any] | None:
    """Helm ``NewFromKeyring``'s key choice: an identity equal to ``key_name`` wins, else the one key
    with an identity containing it.

    ``keys`` are :func:`~pyhelm.provenance.common.key_identities` entries. Returns the key
    or ``None``; raises :class:`ProvenanceError` (``more than one key contain the id "X"``)
    when several identities contain ``key_name``.
    """
    candidate = None
    vague = False
    for key in keys:
        for uid in key["uids"]:
            if uid == key_name:
                return key
            if key_name in uid:
                if candidate is not None:
                    vague = True
                candidate = key
    if vague:
        raise ProvenanceError(f"more than one key contain the id {_go_quote(key_name)}")
    return candidate


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """Helm ``passphraseFileFetcher``: the first line of the file (``-`` reads standard input).

    Raises :class:`ProvenanceError` with Go's ``open PATH: ...`` wording.
    """
    if os.fspath(path) == "-":
        return sys.stdin.readline().rstrip("\r\n")
    data = read_file(path)
    return data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")


def clear_sign(gpg: Any, fingerprint: str, text: str, passphrase: str) -> str:
    """Clear-sign ``text`` (SHA-512) with the key ``fingerprint`` in ``gpg``'s home.

    The layout matches Go's clearsign encoder: the text, a blank line, then the armored
    signature, with no newline after ``-----END PGP SIGNATURE-----``. Raises
    :class:`ProvenanceError` (:data:`WRONG_PASSPHRASE` when the key stays locked).
    """
    secret_file = os.path.join(gpg.gnupghome, "passphrase")
    with open(os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        out.write(passphrase)
    try:
        signed = gpg.sign(
            (text + "\n").encode("utf-8"), keyid=fingerprint, clearsign=True,
            extra_args=["--digest-algo", "SHA512", "--pinentry-mode", "loopback", "--passphrase-file", secret_file],
        )  # fmt: skip
    finally:
        os.unlink(secret_file)
    out_text = (signed.data or b"").decode("utf-8", "replace")
    if signed.status != "signature created" or "-----BEGIN PGP SIGNATURE-----" not in out_text:
        detail = f"{signed.status} {getattr(signed, 'stderr', '')}"
        if "passphrase" in detail.lower():  # gpg: "Bad passphrase", "No passphrase given"
            raise ProvenanceError(WRONG_PASSPHRASE)
        raise ProvenanceError(f"failed to either sign or armor message block: {signed.status}")
    return out_text.rstrip("\n")


def sign(
    archive_path: str | os.PathLike[str],
    key_name: str,
    keyring: str | os.PathLike[str],
    passphrase_file: str | os.PathLike[str] | None = None,
    *,
    prompt: bool | None = None,
) -> str:
    """Write ``<archive>.prov`` for a packaged chart and return its path (Helm ``Package.Clearsign``).

    ``key_name`` picks the key as :func:`find_key` does; ``keyring`` is a secret keyring
    file. A protected key is unlocked with the first line of ``passphrase_file``, else
    (``prompt`` true, default: standard input is a terminal) with a passphrase asked for
    as Helm asks (``Password for key "NAME" >``). Raises :class:`ProvenanceError`:
    ``open PATH: ...``, ``private key not found``, ``provided key is not a private key.
    Try providing a keyring with secret keys``, ``more than one key contain the id ...``,
    :data:`WRONG_PASSPHRASE`, or the archive's load error.
    """
    from pyhelm.chart.archive import ChartLoadError
    from pyhelm.chart.loader import load_archive
    from pyhelm.chart.metadata import to_go_json
    from pyhelm.codec import yaml as goyaml

    with gnupg_home(keyring) as gpg:
        key = find_key(key_identities(gpg), key_name)
        if key is None:
            raise ProvenanceError("private key not found")
        if not key["secret"]:
            raise ProvenanceError("provided key is not a private key. Try providing a keyring with secret keys")
        passphrase = read_passphrase_file(passphrase_file) if passphrase_file is not None else ""
        archive_data = read_file(archive_path)
        try:
            chart = load_archive(archive_data)
        except ChartLoadError as err:
            raise ProvenanceError(str(err)) from None
        text = message_block(archive_data, Path(archive_path).name, goyaml.dump(to_go_json(chart.metadata)))
        try:
            signature = clear_sign(gpg, key["fingerprint"], text, passphrase)
        except ProvenanceError:
            interactive = sys.stdin.isatty() if prompt is None else prompt
            if passphrase_file is not None or not interactive:
                raise
            name = key["uids"][0] if key["uids"] else "Unknown"
            asked = getpass.getpass(f"Password for key {_go_quote(name)} >  ")
            signature = clear_sign(gpg, key["fingerprint"], text, asked)
    prov_path = os.fspath(archive_path) + ".prov"
    atomic_write(prov_path, signature.encode())
    return prov_path
