"""``pyhelm serve``: a folder of archives served as a repository the reference Helm can use."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

import helm_python
import pytest
from repo_servers import TESTCHARTS, closed_port, copy_charts

from pyhelm.cli.errors import CommandError
from pyhelm.cli.main import main
from pyhelm.cli.serve import make_server


@pytest.fixture()
def served(tmp_path):
    root = copy_charts(tmp_path / "repo", ["test-0.1.0.tgz", "compressedchart-0.1.0.tgz"])
    server = make_server("127.0.0.1:0", str(root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, root
    finally:
        server.shutdown()
        server.server_close()


def test_reference_reads_and_pulls_from_serve(served, tmp_path):
    server, root = served
    index = helm_python.repo_index(server.url)
    assert sorted(index["entries"]) == ["compressedchart", "test"]
    assert index["entries"]["test"][0]["urls"] == [f"{server.url}/test-0.1.0.tgz"]
    dest = tmp_path / "dest"
    dest.mkdir()
    helm_python.pull("compressedchart", repo_url=server.url, destination=dest)
    assert (dest / "compressedchart-0.1.0.tgz").read_bytes() == (root / "compressedchart-0.1.0.tgz").read_bytes()


def test_index_follows_new_archives(served, monkeypatch, tmp_path):
    server, root = served
    monkeypatch.setenv("HELM_REPOSITORY_CONFIG", str(tmp_path / "repositories.yaml"))
    monkeypatch.setenv("HELM_REPOSITORY_CACHE", str(tmp_path / "cache"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["repo", "add", "served", server.url]) == 0
    shutil.copyfile(TESTCHARTS / "compressedchart-0.2.0.tgz", root / "compressedchart-0.2.0.tgz")
    versions = [v["version"] for v in helm_python.repo_index(server.url)["entries"]["compressedchart"]]
    assert versions == ["0.2.0", "0.1.0"]
    (root / "test-0.1.0.tgz").unlink()
    assert sorted(helm_python.repo_index(server.url)["entries"]) == ["compressedchart"]
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["repo", "update"]) == 0
    assert "test" not in (tmp_path / "cache" / "served-charts.txt").read_text().split()


def test_serve_command_line(tmp_path):
    root = copy_charts(tmp_path / "repo", ["test-0.1.0.tgz"])
    port = closed_port()
    proc = subprocess.Popen([sys.executable, "-m", "pyhelm", "serve", "--repo-path", str(root),
                             "--address", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout.readline() == "Regenerating index. This may take a moment.\n"
        assert proc.stdout.readline() == f"Now serving you on 127.0.0.1:{port}\n"
        deadline = time.monotonic() + 10
        while True:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.yaml", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert b"test-0.1.0.tgz" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_serve_bad_arguments(tmp_path):
    with pytest.raises(CommandError, match="missing port in address"):
        make_server("127.0.0.1", str(tmp_path))
    with pytest.raises(CommandError, match="no such file or directory"):
        make_server("127.0.0.1:0", str(tmp_path / "missing"))


def test_show_and_template_from_a_repository(served, tmp_path):
    """``show`` and ``template`` take ``--repo URL`` references, reading the same archive Helm pulls."""
    server, root = served
    archive = root / "compressedchart-0.1.0.tgz"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["show", "chart", "compressedchart", "--repo", server.url]) == 0
    local = io.StringIO()
    with contextlib.redirect_stdout(local):
        assert main(["show", "chart", str(archive)]) == 0
    assert out.getvalue() == local.getvalue()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["template", "x", "test", "--repo", server.url, "--version", "0.1.0"]) == 0
    local = io.StringIO()
    with contextlib.redirect_stdout(local):
        assert main(["template", "x", str(root / "test-0.1.0.tgz")]) == 0
    assert out.getvalue() == local.getvalue()
