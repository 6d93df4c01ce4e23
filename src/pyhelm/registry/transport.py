"""HTTP for the OCI distribution API: TLS options, the Docker Registry v2 auth challenge, Go-worded errors.

A request that is answered ``401`` with ``WWW-Authenticate: Basic`` is retried with the
stored credential; ``Bearer realm=...,service=...,scope=...`` fetches a token from the realm
(with the credential, or an identity token as OAuth2 refresh token) and retries with it.
Failures are worded as oras-go and Go's ``net/http`` word them, e.g.
``GET "http://h/v2/": response status code 401: unauthorized: authentication required``
or ``Get "http://h/v2/": dial tcp 127.0.0.1:1: connect: connection refused``.
"""

from __future__ import annotations

import base64
import ipaddress
import re
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

import requests

from pyhelm.engine.runtime import go_quote as _go_quote
from pyhelm.registry.credentials import Credential
from pyhelm.registry.errors import RegistryError

USER_AGENT = "Helm/4.2"

_CHALLENGE_PARAM = re.compile(r'([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """``WWW-Authenticate`` → (scheme lower-cased, parameters)."""
    scheme, _, rest = header.strip().partition(" ")
    params = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _CHALLENGE_PARAM.finditer(rest)}
    return scheme.lower(), params


def merge_scopes(scopes: list[str]) -> list[str]:
    """oras-go ``CleanScopes``: one scope per resource with its actions merged and sorted."""
    merged: dict[str, set[str]] = {}
    for scope in scopes:
        resource, sep, actions = scope.rpartition(":")
        if not sep:
            merged.setdefault(scope, set())
            continue
        merged.setdefault(resource, set()).update(a for a in actions.split(",") if a)
    out = []
    for resource, wanted in sorted(merged.items()):
        out.append(f"{resource}:{','.join(sorted(wanted))}" if wanted else resource)
    return out


def _error_detail(value: Any) -> str:
    from pyhelm.engine.runtime import format_v

    return format_v(value)


def response_error_text(resp: requests.Response) -> str:
    """oras-go ``errcode.ErrorResponse``: ``METHOD "URL": response status code N: code: message[: detail]``."""
    errors: list[str] = []
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        for item in body["errors"]:
            if not isinstance(item, dict):
                continue
            code = str(item.get("code", "")).lower().replace("_", " ")
            text = f"{code}: {item.get('message', '')}"
            if item.get("detail") is not None:
                text += f": {_error_detail(item['detail'])}"
            errors.append(text)
    if len(errors) == 1:
        message = errors[0]
    elif errors:
        message = "multiple errors returned: " + "; ".join(errors)
    else:
        try:
            message = HTTPStatus(resp.status_code).phrase
        except ValueError:
            message = ""
    method = resp.request.method or "GET"
    return f"{method} {_go_quote(resp.request.url or '')}: response status code {resp.status_code}: {message}"


def _dial_host(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0]
    if host.startswith("localhost:"):
        host = "127.0.0.1:" + host.split(":", 1)[1]
    if ":" not in host.rsplit("]", 1)[-1]:
        host += ":443" if url.startswith("https://") else ":80"
    return host


