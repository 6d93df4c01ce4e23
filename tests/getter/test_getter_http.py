"""The HTTP getter against loopback servers: headers, credentials scoping, TLS, failures."""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

import helm_python
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "repo"))

from repo_servers import closed_port, copy_charts, make_tls_files, serve  # noqa: E402

from pyhelm.getter import GetterError, GetterOptions, HTTPGetter, user_agent  # noqa: E402

# the getter filters this warning process-wide; pytest re-enables warnings for each test
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return copy_charts(tmp_path_factory.mktemp("charts"), ["test-0.1.0.tgz"])


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return make_tls_files(tmp_path_factory.mktemp("tls"))


def test_headers_match_reference(root):
    with serve(root) as srv:
        helm_python.pull(f"{srv.url}/test-0.1.0.tgz", destination=root.parent)
        ref = srv.requests[-1]
        body = HTTPGetter(GetterOptions(accept_header="application/gzip,application/octet-stream")).get(
            f"{srv.url}/test-0.1.0.tgz")
        ours = srv.requests[-1]
    assert body == (root / "test-0.1.0.tgz").read_bytes()
    assert ours["user-agent"] == ref["user-agent"] == user_agent()
    assert ours["accept"] == ref["accept"]


def test_credentials_only_for_the_repository_origin(root):
    with serve(root, auth=("u", "p")) as srv:
        url = f"{srv.url}/test-0.1.0.tgz"
        assert HTTPGetter(GetterOptions(url=srv.url, username="u", password="p")).get(url)
        other_origin = GetterOptions(url="http://elsewhere.test", username="u", password="p")
        with pytest.raises(GetterError, match=f"^failed to fetch {url} : 401 Unauthorized$"):
            HTTPGetter(other_origin).get(url)
        assert "authorization" not in srv.requests[-1]
        other_origin.pass_credentials_all = True
        assert HTTPGetter(other_origin).get(url)
        with pytest.raises(GetterError, match="401 Unauthorized"):
            HTTPGetter(GetterOptions(url=srv.url, username="u", password="")).get(url)


def test_status_and_connection_errors(root):
    with serve(root) as srv:
        with pytest.raises(GetterError) as ours:
            HTTPGetter().get(f"{srv.url}/missing.tgz")
        with pytest.raises(helm_python.HelmError) as ref:
            helm_python.pull(f"{srv.url}/missing.tgz", destination=root.parent)
    assert str(ours.value) == str(ref.value)
    port = closed_port()
    with pytest.raises(GetterError) as ours:
        HTTPGetter().get(f"http://127.0.0.1:{port}/index.yaml")
    with pytest.raises(helm_python.HelmError) as ref:
        helm_python.repo_index(f"http://127.0.0.1:{port}")
    assert str(ours.value) == str(ref.value)


def test_timeout(root):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/index.yaml"
    try:
        with pytest.raises(GetterError, match=r"^Get \".*\": context deadline exceeded"):
            HTTPGetter(GetterOptions(timeout=0.3)).get(url)
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


def test_tls(root, tls):
    with serve(root, tls=tls) as srv:
        url = f"{srv.url}/test-0.1.0.tgz"
        assert HTTPGetter(GetterOptions(ca_file=str(tls.ca))).get(url)
        assert HTTPGetter(GetterOptions(insecure_skip_tls_verify=True)).get(url)
        with pytest.raises(GetterError, match="x509: certificate signed by unknown authority"):
            HTTPGetter().get(url)
        with pytest.raises(GetterError, match="can't create TLS config for client"):
            HTTPGetter(GetterOptions(ca_file=str(tls.ca) + ".missing")).get(url)
    with serve(root, tls=tls, client_ca=tls.ca) as srv:
        url = f"{srv.url}/test-0.1.0.tgz"
        opts = GetterOptions(ca_file=str(tls.ca), cert_file=str(tls.client_cert), key_file=str(tls.client_key))
        assert HTTPGetter(opts).get(url) == (root / "test-0.1.0.tgz").read_bytes()
        with pytest.raises(GetterError):
            HTTPGetter(GetterOptions(ca_file=str(tls.ca))).get(url)
