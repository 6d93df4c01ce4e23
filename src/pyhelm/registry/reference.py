"""OCI references as Helm reads them (``pkg/registry/reference.go`` over oras-go ``ParseReference``).

``oci://host[:port]/path/name[:tag][@digest]``. Helm keeps a trailing ``@digest`` aside,
turns ``+`` into ``_`` in the tag (OCI tags cannot hold ``+``; chart versions can) and
hands the rest to oras-go, whose validation rules and messages are followed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyhelm.engine.runtime import go_quote as _go_quote
from pyhelm.registry.errors import InvalidReferenceError

OCI_SCHEME = "oci"
OCI_PREFIX = OCI_SCHEME + "://"

# distribution/reference grammar as oras-go checks it
_REPOSITORY_RE = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$")
_TAG_RE = re.compile(r"^[\w][\w.-]{0,127}$", re.ASCII)
_DIGEST_RE = re.compile(r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
_HOST_RE = re.compile(r"^(?:\[[0-9A-Fa-f:.%]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(?::[0-9]*)?$")


def is_oci(ref: str) -> bool:
    """Helm ``registry.IsOCI``: whether ``ref`` starts with ``oci://``."""
    return ref.startswith(OCI_PREFIX)


@dataclass(frozen=True)
class OrasReference:
    """oras-go ``registry.Reference``: ``registry/repository`` plus a tag or digest in ``reference``."""

    registry: str
    repository: str
    reference: str = ""

    @property
    def is_digest(self) -> bool:
        """Whether ``reference`` is a digest (``algorithm:hex``) rather than a tag."""
        return ":" in self.reference

    def __str__(self) -> str:
        base = f"{self.registry}/{self.repository}"
        if not self.reference:
            return base
        return f"{base}@{self.reference}" if self.is_digest else f"{base}:{self.reference}"


_DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


def digest_problem(digest: str) -> str:
    """go-digest ``Digest.Validate``: the error text for a malformed digest, or ``""``."""
    i = digest.find(":")
    if i <= 0 or i + 1 == len(digest):
        return "invalid checksum digest format"
    algorithm, encoded = digest[:i], digest[i + 1 :]
    if algorithm not in _DIGEST_SIZES:
        return "invalid checksum digest format" if not _DIGEST_RE.match(digest) else "unsupported digest algorithm"
    if len(encoded) != _DIGEST_SIZES[algorithm] * 2:
        return "invalid checksum digest length"
    if not re.fullmatch(r"[a-f0-9]+", encoded):
        return "invalid checksum digest format"
    return ""


def validate_registry(host: str) -> None:
    """oras-go ``Reference.ValidateRegistry``: raise :class:`InvalidReferenceError` for a bad host."""
    # oras-go: url.ParseRequestURI("dummy://" + registry) must give back the same host
    if not host or "/" in host or "?" in host or "#" in host or "@" in host or not _HOST_RE.match(host):
        raise InvalidReferenceError(f"invalid reference: invalid registry {_go_quote(host)}")


def parse_oras(raw: str) -> OrasReference:
    """oras-go ``registry.ParseReference``: ``registry/repository[:tag|@digest]``.

    Raises :class:`InvalidReferenceError` (``invalid reference: missing registry or
    repository``, ``... invalid registry "X"``, ``invalid repository "X"``,
    ``invalid tag "X"``, ``invalid digest "X"``).
    """
    host, sep, path = raw.partition("/")
    if not sep:
        raise InvalidReferenceError("invalid reference: missing registry or repository")
    reference = ""
    if "@" in path:
        repository, _, reference = path.partition("@")
        repository = repository.split(":", 1)[0]  # a tag before the digest is ignored
    elif ":" in path:
        repository, _, reference = path.partition(":")
    else:
        repository = path
    validate_registry(host)
    if not _REPOSITORY_RE.match(repository):
        raise InvalidReferenceError(f"invalid reference: invalid repository {_go_quote(repository)}")
    if reference:
        if "@" in path:
            problem = digest_problem(reference)
            if problem:
                raise InvalidReferenceError(f"invalid reference: invalid digest {_go_quote(reference)}: {problem}")
        elif not _TAG_RE.match(reference):
            raise InvalidReferenceError(f"invalid reference: invalid tag {_go_quote(reference)}")
    return OrasReference(host, repository, reference)


@dataclass(frozen=True)
class Reference:
    """Helm's registry ``reference``: registry, repository, tag (``+`` already ``_``) and digest."""

    registry: str
    repository: str
    tag: str = ""
    digest: str = ""

    @property
    def oras(self) -> OrasReference:
        """The oras-go reference (``registry/repository[:tag]``, the digest kept apart)."""
        return OrasReference(self.registry, self.repository, self.tag)

    def __str__(self) -> str:
        if not self.tag:
            return f"{self.registry}/{self.repository}" + (f"@{self.digest}" if self.digest else "")
        return str(self.oras)

    @property
    def name(self) -> str:
        """The last path element of the repository (the chart name)."""
        return self.repository.rsplit("/", 1)[-1]


def tag_to_version(tag: str) -> str:
    """An OCI tag back to a chart version: ``_`` becomes ``+`` (Helm issue 10166)."""
    return tag.replace("_", "+")


def version_to_tag(version: str) -> str:
    """A chart version as an OCI tag: ``+`` becomes ``_``."""
    return version.replace("+", "_")


def parse(raw: str) -> Reference:
    """Helm ``newReference``: parse ``[oci://]host/path/name[:tag][@digest]``.

    Returns a :class:`Reference` whose tag has ``+`` replaced by ``_``. The digest after
    the last ``@`` is kept as given. Raises :class:`InvalidReferenceError` as oras-go does.
    """
    if raw.startswith(OCI_PREFIX):
        raw = raw[len(OCI_PREFIX) :]
    digest = ""
    at = raw.rfind("@")
    if at >= 0:
        digest = raw[at + 1 :]
        raw = raw[:at]
    parts = raw.split(":")
    if len(parts) > 1 and "/" not in parts[-1]:
        tag = parts[-1]
        if tag:
            # Helm replaces every occurrence of the tag text, as strings.ReplaceAll does
            raw = raw.replace(tag, version_to_tag(tag))
    oras_ref = parse_oras(raw)
    return Reference(oras_ref.registry, oras_ref.repository, oras_ref.reference, digest)
