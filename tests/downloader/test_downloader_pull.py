"""``pull``, the chart downloader and ``locate_chart`` against the reference Helm over loopback servers."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

import helm_python
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "repo"))

from oracle import ref_manifest  # noqa: E402
from repo_servers import closed_port, copy_charts, make_tls_files, serve  # noqa: E402

from pyhelm.action.pull import PullError, PullOptions, pull  # noqa: E402
from pyhelm.cli.environment import EnvSettings  # noqa: E402
from pyhelm.cli.main import main  # noqa: E402
from pyhelm.downloader import DownloadError, locate_chart  # noqa: E402
from pyhelm.repo.chartrepo import RepoError, resolve_reference_url  # noqa: E402

# the getter filters this warning process-wide; pytest re-enables warnings for each test
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory):
    root = copy_charts(tmp_path_factory.mktemp("charts"))
    assert main(["repo", "index", str(root)]) == 0
    return root


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HELM_REPOSITORY_CONFIG", str(tmp_path / "config" / "repositories.yaml"))
    monkeypatch.setenv("HELM_REPOSITORY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HELM_CONTENT_CACHE", str(tmp_path / "content"))
    for name in ("mine", "ref", "work"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _options(home: Path, **kw) -> PullOptions:
    settings = EnvSettings.from_environment()
    return PullOptions(repository_config=settings.repository_config, repository_cache=settings.repository_cache,
                       content_cache=settings.content_cache, **kw)  # fmt: skip


@pytest.mark.parametrize("version", ["", "0.2.0", "<0.3.0", "~0.1"])
def test_pull_with_repo_url_matches_reference(repo_root, home, version):
    with serve(repo_root, auth=("u", "p")) as srv:
        pull("compressedchart", _options(home, repo_url=srv.url, version=version, username="u", password="p",
                                         dest_dir=str(home / "mine")))  # fmt: skip
        helm_python.pull("compressedchart", repo_url=srv.url, version=version or None, username="u", password="p",
                         destination=home / "ref")  # fmt: skip
    assert _files(home / "mine") == _files(home / "ref") != {}
    assert all(r["user-agent"] == "Helm/4.2" for r in srv.requests)
    assert srv.requests[-1]["accept"] == "application/gzip,application/octet-stream"


def test_pull_repo_chart_reference_and_untar(repo_root, home):
    with serve(repo_root) as srv:
        assert run(["repo", "add", "local", srv.url])[0] == 0
        assert run(["pull", "local/compressedchart", "-d", str(home / "mine")]) == (0, "")
        helm_python.pull("compressedchart", repo_url=srv.url, destination=home / "ref")
        assert _files(home / "mine") == _files(home / "ref")
        assert list(_files(home / "mine")) == ["compressedchart-0.3.0.tgz"]
        assert run(["pull", "local/pre-release-chart", "--devel", "-d", str(home / "mine")])[0] == 0
        assert (home / "mine" / "pre-release-chart-0.1.0-alpha.tgz").exists()
        for side in ("mine", "ref"):
            (home / side / "compressedchart-0.3.0.tgz").unlink()
        (home / "mine" / "pre-release-chart-0.1.0-alpha.tgz").unlink()
        assert run(["pull", "local/compressedchart", "--untar", "-d", str(home / "mine")]) == (0, "")
        helm_python.pull("compressedchart", repo_url=srv.url, destination=home / "ref", untar=True)
        assert _files(home / "mine") == _files(home / "ref") != {}
        assert run(["pull", "local/compressedchart", "--untar", "-d", str(home / "mine")]) == (
            1, f"Error: failed to untar: a file or directory with the name {home / 'mine' / 'compressedchart'} already exists\n")
        assert run(["pull", "local/test", "--untar", "--untardir", "sub", "-d", str(home / "mine")])[0] == 0
        helm_python.pull("test", repo_url=srv.url, destination=home / "ref", untar=True, untar_dir="sub")
        assert _files(home / "mine") == _files(home / "ref")
    assert _files(home / "work") == {}


def test_pull_absolute_url(repo_root, home):
    with serve(repo_root) as srv:
        assert run(["pull", f"{srv.url}/test1-0.1.0.tgz"]) == (0, "")
        helm_python.pull(f"{srv.url}/test1-0.1.0.tgz", destination=home / "ref")
        with pytest.raises(helm_python.HelmError) as ref_404:
            helm_python.pull(f"{srv.url}/missing-0.1.0.tgz", destination=home / "ref")
        assert run(["pull", f"{srv.url}/missing-0.1.0.tgz"]) == (1, f"Error: {ref_404.value}\n")
    assert _files(home / "work") == _files(home / "ref")


def test_pull_errors_match_reference_and_leave_nothing(repo_root, home):
    refused = f"http://127.0.0.1:{closed_port()}"
    with serve(repo_root, auth=("u", "p")) as locked, serve(repo_root) as srv:
        cases = [
            ("nope", dict(repo_url=srv.url)),
            ("compressedchart", dict(repo_url=srv.url, version="^9")),
            ("compressedchart", dict(repo_url=srv.url, version="9.9.9")),
            ("compressedchart", dict(repo_url=locked.url)),
            ("compressedchart", dict(repo_url=locked.url, username="u", password="wrong")),
            ("compressedchart", dict(repo_url=refused)),
            ("stable/mychart", {}),
            ("mychart", {}),
        ]
        for chart, kw in cases:
            with pytest.raises(helm_python.HelmError) as ref_err:
                helm_python.pull(chart, destination=home / "ref", **kw)
            with pytest.raises(PullError) as our_err:
                pull(chart, _options(home, dest_dir=str(home / "mine"), **kw))
            assert str(our_err.value) == str(ref_err.value), (chart, kw)
    assert _files(home / "mine") == _files(home / "ref") == _files(home / "work") == {}
    assert not any((home / "cache").glob("*")) if (home / "cache").exists() else True


def test_repo_chart_errors(repo_root, home):
    with serve(repo_root) as srv:
        assert run(["repo", "add", "local", srv.url])[0] == 0
    assert run(["pull", "local/nope"]) == (
        1, "Error: chart \"nope\" matching  not found in local index. (try 'helm repo update'): no chart name found\n")
    assert run(["pull", "local/compressedchart", "--version", "^9"]) == (
        1, "Error: chart \"compressedchart\" matching ^9 not found in local index. (try 'helm repo update'): "
           "no chart version found for compressedchart-^9\n")
    assert run(["pull", "local/compressedchart"])[0] == 1  # the server is gone: connection refused
    assert run(["pull", "other/x"]) == (1, "Error: repo other not found\n")
    (home / "cache" / "local-index.yaml").write_text("apiVersion: v1\nentries: [\n")
    code, out = run(["pull", "local/compressedchart"])
    assert code == 1 and out.startswith("Error: no cached repo found. (try 'helm repo update'): error loading ")
    assert _files(home / "work") == {}


def test_digest_mismatch_is_refused(repo_root, home, tmp_path):
    tampered = copy_charts(tmp_path / "tampered", ["test-0.1.0.tgz"])
    assert main(["repo", "index", str(tampered)]) == 0
    (tampered / "test-0.1.0.tgz").write_bytes((tampered / "test-0.1.0.tgz").read_bytes() + b"\0")
    with serve(tampered) as srv:
        assert run(["repo", "add", "t", srv.url])[0] == 0
        code, out = run(["pull", "t/test"])
    assert code == 1 and "digest mismatch" in out
    assert _files(home / "work") == {}


def test_locate_chart(repo_root, home):
    settings = EnvSettings.from_environment()
    with pytest.raises(DownloadError, match=r'^path "\./missing" not found$'):
        locate_chart("./missing", settings=settings)
    with pytest.raises(DownloadError, match=r'^path "/nonexistent/chart" not found$'):
        locate_chart("/nonexistent/chart", settings=settings)
    with pytest.raises(DownloadError, match="^non-absolute URLs should be in form of repo_name/path_to_chart, got: x$"):
        locate_chart("x", settings=settings)
    local = copy_charts(home / "work", ["test-0.1.0.tgz"]) / "test-0.1.0.tgz"
    assert locate_chart("test-0.1.0.tgz", settings=settings) == local
    with serve(repo_root) as srv:
        path = locate_chart("compressedchart", repo_url=srv.url, version="0.1.0", settings=settings)
        assert path.read_bytes() == (repo_root / "compressedchart-0.1.0.tgz").read_bytes()
        assert path.is_relative_to(home / "content")
        with pytest.raises(RepoError, match=f'^chart "nope" not found in {srv.url} repository$'):
            locate_chart("nope", repo_url=srv.url, settings=settings)
        assert run(["repo", "add", "local", srv.url])[0] == 0
        ours = locate_chart("local/test1", settings=settings)
        assert ours.read_bytes() == (repo_root / "test1-0.1.0.tgz").read_bytes()
    # the temporary index of --repo lookups is removed again
    assert sorted(p.name for p in (home / "cache").iterdir()) == ["local-charts.txt", "local-index.yaml"]


def test_template_from_repository_matches_reference(repo_root, home):
    with serve(repo_root) as srv:
        assert run(["repo", "add", "local", srv.url])[0] == 0
        code, ours = run(["template", "rel", "local/signtest", "-n", "default"])
        helm_python.pull("signtest", repo_url=srv.url, destination=home / "ref")
        # --repo URL --version, as cli/template.py hands them to the action (``pyhelm template --repo``)
        from pyhelm.action import template as template_action

        via_repo = template_action.run(["rel", "signtest"], template_action.TemplateOptions(
            chart_version="0.1.0", chart_path={"repo_url": srv.url}, settings=EnvSettings.from_environment()))
        with pytest.raises(template_action.TemplateError, match='^chart "signtest" version "9" not found in '):
            template_action.run(["rel", "signtest"], template_action.TemplateOptions(
                chart_version="9", chart_path={"repo_url": srv.url}, settings=EnvSettings.from_environment()))
    assert via_repo == ours
    expected = ref_manifest(home / "ref" / "signtest-0.1.0.tgz", name="rel", namespace="default")
    assert code == 0 and expected
    assert ours.strip() == expected.strip()
    assert run(["template", "rel", "./nothere"]) == (1, 'Error: path "./nothere" not found\n')
    assert run(["template", "rel", "nothere"]) == (
        1, "Error: non-absolute URLs should be in form of repo_name/path_to_chart, got: nothere\n")


def test_tls_pull(repo_root, home, tmp_path):
    tls = make_tls_files(tmp_path / "tls")
    with serve(repo_root, tls=tls) as srv:
        pull("test", _options(home, repo_url=srv.url, ca_file=str(tls.ca), dest_dir=str(home / "mine")))
        helm_python.pull("test", repo_url=srv.url, insecure_skip_tls_verify=True, destination=home / "ref")
        assert _files(home / "mine") == _files(home / "ref")
        with pytest.raises(PullError, match="x509: certificate signed by unknown authority"):
            pull("test1", _options(home, repo_url=srv.url, dest_dir=str(home / "mine")))
        pull("test1", _options(home, repo_url=srv.url, insecure_skip_tls_verify=True, dest_dir=str(home / "mine")))
    assert sorted(_files(home / "mine")) == ["test-0.1.0.tgz", "test1-0.1.0.tgz"]


@pytest.mark.parametrize(("base", "ref", "expected"), [
    ("http://a.test/charts", "x-1.tgz", "http://a.test/charts/x-1.tgz"),
    ("http://a.test/charts/", "x-1.tgz", "http://a.test/charts/x-1.tgz"),
    ("http://a.test/charts?tok=1", "x-1.tgz", "http://a.test/charts/x-1.tgz?tok=1"),
    ("http://a.test/charts", "../other/x-1.tgz", "http://a.test/other/x-1.tgz"),
    ("http://a.test/charts", "/abs/x-1.tgz", "http://a.test/abs/x-1.tgz"),
    ("http://a.test/charts", "https://b.test/x-1.tgz", "https://b.test/x-1.tgz"),
])  # fmt: skip
def test_resolve_reference_url(base, ref, expected):
    assert resolve_reference_url(base, ref) == expected


def test_pull_verify_and_prov(home, tmp_path):
    """``--verify`` prints what the reference's verification returns; ``--prov`` keeps the .prov file."""
    pytest.importorskip("pyhelm.provenance")
    from repo_servers import TESTCHARTS, TESTDATA

    root = copy_charts(tmp_path / "signed", ["signtest-0.1.0.tgz", "test-0.1.0.tgz"])
    (root / "signtest-0.1.0.tgz.prov").write_bytes((TESTCHARTS / "signtest-0.1.0.tgz.prov").read_bytes())
    assert main(["repo", "index", str(root)]) == 0
    keyring = str(TESTDATA / "helm-test-key.pub")
    ref = helm_python.verify(TESTCHARTS / "signtest-0.1.0.tgz", keyring)
    with serve(root) as srv:
        assert run(["repo", "add", "signed", srv.url])[0] == 0
        code, out = run(["pull", "signed/signtest", "--verify", "--keyring", keyring])
        lines = out.splitlines()
        assert code == 0
        assert lines[:-2] == [f"Signed by: {name}" for name in ref["signed_by"]]
        assert re.fullmatch(r"Using Key With Fingerprint: [0-9A-F]{40}", lines[-2])
        assert lines[-1] == f"Chart Hash Verified: {ref['file_hash']}"
        assert sorted(_files(home / "work")) == ["signtest-0.1.0.tgz", "signtest-0.1.0.tgz.prov"]
        code, out = run(["pull", "signed/test", "--verify", "--keyring", keyring])
        assert (code, out) == (1, f'Error: failed to fetch provenance "{srv.url}/test-0.1.0.tgz.prov"\n')
        assert run(["pull", "signed/test", "--prov", "-d", str(home / "mine")]) == (
            0, f"WARNING: Verification not found for signed/test: failed to fetch {srv.url}/test-0.1.0.tgz.prov : "
               "404 File not found\n")
        assert run(["pull", "signed/signtest", "--prov", "-d", str(home / "mine")]) == (0, "")
    assert (home / "mine" / "signtest-0.1.0.tgz.prov").read_bytes() == (root / "signtest-0.1.0.tgz.prov").read_bytes()
    assert run(["pull", "signed/signtest", "--verify", "--keyring", str(home / "none.gpg")])[0] == 1


