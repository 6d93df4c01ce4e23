"""GnuPG for provenance tests: make sure ``gpg`` exists (installing Debian's gnupg as root when missing)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def ensure_gpg() -> None:
    """Skip the calling test when GnuPG cannot be had; install it with apt-get when running as root."""
    if shutil.which("gpg"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-q", "gnupg"], env=env, capture_output=True, check=False)
        if not shutil.which("gpg"):
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", "gnupg"], env=env, capture_output=True, check=False)
    if not shutil.which("gpg"):
        pytest.skip("GnuPG (gpg) is not installed")


def make_protected_key(home: os.PathLike[str] | str, passphrase: str, name: str) -> tuple[bytes, bytes]:
    """Generate a passphrase-protected Ed25519 signing key; returns (secret export, public export)."""
    env = dict(os.environ, GNUPGHOME=os.fspath(home))
    os.chmod(home, 0o700)
    base = ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase]
    try:
        subprocess.run([*base, "--quick-gen-key", name, "ed25519", "sign", "never"], env=env, capture_output=True, check=True)
        secret = subprocess.run([*base, "--export-secret-keys"], env=env, capture_output=True, check=True).stdout
        public = subprocess.run(["gpg", "--batch", "--export"], env=env, capture_output=True, check=True).stdout
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True, check=False)
    return secret, public
