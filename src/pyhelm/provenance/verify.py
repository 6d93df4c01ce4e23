"""Verifying chart archives against ``.prov`` files (Helm ``downloader.VerifyChart`` / ``Signatory.Verify``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pyhelm.provenance.common import (
    DEFAULT_KEYRING,
    ProvenanceError,
    Verification,
    digest,
    gnupg_home,
    go_os_error,
    key_identities,
    parse_message_block,
    read_file,
)

UNKNOWN_SIGNER = "openpgp: signature made by unknown entity"
BAD_SIGNATURE = "openpgp: invalid signature: RSA verification failure"
_BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----"


def verify(
    archive_path: str | os.PathLike[str],
    prov_path: str | os.PathLike[str] | None = None,
    keyring: str | os.PathLike[str] = DEFAULT_KEYRING,
) -> Verification:
    """Check a chart archive against its provenance file (Helm ``downloader.VerifyChart``).

    ``prov_path`` defaults to ``<archive>.prov``; ``keyring`` holds the trusted public keys.
    Returns a :class:`Verification`. Raises :class:`ProvenanceError` with Helm's messages:
    ``stat PATH: no such file or directory``, ``unpacked charts cannot be verified``,
    ``chart must be a tgz file``, ``could not load provenance file PATH: ...``,
    ``failed to load keyring: ...``, ``signature block not found``,
    ``openpgp: signature made by unknown entity``, ``openpgp: invalid signature: ...``,
    ``provenance does not contain a SHA for a file named "NAME"``,
    ``sha256 sum does not match for NAME: "sha256:..." != "sha256:..."``.
    """
    path = os.fspath(archive_path)
    try:
        is_dir = Path(path).is_dir() if os.stat(path) else False
    except OSError as err:
        raise ProvenanceError(go_os_error("stat", path, err)) from None
    if is_dir:
        raise ProvenanceError("unpacked charts cannot be verified")
    if os.path.splitext(path)[1].lower() != ".tgz":
        raise ProvenanceError("chart must be a tgz file")
    prov = os.fspath(prov_path) if prov_path is not None else path + ".prov"
    try:
        os.stat(prov)
    except OSError as err:
        raise ProvenanceError(f"could not load provenance file {prov}: {go_os_error('stat', prov, err)}") from None
    with gnupg_home(keyring, load_error="failed to load keyring: ") as gpg:
        archive_data = read_file(path)
        prov_data = read_file(prov)
        return verify_data(gpg, archive_data, prov_data, os.path.basename(path))


def verify_data(gpg: Any, archive_data: bytes, prov_data: bytes, file_name: str) -> Verification:
    """Helm ``Signatory.Verify`` on bytes, with the keys of ``gpg``'s home as the keyring.

    Raises :class:`ProvenanceError` as :func:`verify` describes.
    """
    text = prov_data.decode("utf-8", "replace")
    if _BEGIN not in text or "-----BEGIN PGP SIGNATURE-----" not in text:
        raise ProvenanceError("signature block not found")
    result = gpg.decrypt(prov_data)
    if not result.valid:
        status = f"{result.status or ''} {getattr(result, 'stderr', '')}"
        if "NO_PUBKEY" in status or "no public key" in status:
            raise ProvenanceError(UNKNOWN_SIGNER)
        if "BADSIG" in status or "bad signature" in status:
            raise ProvenanceError(BAD_SIGNATURE)
        raise ProvenanceError("signature block not found")
    signer = _signer(gpg, result)
    ver = Verification(signed_by=signer["uids"], fingerprint=signer["fingerprint"])
    sums = parse_message_block(result.data.decode("utf-8", "replace"))
    actual = "sha256:" + digest(archive_data)
    if file_name not in sums:
        raise ProvenanceError(f'provenance does not contain a SHA for a file named "{file_name}"')
    if sums[file_name] != actual:
        raise ProvenanceError(f'sha256 sum does not match for {file_name}: "{sums[file_name]}" != "{actual}"')
    ver.file_hash = actual
    ver.file_name = file_name
    return ver


def _signer(gpg: Any, result: Any) -> dict[str, Any]:
    """The key (fingerprint and identities) that made a good signature."""
    wanted = {
        str(value).upper()
        for value in (getattr(result, "pubkey_fingerprint", None), result.fingerprint, result.key_id)
        if value
    }
    for key in key_identities(gpg):
        if wanted & key["ids"]:
            return key
    primary = (getattr(result, "pubkey_fingerprint", None) or "").upper()
    return {"fingerprint": primary, "uids": [result.username] if result.username else []}
