"""Chart provenance (Helm's ``pkg/provenance``): ``.prov`` files signing and verifying chart archives.

A provenance file is a clear-signed OpenPGP message (SHA-512) whose text is the chart's
``Chart.yaml`` metadata as YAML, the YAML document end marker ``...``, then
``files:`` mapping the archive's base name to ``sha256:<hex>``. Signing and signature
checks are done by GnuPG (``gpg``) through python-gnupg, in a throw-away GnuPG home
into which the given keyring file is imported, so the user's own GnuPG state is never
touched.

Public API::

    sign(archive_path, key_name, keyring, passphrase_file=None) -> prov_path
    verify(archive_path, prov_path=None, keyring=DEFAULT_KEYRING) -> Verification
    digest_file(path) -> "<hex>"        # Helm provenance.DigestFile
    message_block(archive_data, file_name, metadata_yaml) -> str
    default_keyring() -> "$GNUPGHOME/pubring.gpg" or "~/.gnupg/pubring.gpg"
    ProvenanceError
"""

from __future__ import annotations

from pyhelm.provenance.common import (
    DEFAULT_KEYRING,
    ProvenanceError,
    Verification,
    default_keyring,
    digest,
    digest_file,
    message_block,
    parse_message_block,
)
from pyhelm.provenance.sign import clear_sign, sign
from pyhelm.provenance.verify import verify, verify_data

__all__ = [
    "DEFAULT_KEYRING",
    "ProvenanceError",
    "Verification",
    "clear_sign",
    "default_keyring",
    "digest",
    "digest_file",
    "message_block",
    "parse_message_block",
    "sign",
    "verify",
    "verify_data",
]
