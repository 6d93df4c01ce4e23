"""Helm's HTTP getter (``pkg/getter/httpgetter.go``) on top of ``requests``.

A GET with Helm's ``User-Agent``, optional ``Accept`` header and basic auth. Basic
auth is only sent when the fetched URL has the same scheme and host (with port) as
the repository URL, unless ``pass_credentials_all`` is set. TLS: a CA bundle replaces
the system roots, a client certificate/key pair is offered, and verification can be
switched off. Any status but 200 is an error worded as Helm words it.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from pyhelm import version as build

# Go says nothing when verification is skipped on request; urllib3 would warn on every request
# (a process-wide filter: catch_warnings is not safe with the threads of ``repo update``).
warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)


class GetterError(Exception):
    """A fetch failed; the message follows Go's ``net/http`` / Helm wording."""


@dataclass
class GetterOptions:
    """Helm's ``getter.Option`` values.

    ``url`` is the repository URL credentials belong to (``WithURL``); ``timeout`` is
    seconds (``WithTimeout``; ``None`` waits forever, as Go's default client does).
    """

    url: str = ""
    username: str = ""
    password: str = ""
    pass_credentials_all: bool = False
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    insecure_skip_tls_verify: bool = False
    plain_http: bool = False
    accept_header: str = ""
    user_agent: str = ""
    timeout: float | None = None


_CREDENTIAL_FIELDS = (
    "username", "password", "pass_credentials_all", "ca_file", "cert_file", "key_file",
    "insecure_skip_tls_verify", "plain_http",
)  # fmt: skip


def options_from(source: Any, **extra: Any) -> GetterOptions:
    """:class:`GetterOptions` carrying ``source``'s credential and TLS settings.

    ``source`` is any object with Helm's attribute names for them (``username``,
    ``password``, ``pass_credentials_all``, ``ca_file``, ``cert_file``, ``key_file``,
    ``insecure_skip_tls_verify``, ``plain_http``), e.g. a repository entry or the pull
    options; a missing attribute keeps the default. ``extra`` sets further fields
    (``url``, ``timeout``...). Helm builds the same ``getter.With*`` option list in
    ``ChartDownloader`` and ``repo.NewChartRepository``.
    """
    opts = GetterOptions(**{name: getattr(source, name) for name in _CREDENTIAL_FIELDS if hasattr(source, name)})
    for key, value in extra.items():
        setattr(opts, key, value)
    return opts


def user_agent() -> str:
    """Helm's ``version.GetUserAgent()``: ``Helm/`` and the version without its ``v``."""
    return "Helm/" + build.HELM_VERSION.removeprefix("v")


def _same_origin(a: str, b: str) -> bool:
    ua, ub = urlsplit(a), urlsplit(b)
    return ua.scheme == ub.scheme and ua.netloc.rsplit("@", 1)[-1] == ub.netloc.rsplit("@", 1)[-1]


class HTTPGetter:
    """Fetch ``http``/``https`` URLs (Helm ``HTTPGetter``)."""

    def __init__(self, options: GetterOptions | None = None) -> None:
        self.options = options or GetterOptions()

    def get(self, href: str) -> bytes:
        """Return the body of ``href``.

        Raises :class:`GetterError`: ``failed to fetch URL : 401 Unauthorized`` for a
        non-200 status, Go's ``Get "URL": dial tcp HOST: connect: connection refused``
        style for transport failures, ``can't create TLS config...`` for unreadable
        TLS files.
        """
        opts = self.options
        headers = {"User-Agent": opts.user_agent or user_agent()}
        if opts.accept_header:
            headers["Accept"] = opts.accept_header
        auth = None
        if opts.pass_credentials_all or _same_origin(opts.url or href, href):
            if opts.username and opts.password:
                auth = (opts.username, opts.password)
        verify, cert = self._verify(), self._cert()
        try:
            resp = requests.get(href, headers=headers, auth=auth, timeout=opts.timeout,
                                verify=verify, cert=cert, allow_redirects=True)  # fmt: skip
        except requests.exceptions.SSLError as err:
            raise GetterError(f'Get "{href}": tls: failed to verify certificate: {_reason(err)}') from None
        except requests.exceptions.ConnectionError as err:
            raise GetterError(_connection_message(href, err)) from None
        except requests.exceptions.Timeout:
            raise GetterError(
                f'Get "{href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
            ) from None
        except requests.exceptions.RequestException as err:
            raise GetterError(f'Get "{href}": {err}') from None
        if resp.status_code != 200:
            raise GetterError(f"failed to fetch {href} : {resp.status_code} {resp.reason or ''}".rstrip())
        return resp.content

    def _verify(self) -> bool | str:
        opts = self.options
        if opts.insecure_skip_tls_verify:
            return False
        if opts.ca_file:
            if not os.path.isfile(opts.ca_file):
                raise GetterError(
                    f"can't create TLS config for client: failed to read CA file {opts.ca_file!s}: "
                    f"open {opts.ca_file}: no such file or directory"
                )
            return opts.ca_file
        return True

    def _cert(self) -> tuple[str, str] | None:
        opts = self.options
        if not (opts.cert_file and opts.key_file):
            return None
        for path in (opts.cert_file, opts.key_file):
            if not os.path.isfile(path):
                raise GetterError(
                    f"can't create TLS config for client: unable to read certificate: "
                    f"open {path}: no such file or directory"
                )
        return (opts.cert_file, opts.key_file)


def _reason(err: Exception) -> str:
    text = str(err)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return "x509: certificate signed by unknown authority"
    return text


def _connection_message(href: str, err: Exception) -> str:
    parts = urlsplit(href)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = f"{parts.hostname}:{port}"
    text = str(err)
    if "Connection refused" in text or "ECONNREFUSED" in text:
        return f'Get "{href}": dial tcp {host}: connect: connection refused'
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return f'Get "{href}": dial tcp: lookup {parts.hostname}: no such host'
    return f'Get "{href}": {text}'
