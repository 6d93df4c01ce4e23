"""repositories.yaml: reading Helm's files, atomic writes and the ``repo add`` lock."""

from __future__ import annotations

import threading

import pytest
from repo_servers import TESTDATA, copy_charts, serve

from pyhelm.cli.main import main
from pyhelm.repo.repositories import Entry, RepoFileError, file_lock, load_file, lock_path, parse


def test_reads_helm_repository_files():
    helmhome = load_file(TESTDATA / "helmhome/helm/repositories.yaml")
    assert helmhome.api_version == "v1"
    assert helmhome.generated == "2016-10-03T16:03:10.640376913-06:00"
    assert [(e.name, e.url) for e in helmhome.repositories] == [("testing", "http://example.com/charts")]
    plain = load_file(TESTDATA / "repositories.yaml")
    assert [e.name for e in plain.repositories] == ["charts", "firstexample", "secondexample"]
    assert plain.generated == "0001-01-01T00:00:00Z"


def test_round_trip_and_updates(tmp_path):
    f = load_file(TESTDATA / "repositories.yaml")
    f.update(Entry(name="firstexample", url="http://changed.test", ca_file="/ca.pem"), Entry(name="new", url="http://n"))
    assert [e.name for e in f.repositories] == ["charts", "firstexample", "secondexample", "new"]
    assert f.remove("charts") and not f.remove("charts")
    target = tmp_path / "deep" / "repositories.yaml"
    f.write_file(target)
    again = load_file(target)
    assert again == f
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert list(target.parent.iterdir()) == [target]


def test_malformed_files():
    with pytest.raises(RepoFileError, match="^error converting YAML to JSON: yaml: line"):
        parse(b"repositories: [\n")
    with pytest.raises(FileNotFoundError, match=r"^couldn't load repositories file \(/nope.yaml\)"):
        load_file("/nope.yaml")


def test_lock_path_follows_helm():
    assert lock_path("/x/repositories.yaml") == "/x/repositories.lock"
    assert lock_path("/x/repos") == "/x/repos.lock"


def test_lock_excludes_other_holders(tmp_path):
    repo_file = tmp_path / "repositories.yaml"
    with file_lock(repo_file):
        result: list[str] = []

        def contender() -> None:
            try:
                with file_lock(repo_file, timeout=0.2):
                    result.append("locked")
            except RepoFileError as err:
                result.append(str(err))

        thread = threading.Thread(target=contender)
        thread.start()
        thread.join()
        assert result == ["context deadline exceeded"]
    with file_lock(repo_file, timeout=0.2):
        pass


def test_concurrent_repo_adds_keep_every_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HELM_REPOSITORY_CONFIG", str(tmp_path / "repositories.yaml"))
    monkeypatch.setenv("HELM_REPOSITORY_CACHE", str(tmp_path / "cache"))
    root = copy_charts(tmp_path / "charts", ["test-0.1.0.tgz"])
    assert main(["repo", "index", str(root)]) == 0
    codes: list[int] = []
    with serve(root) as srv:
        threads = [threading.Thread(target=lambda n=n: codes.append(main(["repo", "add", f"r{n}", srv.url])))
                   for n in range(3)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert codes == [0] * 3
    assert sorted(e.name for e in load_file(tmp_path / "repositories.yaml").repositories) == [f"r{n}" for n in range(3)]