def test_content_cache_layout_and_offline_pull(repo_root, home):
    """Helm's DiskCache layout; a cached chart is pulled from the cache when the index digest matches."""
    import hashlib

    settings = EnvSettings.from_environment()
    data = (repo_root / "test-0.1.0.tgz").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with serve(repo_root) as srv:
        assert run(["repo", "add", "local", srv.url])[0] == 0
        path = locate_chart("local/test", settings=settings)
    assert path == home / "content" / digest[:2] / f"{digest}.chart"
    assert path.read_bytes() == data
    # the server is gone: the cached index gives the digest, the content cache the archive
    assert run(["pull", "local/test"]) == (0, "")
    assert (home / "work" / "test-0.1.0.tgz").read_bytes() == data
    code, out = run(["pull", "local/test1"])
    assert code == 1 and "connection refused" in out


def test_untar_into_current_folder(repo_root, home, monkeypatch):
    with serve(repo_root) as srv:
        assert run(["repo", "add", "local", srv.url])[0] == 0
        assert run(["pull", "local/test", "--untar"]) == (0, "")
        monkeypatch.chdir(home / "ref")
        helm_python.pull("test", repo_url=srv.url, untar=True)
        assert _files(home / "work") == _files(home / "ref") != {}
        monkeypatch.chdir(home / "work")
        assert run(["pull", "local/test", "--untar"]) == (
            1, "Error: failed to untar: a file or directory with the name test already exists\n")