def connection_error_text(method: str, url: str, err: Exception) -> str:
    """Go ``url.Error`` for a failed round trip: ``Get "URL": <cause>`` (method as Go spells it)."""
    text = str(err)
    go_method = method[:1].upper() + method[1:].lower()
    if isinstance(err, requests.exceptions.SSLError):
        if "CERTIFICATE_VERIFY_FAILED" in text:
            if "Hostname mismatch" in text or "IP address mismatch" in text:
                cause = "tls: failed to verify certificate: x509: certificate is not valid for the requested host"
            elif "expired" in text:
                cause = "tls: failed to verify certificate: x509: certificate has expired or is not yet valid"
            else:
                cause = "tls: failed to verify certificate: x509: certificate signed by unknown authority"
        elif "WRONG_VERSION_NUMBER" in text or "wrong version number" in text or "record layer failure" in text:
            cause = "http: server gave HTTP response to HTTPS client"
        else:
            cause = f"tls: {text}"
    elif "Connection refused" in text or "ConnectionRefusedError" in text or "Errno 111" in text:
        cause = f"dial tcp {_dial_host(url)}: connect: connection refused"
    elif isinstance(err, requests.exceptions.Timeout):
        cause = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
    elif "Name or service not known" in text or "nodename nor servname" in text or "Temporary failure in name resolution" in text:
        host = _dial_host(url).rsplit(":", 1)[0]
        cause = f"dial tcp: lookup {host}: no such host"
    elif isinstance(err, requests.exceptions.ConnectionError) and ("RemoteDisconnected" in text or "BadStatusLine" in text):
        cause = "net/http: HTTP/1.x transport connection broken: malformed HTTP response"
    else:
        cause = text
    return f"{go_method} {_go_quote(url)}: {cause}"


