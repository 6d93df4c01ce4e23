"""Real HTTP(S) chart repository servers on 127.0.0.1 for the repository, getter and downloader tests.

:func:`serve` starts a threaded ``http.server`` over a folder, optionally requiring
basic auth and/or speaking TLS with a certificate for 127.0.0.1 signed by a test CA
made here with ``cryptography``. Every request's headers are recorded.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import http.server
import ipaddress
import shutil
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TESTDATA = Path(__file__).resolve().parents[2].parent / "shared" / "helm-cmd-testdata"
TESTCHARTS = TESTDATA / "testcharts"
# archives that load as charts (the .tar.gz twin and the OCI-dependent chart are left out)
CHART_ARCHIVES = [
    "compressedchart-0.1.0.tgz", "compressedchart-0.2.0.tgz", "compressedchart-0.3.0.tgz",
    "compressedchart-with-hyphens-0.1.0.tgz", "pre-release-chart-0.1.0-alpha.tgz", "reqtest-0.1.0.tgz",
    "signtest-0.1.0.tgz", "test-0.1.0.tgz", "test1-0.1.0.tgz",
]  # fmt: skip


@dataclass
class Server:
    """A running server: its base URL, the folder served and the requests seen."""

    url: str
    root: Path
    requests: list[dict] = field(default_factory=list)
    httpd: http.server.ThreadingHTTPServer | None = None


def copy_charts(dest: Path, names: list[str] | None = None) -> Path:
    """Copy test chart archives into ``dest`` (created); returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names or CHART_ARCHIVES:
        shutil.copyfile(TESTCHARTS / name, dest / name)
    return dest


@dataclass
class TLSFiles:
    """PEM files of a test CA, a server certificate for 127.0.0.1 and a client certificate."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())  # fmt: skip


def _cert(subject: str, key, issuer_name, issuer_key, *, ca: bool, server: bool) -> x509.Certificate:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer_name or x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False), critical=True)  # fmt: skip
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        usage = x509.ExtendedKeyUsageOID.SERVER_AUTH if server else x509.ExtendedKeyUsageOID.CLIENT_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        if server:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


def make_tls_files(folder: Path) -> TLSFiles:
    """Create a CA, a 127.0.0.1 server certificate and a client certificate under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _cert("pyhelm test CA", ca_key, None, None, ca=True, server=False)
    files = TLSFiles(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem",
                     folder / "client.pem", folder / "client-key.pem")  # fmt: skip
    files.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    for cert_path, key_path, name, server in ((files.server_cert, files.server_key, "127.0.0.1", True),
                                               (files.client_cert, files.client_key, "client", False)):  # fmt: skip
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(name, key, ca_cert.subject, ca_key, ca=False, server=server)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(_key_pem(key))
    return files


def _handler(root: Path, record: list[dict], auth: tuple[str, str] | None):  # type: ignore[no-untyped-def]
    expected = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode() if auth else None

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:  # noqa: N802
            record.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            if expected and self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@contextlib.contextmanager
def serve(root: Path, *, auth: tuple[str, str] | None = None, tls: TLSFiles | None = None,
          client_ca: Path | None = None) -> Iterator[Server]:  # fmt: skip
    """Serve ``root`` on 127.0.0.1 (a free port) until the block ends."""
    record: list[dict] = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, record, auth))
    httpd.daemon_threads = True
    scheme = "http"
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls.server_cert, tls.server_key)
        if client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(client_ca)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"{scheme}://127.0.0.1:{httpd.server_address[1]}", root, record, httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
