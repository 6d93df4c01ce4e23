"""A minimal Docker token server for the registry tests (``auth: token`` of docker-registry).

Issues RS256 JWTs carrying an ``x5c`` certificate the registry trusts (its
``rootcertbundle``). ``helm``/``helm-secret`` get every action they ask for on
repositories; anonymous callers get tokens with no access; a wrong password is refused
with 401. Runs as its own process on 127.0.0.1 (the reference Helm, loaded in the test
process, must not wait on this process's Python threads); requests are logged to
``requests.jsonl`` beside the certificate.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

SERVICE = "pyhelm-registry"
ISSUER = "pyhelm-token-issuer"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenServer:
    """Token endpoint at ``self.realm``; ``self.cert_file`` is the PEM the registry trusts."""

    def __init__(self, directory: Path, user: str, password: str) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, str(directory), user, password],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise RuntimeError("token server did not start")
        self.realm = line.strip()
        self.cert_file = directory / "token-signer.crt"
        self.log = directory / "requests.jsonl"

    @property
    def requests(self) -> list[dict[str, object]]:
        """The token requests served so far: subject, scopes, service."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class _Issuer:
    """The token server itself (runs in the child process)."""

    def __init__(self, directory: Path, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pyhelm token signer")])
        now = dt.datetime.now(dt.UTC)
        self.cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(self.key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        self.cert_file = directory / "token-signer.crt"
        self.cert_file.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        self.log = directory / "requests.jsonl"
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server.handle(self)

            def do_POST(self) -> None:  # noqa: N802 - OAuth2 password / refresh-token grants
                server.handle_oauth2(self)

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.realm = f"http://127.0.0.1:{self.httpd.server_address[1]}/token"

    def token(self, subject: str, scopes: list[str]) -> str:
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind == "repository" and subject:
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        now = int(time.time())
        header = {"typ": "JWT", "alg": "RS256",
                  "x5c": [base64.b64encode(self.cert.public_bytes(serialization.Encoding.DER)).decode()]}
        claims = {"iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + 600, "nbf": now - 10, "iat": now,
                  "jti": str(uuid.uuid4()), "access": access}
        signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + _b64(signature)

    def _reply(self, req: BaseHTTPRequestHandler, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        req.send_response(status)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        req.wfile.write(data)

    def _record(self, method: str, subject: str, scopes: list[str], service: str) -> None:
        with open(self.log, "a") as fh:
            entry = {"method": method, "subject": subject, "scopes": scopes, "service": service, "t": time.time()}
            fh.write(json.dumps(entry) + "\n")

    def handle_oauth2(self, req: BaseHTTPRequestHandler) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        form = parse_qs(req.rfile.read(length).decode())
        field = lambda name: form.get(name, [""])[0]  # noqa: E731
        scopes = [s for value in form.get("scope", []) for s in value.split(" ") if s]
        if field("grant_type") == "password":
            if (field("username"), field("password")) != (self.user, self.password):
                self._reply(req, 401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid credentials"}]})
                return
            subject = self.user
        elif field("grant_type") == "refresh_token" and field("refresh_token") == "refresh-" + self.user:
            subject = self.user
        else:
            self._reply(req, 400, {"error": "unsupported_grant_type"})
            return
        self._record("POST", subject, scopes, field("service"))
        self._reply(req, 200, {"access_token": self.token(subject, scopes), "expires_in": 600,
                               "refresh_token": "refresh-" + subject})

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlparse(req.path).query)
        auth = req.headers.get("Authorization", "")
        subject = ""
        if auth.startswith("Basic "):
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            if (user, password) != (self.user, self.password):
                self._reply(req, 401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid credentials"}]})
                return
            subject = user
        scopes = [s for value in query.get("scope", []) for s in value.split(" ") if s]
        self._record("GET", subject, scopes, query.get("service", [""])[0])
        self._reply(req, 200, {"token": self.token(subject, scopes), "expires_in": 600})


if __name__ == "__main__":
    issuer = _Issuer(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    print(issuer.realm, flush=True)
    issuer.httpd.serve_forever()
