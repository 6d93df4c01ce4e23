"""``repo add|list|update|remove`` and ``search repo`` against real loopback servers and Helm's golden files."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
from pathlib import Path

import helm_python
import pytest
from oracle import ref_template
from repo_servers import TESTDATA, closed_port, copy_charts, make_tls_files, serve

from pyhelm.cli.main import main
from pyhelm.repo.repositories import load_file

# the getter filters this warning process-wide; pytest re-enables warnings for each test
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str]:
    """Run the CLI in process; returns (exit code, stdout and stderr interleaved)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        if stdin is not None:
            import sys

            old, sys.stdin = sys.stdin, io.StringIO(stdin)
            try:
                code = main(argv)
            finally:
                sys.stdin = old
        else:
            code = main(argv)
    return code, out.getvalue()


def golden(name: str) -> str:
    return (TESTDATA / "output" / name).read_text()


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory):
    """A chart folder indexed by ``pyhelm repo index``."""
    root = copy_charts(tmp_path_factory.mktemp("charts"))
    assert main(["repo", "index", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture()
def home(tmp_path, monkeypatch):
    """Isolated repositories.yaml and caches, and a scratch working folder."""
    monkeypatch.setenv("HELM_REPOSITORY_CONFIG", str(tmp_path / "config" / "repositories.yaml"))
    monkeypatch.setenv("HELM_REPOSITORY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HELM_CONTENT_CACHE", str(tmp_path / "content"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_repo_add_golden_outputs(repo_root, tmp_path):
    """Helm's repo_add_test.go cases with ``srv.URL()`` and the temp paths filled in."""
    repo_file, cache = tmp_path / "repositories.yaml", tmp_path / "cache"
    with serve(repo_root) as srv, serve(repo_root) as srv2:
        flags = ["--repository-config", str(repo_file), "--repository-cache", str(cache)]
        assert run(["repo", "add", "test-name", srv.url, *flags]) == (0, golden("repo-add.txt"))
        assert run(["repo", "add", "test-name", srv.url, *flags]) == (0, golden("repo-add2.txt"))
        assert run(["repo", "add", "test-name", srv2.url, *flags, "--force-update"]) == (0, golden("repo-add.txt"))
    assert [(e.name, e.url) for e in load_file(repo_file).repositories] == [("test-name", srv2.url)]
    assert (cache / "test-name-index.yaml").read_bytes() == (repo_root / "index.yaml").read_bytes()
    names = sorted(json.loads(json.dumps(helm_python.repo_index_generate(repo_root)))["entries"])
    assert sorted((cache / "test-name-charts.txt").read_text().split()) == names
    assert oct(repo_file.stat().st_mode & 0o777) == "0o600"
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    assert (tmp_path / "repositories.lock").exists()


def test_repo_add_written_file_shape(repo_root, home):
    with serve(repo_root) as srv:
        assert run(["repo", "add", "a", srv.url, "--pass-credentials", "--insecure-skip-tls-verify"])[0] == 0
    text = (home / "config" / "repositories.yaml").read_text()
    # Helm unmarshals a missing file into an empty File: no apiVersion, zero generated time
    assert text == (
        'apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- caFile: ""\n  certFile: ""\n'
        f'  insecure_skip_tls_verify: true\n  keyFile: ""\n  name: a\n  pass_credentials_all: true\n'
        f'  password: ""\n  url: {srv.url}\n  username: ""\n'
    )


def test_repo_list_golden(tmp_path):
    empty = ["repo", "list", "--repository-config", str(tmp_path / "none.yaml"), "--repository-cache", str(tmp_path)]
    assert run(empty) == (0, golden("repo-list-empty.txt"))
    flags = ["--repository-config", str(TESTDATA / "repositories.yaml"), "--repository-cache", str(tmp_path)]
    assert run(["repo", "list", *flags]) == (0, golden("repo-list.txt"))
    assert run(["repo", "list", *flags, "--no-headers"]) == (0, golden("repo-list-no-headers.txt"))
    code, out = run(["repo", "list", *flags, "-o", "json"])
    assert json.loads(out) == [{"name": "charts", "url": "https://charts.helm.sh/stable"},
                               {"name": "firstexample", "url": "http://firstexample.com"},
                               {"name": "secondexample", "url": "http://secondexample.com"}]  # fmt: skip
    assert out.startswith('[{"name":"charts","url":')
    assert run(["repo", "list", *flags, "-o", "yaml"])[1].startswith("- name: charts\n  url: https://charts.helm.sh/stable\n")
    assert run(empty + ["-o", "json"]) == (0, "[]\n")


def test_add_update_remove_cycle(repo_root, home):
    with serve(repo_root) as one, serve(repo_root) as two:
        assert run(["repo", "add", "one", one.url])[0] == 0
        assert run(["repo", "add", "two", two.url])[0] == 0
        (home / "cache" / "one-index.yaml").unlink()
        code, out = run(["repo", "update"])
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == "Hang tight while we grab the latest from your chart repositories..."
        assert sorted(lines[1:3]) == ['...Successfully got an update from the "one" chart repository',
                                      '...Successfully got an update from the "two" chart repository']  # fmt: skip
        assert lines[3] == "Update Complete. ⎈Happy Helming!⎈"
        assert (home / "cache" / "one-index.yaml").exists()
        assert run(["repo", "update", "two"])[1].count("Successfully") == 1
        assert run(["repo", "update", "three"]) == (
            1, "Error: no repositories found matching 'three'.  Nothing will be updated\n")
    code, out = run(["repo", "update"])
    assert code == 1
    assert f"...Unable to get an update from the \"one\" chart repository ({one.url}):\n\tGet \"{one.url}/index.yaml\": dial tcp" in out
    assert out.endswith("Error: Failed to update the following repositories: "
                        f"[{out.split('Error: Failed to update the following repositories: [')[1][:-2]}]\n")
    assert run(["repo", "remove", "one"]) == (0, '"one" has been removed from your repositories\n')
    assert not (home / "cache" / "one-index.yaml").exists()
    assert not (home / "cache" / "one-charts.txt").exists()
    assert run(["repo", "remove", "one"]) == (1, 'Error: no repo named "one" found\n')
    assert run(["repo", "rm", "two"])[0] == 0
    assert run(["repo", "remove", "two"]) == (1, "Error: no repositories configured\n")
    assert run(["repo", "update"]) == (1, "Error: no repositories found. You must add one before updating\n")


def test_add_errors_leave_nothing_behind(repo_root, home, tmp_path):
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "index.yaml").write_text("apiVersion: v1\nentries: [\n")
    with serve(repo_root) as good, serve(repo_root, auth=("user", "pw")) as locked, serve(corrupt) as bad:
        assert run(["repo", "add", "good", good.url])[0] == 0
        before = _snapshot(home)
        port = closed_port()
        refused = f"http://127.0.0.1:{port}"
        with pytest.raises(helm_python.HelmError) as ref_refused:
            helm_python.repo_index(refused)
        with pytest.raises(helm_python.HelmError) as ref_401:
            helm_python.repo_index(locked.url, username="user", password="wrong")
        with pytest.raises(helm_python.HelmError) as ref_corrupt:
            helm_python.repo_index(bad.url)
        cases = [
            (["repo", "add", "x", refused], f'looks like "{refused}" is not a valid chart repository or cannot be reached: {ref_refused.value}'),
            (["repo", "add", "x", locked.url, "--username", "user", "--password", "wrong"],
             f'looks like "{locked.url}" is not a valid chart repository or cannot be reached: {ref_401.value}'),
            (["repo", "add", "x", bad.url], f'looks like "{bad.url}" is not a valid chart repository or cannot be reached: {ref_corrupt.value}'),
            (["repo", "add", "good", locked.url], "repository name (good) already exists, please specify a different name"),
            (["repo", "add", "a/b", good.url], "repository name (a/b) contains '/', please specify a different name without '/'"),
            (["repo", "add", "old", "https://kubernetes-charts.storage.googleapis.com"],
             'repo "https://kubernetes-charts.storage.googleapis.com" is no longer available; try "https://charts.helm.sh/stable" instead'),
            (["repo", "add", "x", "ftp://127.0.0.1/charts"], "could not find protocol handler for: ftp"),
            (["repo", "add", "x"], '"helm repo add" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]'),
        ]
        for argv, message in cases:
            assert run(argv) == (1, f"Error: {message}\n"), argv
            assert _snapshot(home) == before, argv
        assert str(ref_401.value).endswith("401 Unauthorized")


def test_basic_auth_and_password_stdin(repo_root, home):
    with serve(repo_root, auth=("user", "s3cret")) as srv:
        code, out = run(["repo", "add", "priv", srv.url, "--username", "user", "--password-stdin"], stdin="s3cret\n")
        assert (code, out) == (0, '"priv" has been added to your repositories\n')
        entry = load_file(home / "config" / "repositories.yaml").get("priv")
        assert (entry.username, entry.password) == ("user", "s3cret")
        assert run(["repo", "update", "priv"])[0] == 0
        assert srv.requests[-1]["authorization"].startswith("Basic ")
        assert srv.requests[-1]["user-agent"] == "Helm/4.2"


def test_tls_repositories(repo_root, home, tls):
    with serve(repo_root, tls=tls) as srv:
        code, out = run(["repo", "add", "plain", srv.url])
        assert code == 1 and "x509: certificate signed by unknown authority" in out
        with pytest.raises(helm_python.HelmError, match="x509: certificate signed by unknown authority"):
            helm_python.repo_index(srv.url)
        assert run(["repo", "add", "ca", srv.url, "--ca-file", str(tls.ca)])[0] == 0
        assert run(["repo", "add", "skip", srv.url, "--insecure-skip-tls-verify"])[0] == 0
        assert run(["repo", "update"])[0] == 0
    with serve(repo_root, tls=tls, client_ca=tls.ca) as mtls:
        assert run(["repo", "add", "nocert", mtls.url, "--ca-file", str(tls.ca)])[0] == 1
        argv = ["repo", "add", "mtls", mtls.url, "--ca-file", str(tls.ca),
                "--cert-file", str(tls.client_cert), "--key-file", str(tls.client_key)]
        assert run(argv) == (0, '"mtls" has been added to your repositories\n')
    entry = load_file(home / "config" / "repositories.yaml").get("mtls")
    assert (entry.ca_file, entry.cert_file, entry.key_file) == (str(tls.ca), str(tls.client_cert), str(tls.client_key))


def _search_cases() -> list[dict]:
    cases = json.loads((TESTDATA / "cases.json").read_text())
    return [c for c in cases if c["resolved"] and c["cmd"].startswith("search repo")]


@pytest.mark.parametrize("case", _search_cases(), ids=lambda c: c["name"])
def test_search_repo_golden(case, tmp_path, monkeypatch):
    """search_repo_test.go appends the test home's repositories file and cache to every command."""
    (tmp_path / "testdata").symlink_to(TESTDATA)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(case["cmd"]) + ["--repository-config", "testdata/helmhome/helm/repositories.yaml",
                                       "--repository-cache", "testdata/helmhome/helm/repository"]  # fmt: skip
    code, out = run(argv)
    assert out == golden(case["golden"].removeprefix("output/"))
    assert (code != 0) == case["wantError"]


def test_search_repo_yaml_golden():
    """search-output-yaml.txt has no case in the table (its Go test was removed); alpine produces it."""
    flags = ["--repository-config", str(TESTDATA / "helmhome/helm/repositories.yaml"),
             "--repository-cache", str(TESTDATA / "helmhome/helm/repository")]  # fmt: skip
    assert run(["search", "repo", "alpine", "-o", "yaml", *flags]) == (0, golden("search-output-yaml.txt"))


def test_search_repo_errors(tmp_path):
    flags = ["--repository-config", str(TESTDATA / "helmhome/helm/repositories.yaml"),
             "--repository-cache", str(TESTDATA / "helmhome/helm/repository")]  # fmt: skip
    # the bundled Masterminds semver's wording, taken from the reference through semverCompare
    semver_error = ref_template(tmp_path, '{{ semverCompare "bad!!" "1.0.0" }}').split("semverCompare: ")[-1]
    assert run(["search", "repo", "alpine", "--version", "bad!!", *flags]) == (
        1, f"Error: an invalid version/constraint format: {semver_error}\n")
    assert run(["search", "repo", "a[", "--regexp", *flags]) == (
        1, "Error: error parsing regexp: missing closing ]: `[`\n")
    none = ["--repository-config", str(tmp_path / "none.yaml")]
    assert run(["search", "repo", "x", *none]) == (1, "Error: no repositories configured\n")
    code, out = run(["search", "repo", *flags, "--max-col-width", "12"])
    assert out.splitlines()[1] == "testing/a...\t0.2.0       \t2.3.4      \tDeploy a ..."


def test_search_after_adding_a_served_repository(repo_root, home):
    with serve(repo_root) as srv:
        assert run(["repo", "add", "local", srv.url])[0] == 0
    code, out = run(["search", "repo", "compressed", "--versions", "-o", "json"])
    assert code == 0
    assert [(r["name"], r["version"]) for r in json.loads(out)] == [
        ("local/compressedchart", "0.3.0"), ("local/compressedchart", "0.2.0"), ("local/compressedchart", "0.1.0"),
        ("local/compressedchart-with-hyphens", "0.1.0")]
    assert os.path.exists(home / "cache" / "local-index.yaml")
