"""``helm verify``: check a chart archive against its provenance file (Helm ``action.Verify``)."""

from __future__ import annotations

import os

from pyhelm.provenance import DEFAULT_KEYRING, Verification, verify


def verify_chart(path: str | os.PathLike[str], keyring: str | os.PathLike[str] = DEFAULT_KEYRING) -> Verification:
    """Verify ``path`` against ``<path>.prov`` with the public keys of ``keyring``.

    Raises :class:`pyhelm.provenance.ProvenanceError` with Helm's message.
    """
    return verify(path, None, keyring)


def report(ver: Verification) -> str:
    """The text ``helm verify`` prints: one ``Signed by:`` line per identity, the key
    fingerprint (upper-case hex) and ``Chart Hash Verified: sha256:...``."""
    lines = [f"Signed by: {name}" for name in ver.signed_by]
    lines.append(f"Using Key With Fingerprint: {ver.fingerprint.upper()}")
    lines.append(f"Chart Hash Verified: {ver.file_hash}")
    return "\n".join(lines) + "\n"


def run(path: str | os.PathLike[str], keyring: str | os.PathLike[str] = DEFAULT_KEYRING) -> str:
    """Helm ``Verify.Run``: verify and return the report text. Raises ``ProvenanceError``."""
    return report(verify_chart(path, keyring))