def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0].strip("[]") if host.count(":") <= 1 or host.startswith("[") else host
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _proxies_for(url: str) -> dict[str, str]:
    """Go ``ProxyFromEnvironment``: ``HTTP(S)_PROXY`` unless ``NO_PROXY`` or a loopback host says no."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    if _is_loopback(host):
        return {}
    proxies = urllib.request.getproxies()
    if not proxies or urllib.request.proxy_bypass(host.rsplit(":", 1)[0] if "]" not in host else host):
        return {}
    return {k: v for k, v in proxies.items() if k in ("http", "https")}


class Transport:
    """HTTP access to one registry host with Helm's TLS flags and the registry auth flows.

    ``credential`` is a callable ``host -> Credential`` (the credential store, or fixed
    basic auth from ``--username/--password``). Raises :class:`RegistryError` on network
    and TLS failures (Go wording).
    """

    def __init__(
        self,
        credential: Callable[[str], Credential],
        *,
        plain_http: bool = False,
        insecure: bool = False,
        ca_file: str = "",
        cert_file: str = "",
        key_file: str = "",
        timeout: float = 60.0,
    ) -> None:
        self.credential = credential
        self.plain_http = plain_http
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.trust_env = False
        if insecure:
            self.session.verify = False
        elif ca_file:
            self.session.verify = ca_file
        if cert_file and key_file:
            self.session.cert = (cert_file, key_file)
        self._auth_headers: dict[tuple[str, str], str] = {}

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()

    def url(self, host: str, path: str) -> str:
        """``scheme://host/path`` (``http`` with plain HTTP, else ``https``)."""
        if host == "docker.io":  # oras-go: Docker Hub's API lives on registry-1.docker.io
            host = "registry-1.docker.io"
        return f"{'http' if self.plain_http else 'https'}://{host}{path}"

    def _send(self, method: str, url: str, host: str, headers: Mapping[str, str], **kwargs: Any) -> requests.Response:
        proxies = _proxies_for(url)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return self.session.request(
                    method, url, headers=dict(headers), timeout=self.timeout, allow_redirects=True, proxies=proxies, **kwargs
                )
        except requests.exceptions.RequestException as err:
            raise RegistryError(connection_error_text(method, url, err)) from None

    def request(
        self,
        method: str,
        host: str,
        path_or_url: str,
        *,
        scope: str = "",
        headers: Mapping[str, str] | None = None,
        credential: Credential | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send one request, answering a ``401`` challenge once.

        ``scope`` is the token scope (``repository:NAME:pull[,push]``); ``credential``
        overrides the store (login). Returns the final response whatever its status.
        """
        url = path_or_url if "://" in path_or_url else self.url(host, path_or_url)
        hdrs = dict(headers or {})
        key = (host, scope)
        cached = self._auth_headers.get(key) or self._auth_headers.get((host, "*basic*"))
        if cached:
            hdrs["Authorization"] = cached
        resp = self._send(method, url, host, hdrs, **kwargs)
        if resp.status_code != 401:
            return resp
        scheme, params = parse_challenge(resp.headers.get("WWW-Authenticate", ""))
        cred = credential if credential is not None else self.credential(host)
        if scheme == "basic":
            if not (cred.username or cred.password):
                raise RegistryError(f"{method.upper()} {_go_quote(url)}: basic credential not found")
            auth = "Basic " + base64.b64encode(f"{cred.username}:{cred.password}".encode()).decode("ascii")
            if credential is None:
                self._auth_headers[(host, "*basic*")] = auth  # basic auth covers every scope
        elif scheme == "bearer":
            try:
                auth = "Bearer " + self._fetch_token(host, params, scope, cred, oauth2=credential is not None)
            except RegistryError as err:
                raise RegistryError(f"{method.upper()} {_go_quote(url)}: {err}") from None
        else:
            return resp
        self._auth_headers[key] = auth
        hdrs["Authorization"] = auth
        if hasattr(kwargs.get("data"), "seek"):
            kwargs["data"].seek(0)
        return self._send(method, url, host, hdrs, **kwargs)

    def _fetch_token(self, host: str, params: dict[str, str], scope: str, cred: Credential, *, oauth2: bool = False) -> str:
        """A bearer token from the challenge's realm.

        Login (``oauth2``) first tries the OAuth2 password grant (POST) and falls back to
        the distribution token GET, as Helm's login does; other requests use the GET.
        """
        if oauth2 and cred.username and cred.password and not cred.refresh_token:
            try:
                return self._oauth2_password_token(host, params, scope, cred)
            except RegistryError:
                pass
        return self._distribution_token(host, params, scope, cred)

    def _oauth2_password_token(self, host: str, params: dict[str, str], scope: str, cred: Credential) -> str:
        realm = params.get("realm", "")
        scopes = merge_scopes([s for text in (params.get("scope", ""), scope) for s in text.split(" ") if s])
        form = {"grant_type": "password", "username": cred.username, "password": cred.password,
                "service": params.get("service", ""), "client_id": "helm", "scope": " ".join(scopes)}  # fmt: skip
        resp = self._send("POST", realm, host, {}, data=form)
        try:
            body = resp.json() if resp.status_code == 200 else {}
        except ValueError:
            body = {}
        token = body.get("access_token") if isinstance(body, dict) else ""
        if not token:
            raise RegistryError(response_error_text(resp))
        return str(token)

    def _distribution_token(self, host: str, params: dict[str, str], scope: str, cred: Credential) -> str:
        realm = params.get("realm", "")
        if not realm:
            raise RegistryError(f"{host}: missing realm in bearer auth challenge")
        scopes = merge_scopes([s for text in (params.get("scope", ""), scope) for s in text.split(" ") if s])
        service = params.get("service", "")
        if cred.refresh_token:
            form = {"grant_type": "refresh_token", "refresh_token": cred.refresh_token, "service": service,
                    "client_id": "helm", "scope": " ".join(scopes)}  # fmt: skip
            resp = self._send("POST", realm, host, {}, data=form)
        else:
            # url.Values.Encode order: keys sorted
            query: list[tuple[str, str]] = [("scope", s) for s in scopes]
            query += [("service", service)] if service else []
            auth = (cred.username, cred.password) if (cred.username or cred.password) else None
            resp = self._send("GET", realm, host, {}, params=query, auth=auth)
        if resp.status_code != 200:
            raise RegistryError(response_error_text(resp))
        try:
            body = resp.json()
        except ValueError:
            body = {}
        token = body.get("access_token") or body.get("token") if isinstance(body, dict) else ""
        if not token:
            raise RegistryError(f"{resp.request.method} {_go_quote(realm)}: empty token returned")
        return str(token)
