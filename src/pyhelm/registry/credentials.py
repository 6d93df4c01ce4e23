"""Registry credentials where Helm keeps them: a Docker-style ``config.json``.

Helm's registry client stores logins in ``$HELM_REGISTRY_CONFIG`` (default
``~/.config/helm/registry/config.json``) through oras-go's file store: a JSON object whose
``auths`` map a registry host to ``{"auth": base64("user:password")}``, written with tab
indentation and mode 0600, other keys of the file kept. Reads fall back to Docker's own
``config.json`` (``$DOCKER_CONFIG/config.json`` or ``~/.docker/config.json``), as Helm's
credential store with fallbacks does. Credential helpers (``credsStore``/``credHelpers``)
are not run.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhelm.fsutil import atomic_write
from pyhelm.registry.errors import RegistryError


@dataclass(frozen=True)
class Credential:
    """oras-go ``auth.Credential``: basic ``username``/``password`` or an identity (refresh) token."""

    username: str = ""
    password: str = ""
    refresh_token: str = ""

    @property
    def empty(self) -> bool:
        """Whether no secret at all is set."""
        return not (self.username or self.password or self.refresh_token)


def default_credentials_file() -> str:
    """Helm's registry config: ``$HELM_REGISTRY_CONFIG`` or ``<config home>/registry/config.json``."""
    from pyhelm import helmpath

    return os.environ.get("HELM_REGISTRY_CONFIG") or str(helmpath.config_path("registry", "config.json"))


def docker_config_file() -> str:
    """Docker's ``config.json``: ``$DOCKER_CONFIG/config.json`` or ``~/.docker/config.json``."""
    base = os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    return os.path.join(base, "config.json")


DOCKER_HUB_KEY = "https://index.docker.io/v1/"


def server_address(host: str) -> str:
    """oras-go ``ServerAddressFromRegistry``: the key a registry's login is stored under.

    ``docker.io`` is kept as Docker's legacy ``https://index.docker.io/v1/``; every other
    registry as its ``host[:port]``.
    """
    return DOCKER_HUB_KEY if host == "docker.io" else host


def _hostname(address: str) -> str:
    """Docker's ``ToHostname``: ``https://host/v1/`` → ``host``."""
    for prefix in ("http://", "https://"):
        if address.startswith(prefix):
            address = address[len(prefix) :]
            break
    return address.split("/", 1)[0]


def _unmarshal_error(value: Any) -> str:
    from pyhelm.codec import json as gojson

    return f"json: cannot unmarshal {gojson.go_type_name(value)} into Go value of type map[string]json.RawMessage"


def _decode_entry(entry: Any, path: str, host: str) -> Credential:
    if not isinstance(entry, dict):
        return Credential()
    username = str(entry.get("username") or "")
    password = str(entry.get("password") or "")
    auth = entry.get("auth") or ""
    if auth:
        try:
            text = base64.b64decode(str(auth), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as err:
            raise RegistryError(f"failed to get credentials for {host}: invalid auth in {path}: {err}") from None
        user, sep, secret = text.partition(":")
        if not sep:
            raise RegistryError(f"failed to get credentials for {host}: invalid auth configuration file")
        username, password = user, secret
    return Credential(username, password, str(entry.get("identitytoken") or ""))


class FileStore:
    """One Docker-style credentials file (oras-go ``credentials.NewStore`` over a file)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def _load(self) -> dict[str, Any]:
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read()
        except FileNotFoundError:
            return {}
        except OSError as err:
            raise RegistryError(f"failed to read config file {self.path}: {err.strerror}") from None
        if not raw.strip():
            return {}
        from pyhelm.codec import json as gojson

        try:
            content = gojson.unmarshal(raw)
        except gojson.JSONError as err:
            # Helm reads the file with a json.Decoder: a truncated document is "unexpected EOF"
            text = "unexpected EOF" if str(err) == "unexpected end of JSON input" else str(err)
            raise RegistryError(f"failed to decode config file {self.path}: invalid config format: {text}") from None
        if content is None:
            return {}
        if not isinstance(content, dict):
            raise RegistryError(f"failed to decode config file {self.path}: invalid config format: {_unmarshal_error(content)}")
        auths = content.get("auths")
        if auths is not None and not isinstance(auths, dict):
            raise RegistryError(f"failed to unmarshal auths field: invalid config format: {_unmarshal_error(auths)}")
        return content

    def check(self) -> None:
        """Read the file now, as Helm does when it creates its client (raises :class:`RegistryError`)."""
        self._load()

    def get(self, host: str) -> Credential:
        """The credential stored for ``host`` (exact key first, then Docker-normalised keys)."""
        auths = self._load().get("auths")
        if not isinstance(auths, dict):
            return Credential()
        if host in auths:
            return _decode_entry(auths[host], self.path, host)
        for key, entry in auths.items():
            if _hostname(str(key)) == host:
                return _decode_entry(entry, self.path, host)
        return Credential()

    def put(self, host: str, credential: Credential) -> None:
        """Store ``credential`` for ``host``: ``{"auth": base64(user:password)}`` (+ ``identitytoken``)."""
        content = self._load()
        auths = content.get("auths")
        if not isinstance(auths, dict):
            auths = {}
        entry: dict[str, str] = {}
        if credential.username or credential.password:
            token = f"{credential.username}:{credential.password}".encode()
            entry["auth"] = base64.b64encode(token).decode("ascii")
        if credential.refresh_token:
            entry["identitytoken"] = credential.refresh_token
        auths[host] = entry
        content["auths"] = auths
        self._save(content)

    def delete(self, host: str) -> None:
        """Remove ``host``'s entry; a host with no entry (or no file) is not an error."""
        content = self._load()
        auths = content.get("auths")
        if not isinstance(auths, dict) or host not in auths:
            return
        del auths[host]
        self._save(content)

    def _save(self, content: dict[str, Any]) -> None:
        from pyhelm.codec import json as gojson

        text = gojson.marshal(content, indent="\t")
        directory = Path(self.path).parent
        directory.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, text.encode("utf-8"), 0o600)


class CredentialStore:
    """Helm's credential store: its own file for reads and writes, Docker's file as a read fallback."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, docker_fallback: bool = True) -> None:
        self.primary = FileStore(path if path is not None else default_credentials_file())
        self.fallbacks = [FileStore(docker_config_file())] if docker_fallback else []

    @property
    def path(self) -> str:
        """The Helm credentials file."""
        return self.primary.path

    def get(self, host: str) -> Credential:
        """The first non-empty credential for ``host`` (Helm's file, then Docker's)."""
        for store in [self.primary, *self.fallbacks]:
            cred = store.get(server_address(host))
            if not cred.empty:
                return cred
        return Credential()

    def put(self, host: str, credential: Credential) -> None:
        """Store a login in Helm's file."""
        self.primary.put(server_address(host), credential)

    def delete(self, host: str) -> None:
        """Remove a login from Helm's file."""
        self.primary.delete(server_address(host))
