"""Errors of the OCI registry client, worded as Helm's registry client (oras-go) words them."""

from __future__ import annotations


class RegistryError(Exception):
    """A registry operation failed; ``str(err)`` is Helm's message (printed after ``Error: ``)."""


class InvalidReferenceError(RegistryError):
    """An ``oci://`` reference that oras-go's ``ParseReference`` rejects (``invalid reference: ...``)."""
