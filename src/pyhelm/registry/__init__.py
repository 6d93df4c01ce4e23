"""OCI registries: references, credentials and Helm's registry client.

``is_oci(ref)`` tells an ``oci://`` reference; :class:`~pyhelm.registry.client.Client`
logs in and out, pushes, pulls, lists tags and resolves versions;
:func:`~pyhelm.registry.client.pull` is the one-call hook for commands that accept
``oci://`` charts.
"""

from __future__ import annotations

from pyhelm.registry.errors import InvalidReferenceError, RegistryError
from pyhelm.registry.reference import OCI_SCHEME, is_oci

__all__ = ["OCI_SCHEME", "InvalidReferenceError", "RegistryError", "is_oci"]
