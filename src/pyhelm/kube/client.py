"""A Kubernetes client for Helm's actions, built from a resolved kubeconfig.

:class:`KubeClient` wraps the ``kubernetes`` library's ``ApiClient`` with what Helm's
``kube.Client`` and ``action.Configuration`` need: the target namespace, the
reachability check (``kubernetes cluster unreachable: ...``), typed Core v1 access
(release Secrets/ConfigMaps) and the dynamic client for arbitrary manifests.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from pyhelm.kube.config import KubeConfigError, KubeOptions, ResolvedConfig, resolve

__all__ = ["KubeClient", "KubeError", "UnreachableError", "new_client"]


class KubeError(Exception):
    """A Kubernetes API call failed; ``status`` is the HTTP status (0 when none)."""

    def __init__(self, message: str, status: int = 0, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


class UnreachableError(KubeError):
    """The cluster cannot be used: ``kubernetes cluster unreachable: REASON`` (Helm's wording)."""


def _unreachable(reason: str) -> UnreachableError:
    return UnreachableError(f"kubernetes cluster unreachable: {reason}")


class KubeClient:
    """Access to one cluster as Helm's actions use it.

    ``config`` is the :class:`ResolvedConfig` it was built from; ``namespace`` the
    namespace Helm acts in. The underlying ``kubernetes.client.ApiClient`` is created
    lazily (so building a client never touches the network or fails on bad
    credentials before first use, like Helm's ``Configuration``).
    """

    def __init__(self, config: ResolvedConfig) -> None:
        self.config = config
        self.namespace = config.namespace
        self._api: Any = None
        self._dynamic: Any = None
        self._lock = threading.Lock()

    # -- construction -------------------------------------------------------

    @property
    def api_client(self) -> Any:
        """The ``kubernetes.client.ApiClient`` (created on first use).

        Raises :class:`UnreachableError` when the configuration cannot be turned into
        a client (bad credentials file, failing exec plugin...).
        """
        with self._lock:
            if self._api is None:
                from kubernetes import client as kclient

                try:
                    conf = self.config.client_configuration()
                except KubeConfigError as err:
                    raise _unreachable(str(err)) from err
                except OSError as err:
                    raise _unreachable(f"{err.strerror}: {err.filename}") from err
                if not conf.verify_ssl:
                    # kubectl and Helm stay quiet about insecure-skip-tls-verify; so do we.
                    import urllib3

                    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
                api = kclient.ApiClient(conf)
                for name, value in self.config.default_headers().items():
                    api.set_default_header(name, value)
                if self.config.impersonate_groups:
                    _add_group_headers(api, list(self.config.impersonate_groups))
                self._api = api
            return self._api

    def core_v1(self) -> Any:
        """A ``kubernetes.client.CoreV1Api`` (Secrets, ConfigMaps, Namespaces, Pods...)."""
        from kubernetes import client as kclient

        return kclient.CoreV1Api(self.api_client)

    def dynamic(self) -> Any:
        """A ``kubernetes.dynamic.DynamicClient`` for arbitrary resource kinds (discovery cached)."""
        if self._dynamic is None:
            from kubernetes.dynamic import DynamicClient

            self.is_reachable()
            self._dynamic = DynamicClient(self.api_client)
        return self._dynamic

    # -- checks -------------------------------------------------------------

    def server_version(self) -> dict[str, Any]:
        """``GET /version``: ``{"major": ..., "minor": ..., "gitVersion": ...}``.

        Raises :class:`UnreachableError` worded as Helm's ``IsReachable`` when the
        server cannot be reached or refuses the request.
        """
        import json

        from kubernetes.client import VersionApi

        api = self.api_client
        try:
            resp: Any = VersionApi(api).get_code(_preload_content=False, _request_timeout=30)
            data = json.loads(resp.data)
        except Exception as err:  # noqa: BLE001 - every transport failure means unreachable
            raise _unreachable(describe_error(err, self.config.host + "/version")) from err
        return dict(data or {})

    def is_reachable(self) -> None:
        """Helm's ``Configuration.KubeClient.IsReachable``: raise :class:`UnreachableError` or return."""
        self.server_version()


def _add_group_headers(api: Any, groups: list[str]) -> None:
    """Send one ``Impersonate-Group`` header line per group, as client-go does.

    The library keeps one value per header name, so the REST layer's ``request`` is
    wrapped to pass a multi-valued ``urllib3.HTTPHeaderDict``.
    """
    import urllib3

    inner = api.rest_client.request

    def request(method: str, url: str, *args: Any, headers: Any = None, **kwargs: Any) -> Any:
        multi = urllib3.HTTPHeaderDict(headers or {})
        for group in groups:
            multi.add("Impersonate-Group", group)
        return inner(method, url, *args, headers=multi, **kwargs)

    api.rest_client.request = request


def describe_error(err: BaseException, url: str) -> str:
    """A Go-like one-line description of a failed request to ``url``.

    Connection failures read ``Get "URL": dial tcp HOST:PORT: connect: connection
    refused`` as Go's ``net/http`` words them; API errors give the server's message.
    """
    from kubernetes.client.exceptions import ApiException

    if isinstance(err, ApiException):
        if url.endswith("/version"):
            return generic_response_message(int(err.status or 0), api_error_message(err))
        return api_error_message(err)
    text = str(err)
    if not url:
        return text
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return f'Get "{url}": tls: failed to verify certificate: {_x509_reason(text, url)}'
    reason = getattr(err, "reason", None)
    if "Connection refused" in text or isinstance(reason, ConnectionRefusedError):
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = parts.hostname or ""
        addr = f"{host}:{port}"
        if host == "localhost":
            addr = f"127.0.0.1:{port}"
        return f'Get "{url}": dial tcp {addr}: connect: connection refused'
    return f'Get "{url}": {text}'


_GENERIC_MESSAGES = {
    400: "the server rejected our request for an unknown reason",
    401: "the server has asked for the client to provide credentials",
    404: "the server could not find the requested resource",
    405: "the server does not allow this method on the requested resource",
    406: "the server was unable to respond with a content type that the client supports",
    409: "the server reported a conflict",
    415: "the server was unable to respond with a content type that the client supports",
    422: "the server rejected our request due to an error in our request",
    429: "the server has received too many requests and has asked us to try again later",
}


def generic_response_message(status: int, server_message: str) -> str:
    """client-go's ``NewGenericServerResponse`` wording for a failed raw request (``GET /version``)."""
    if status in _GENERIC_MESSAGES:
        return _GENERIC_MESSAGES[status]
    if status >= 500:
        return f'an error on the server ("{server_message}") has prevented the request from succeeding'
    return server_message


def _x509_reason(text: str, url: str) -> str:
    """Go's ``crypto/x509`` wording for an OpenSSL verification failure."""
    import re

    mismatch = re.search(r"(Hostname|IP address) mismatch, certificate is not valid for '([^']+)'", text)
    if mismatch:
        return _hostname_error(mismatch.group(2), _peer_sans(url))
    if "expired" in text or "not yet valid" in text:
        return "x509: certificate has expired or is not yet valid"
    return "x509: certificate signed by unknown authority"


def _hostname_error(host: str, sans: tuple[list[str], list[str]]) -> str:
    """Go's ``x509.HostnameError.Error()`` for ``host`` against the certificate's (DNS, IP) names."""
    import ipaddress

    dns, ips = sans
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not dns:
            return f"x509: certificate is not valid for any names, but wanted to match {host}"
        return f"x509: certificate is valid for {', '.join(dns)}, not {host}"
    if not ips:
        return f"x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"
    return f"x509: certificate is valid for {', '.join(ips)}, not {host}"


def _peer_sans(url: str) -> tuple[list[str], list[str]]:
    """The DNS and IP subject-alternative names of the certificate the server at ``url`` presents."""
    import socket
    import ssl
    from urllib.parse import urlsplit

    from cryptography import x509

    parts = urlsplit(url)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((parts.hostname, parts.port or 443), timeout=10) as sock:
            with ctx.wrap_socket(sock) as tls:
                der = tls.getpeercert(binary_form=True)
        if der is None:
            return [], []
        ext = x509.load_der_x509_certificate(der).extensions.get_extension_for_class(
            x509.SubjectAlternativeName)
    except (OSError, ValueError, x509.ExtensionNotFound):
        return [], []
    dns = ext.value.get_values_for_type(x509.DNSName)
    ips = [str(ip) for ip in ext.value.get_values_for_type(x509.IPAddress)]
    return dns, ips


def api_error_message(err: Any) -> str:
    """The ``message`` of a Kubernetes ``Status`` body (what client-go errors print)."""
    import json

    body = getattr(err, "body", None)
    if body:
        try:
            status = json.loads(body)
        except (TypeError, ValueError):
            status = None
        if isinstance(status, dict) and status.get("message"):
            return str(status["message"])
    return f"{getattr(err, 'status', '')} {getattr(err, 'reason', '')}".strip()


def new_client(
    options: KubeOptions | None = None, environ: Mapping[str, str] | None = None
) -> KubeClient:
    """Resolve the kubeconfig and flags (:func:`pyhelm.kube.config.resolve`) into a :class:`KubeClient`.

    Raises :class:`UnreachableError` (``kubernetes cluster unreachable: ...``) when the
    kubeconfig itself is unusable: missing explicit file, unknown context, bad YAML.
    """
    try:
        return KubeClient(resolve(options, environ))
    except KubeConfigError as err:
        raise _unreachable(str(err)) from err
