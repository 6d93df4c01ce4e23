"""``pyhelm dependency list|update|build`` against the reference Helm and Helm's golden files."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import helm_python as helm
import pytest
from oracle import write_chart

from pyhelm.action.dependency import list_dependencies
from pyhelm.chart.metadata import parse_lock
from pyhelm.cli.main import main
from pyhelm.downloader.manager import Manager, ManagerError

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
TESTDATA = SHARED / "helm-cmd-testdata"


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def _chart(root: Path, name: str, version: str = "0.1.0", deps: str = "", **files: str) -> Path:
    text = f"apiVersion: v2\nname: {name}\nversion: {version}\n"
    if deps:
        text += "dependencies:\n" + deps
    return write_chart(root, {}, name=name, chart_yaml=text, files=dict(files))


def _manager(chart: Path, tmp: Path, **kwargs: object) -> Manager:
    return Manager(
        chart_path=str(chart), out=io.StringIO(), repository_config=str(tmp / "config" / "repositories.yaml"),
        repository_cache=str(tmp / "cache"), content_cache=str(tmp / "content"), **kwargs,
    )  # fmt: skip


def _lock_view(chart: Path) -> dict:
    lock = parse_lock((chart / "Chart.lock").read_bytes())
    deps = [(d.name, d.repository, d.version) for d in lock.dependencies]
    return {"digest": lock.digest, "dependencies": deps, "has_time": bool(lock.generated)}


def _charts_view(chart: Path) -> dict[str, dict]:
    out = {}
    for path in sorted((chart / "charts").iterdir()):
        if path.suffix == ".tgz":
            loaded = helm.Chart.load(str(path))
            out[path.name] = {"metadata": loaded.metadata, "templates": loaded.templates, "values": loaded.values}
        else:
            out[path.name] = {"dir": sorted(p.name for p in path.iterdir())}
    return out


# ---------------------------------------------------------------------------
# list


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["testdata/testcharts/reqtest"], "dependency-list.txt"),
        (["testdata/testcharts/reqtest-0.1.0.tgz"], "dependency-list-archive.txt"),
        (["testdata/testcharts/alpine"], "dependency-list-no-requirements-linux.txt"),
        (["/no/such/chart"], "dependency-list-no-chart-linux.txt"),
    ],
)
def test_list_golden(args: list[str], golden: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "testdata").symlink_to(TESTDATA)
    monkeypatch.chdir(tmp_path)
    code, out = _run(["dependency", "list", *args])
    assert out == (TESTDATA / "output" / golden).read_text()
    assert code == (1 if "no-chart" in golden else 0)


def test_list_statuses_match_reference(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for name, version in [("okc", "1.0.0"), ("wrong", "2.0.0"), ("misn", "1.0.0"), ("many", "1.0.0"),
                          ("unp", "1.5.0"), ("unpw", "3.0.0"), ("inv", "1.0.0"), ("badv", "1.0.0")]:
        _chart(src, name, version)
    deps = [("okc", "^1.0.0"), ("wrong", "^1.0.0"), ("misnamed", "1.0.0"), ("many", "1.0.0"), ("unp", "~1.5"),
            ("unpw", "1.0.0"), ("inv", ">>1"), ("badv", "=<x"), ("missing", "1.0.0"), ("one", "1.0.0")]
    text = "".join(f'- name: {n}\n  version: "{v}"\n  repository: https://example.com\n' for n, v in deps)
    parent = _chart(tmp_path, "parent", deps=text)
    charts = parent / "charts"
    charts.mkdir()
    stash = tmp_path / "stash"
    for name in ("okc", "wrong", "many", "inv"):
        helm.package(str(src / name), destination=str(charts))
    shutil.copy(helm.package(str(src / "many"), destination=str(stash), version="1.0.1"), charts)
    shutil.copy(helm.package(str(src / "many"), destination=str(stash), version="1.0"), charts / "many-bad.tgz")
    shutil.copy(helm.package(str(src / "misn"), destination=str(stash)), charts / "misnamed-1.0.0.tgz")
    shutil.copy(helm.package(str(src / "okc"), destination=str(stash), version="1.0.0"), charts / "one-x.tgz")
    for name in ("unp", "unpw", "badv"):
        shutil.copytree(src / name, charts / name)
    ref = helm.dependency_list(str(parent))
    mine = [vars(row) for row in list_dependencies(str(parent)) or []]
    assert mine == ref


# ---------------------------------------------------------------------------
# update and build with file:// and charts/ dependencies


def _twins(tmp_path: Path, deps: str, **extra: str) -> tuple[Path, Path]:
    """The same parent chart twice (ref/ and mine/), next to the same sibling charts."""
    out = []
    for side in ("ref", "mine"):
        root = tmp_path / side
        _chart(root, "sub", "1.2.3", **{"templates/a.yaml": "a: {{ .Values.x }}\n", "values.yaml": "x: 1\n"})
        _chart(root, "other", "0.3.0")
        _chart(root / "parent" / "charts", "loc", "1.0.0")
        out.append(_chart(root, "parent", deps=deps, **extra))
    return out[0], out[1]


FILE_DEPS = (
    "- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n  condition: sub.enabled\n  alias: s1\n"
    "- name: sub\n  version: '>=1.2.0 <2'\n  repository: file://../sub\n  alias: s2\n  tags: [a, b]\n"
    "- name: other\n  version: '*'\n  repository: file://../other\n  import-values: [{child: a, parent: b}, c]\n"
    "- name: loc\n  version: 1.0.0\n"
)


def test_update_file_dependencies_like_reference(tmp_path: Path) -> None:
    ref, mine = _twins(tmp_path, FILE_DEPS)
    helm.dependency_update(str(ref))
    _manager(mine, tmp_path).update()
    assert _lock_view(mine) == _lock_view(ref)
    assert _charts_view(mine) == _charts_view(ref)
    assert sorted(p.name for p in mine.iterdir()) == sorted(p.name for p in ref.iterdir())
    # building from the lock gives the same charts again
    for side in (ref, mine):
        for path in (side / "charts").glob("*.tgz"):
            path.unlink()
    helm.dependency_build(str(ref))
    _manager(mine, tmp_path).build()
    assert _charts_view(mine) == _charts_view(ref)


def test_update_keeps_unchanged_lock(tmp_path: Path) -> None:
    _, mine = _twins(tmp_path, FILE_DEPS)
    _manager(mine, tmp_path).update()
    before = (mine / "Chart.lock").read_bytes()
    _manager(mine, tmp_path).update()
    assert (mine / "Chart.lock").read_bytes() == before


def test_update_replaces_outdated_archives(tmp_path: Path) -> None:
    ref, mine = _twins(tmp_path, "- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n")
    for side in (ref, mine):
        helm.package(str(side.parent / "sub"), destination=str(side / "charts"), version="1.0.0")
        helm.package(str(side.parent / "other"), destination=str(side / "charts"))
    helm.dependency_update(str(ref))
    _manager(mine, tmp_path).update()
    assert sorted(p.name for p in (mine / "charts").iterdir()) == sorted(p.name for p in (ref / "charts").iterdir())


BAD_CASES = {
    "unsatisfiable": "- name: sub\n  version: ^2.0.0\n  repository: file://../sub\n",
    "unknown-alias": "- name: x\n  version: 1.0.0\n  repository: '@nope'\n",
    "not-a-url": "- name: x\n  version: 1.0.0\n  repository: stable\n",
    "missing-path": "- name: x\n  version: 1.0.0\n  repository: file://../nothere\n",
    "bad-constraint": "- name: sub\n  version: '>>1'\n  repository: file://../sub\n",
    "local-wrong-version": "- name: loc\n  version: 2.0.0\n",
    "two-unknown": "- name: x\n  version: 1.0.0\n  repository: '@a'\n- name: y\n  version: 1.0.0\n  repository: alias:b\n",
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_update_and_build_errors_like_reference(case: str, tmp_path: Path) -> None:
    ref, mine = _twins(tmp_path, BAD_CASES[case])
    for side in (ref, mine):
        (side / "charts" / "keep-0.0.1.tgz").write_bytes(b"not touched")
    before = sorted(p.name for p in (mine / "charts").iterdir())
    for op in ("update", "build"):
        with pytest.raises(helm.HelmError) as want:
            getattr(helm, f"dependency_{op}")(str(ref))
        with pytest.raises(ManagerError) as got:
            getattr(_manager(mine, tmp_path), op)()
        assert str(got.value) == str(want.value).replace(str(ref.parent), str(mine.parent))
        assert sorted(p.name for p in (mine / "charts").iterdir()) == before
        assert (mine / "charts" / "keep-0.0.1.tgz").read_bytes() == b"not touched"
        assert not (mine / "Chart.lock").exists()


def test_not_a_chart_folder(tmp_path: Path) -> None:
    archive = helm.package(str(_chart(tmp_path, "packed")), destination=str(tmp_path))
    for path in (str(tmp_path / "missing"), archive):
        for op in ("update", "build"):
            with pytest.raises(helm.HelmError) as want:
                getattr(helm, f"dependency_{op}")(path)
            with pytest.raises(ManagerError) as got:
                getattr(Manager(chart_path=path, out=io.StringIO()), op)()
            assert str(got.value) == str(want.value)


def test_build_out_of_sync_lock(tmp_path: Path) -> None:
    ref, mine = _twins(tmp_path, "- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n")
    for side in (ref, mine):
        helm.dependency_update(str(side))
        text = (side / "Chart.yaml").read_text().replace("^1.0.0", "~1.2.0")
        (side / "Chart.yaml").write_text(text)
    with pytest.raises(helm.HelmError) as want:
        helm.dependency_build(str(ref))
    with pytest.raises(ManagerError) as got:
        _manager(mine, tmp_path).build()
    assert str(got.value) == str(want.value)
    assert "out of sync" in str(got.value)


def test_cli_update_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, mine = _twins(tmp_path, "- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n- name: loc\n  version: 1.0.0\n")
    monkeypatch.setenv("HELM_REPOSITORY_CONFIG", str(tmp_path / "none.yaml"))
    monkeypatch.setenv("HELM_REPOSITORY_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(mine)
    code, out = _run(["dep", "up"])
    assert code == 0
    assert out == (
        "Saving 2 charts\n"
        "Dependency loc did not declare a repository. Assuming it exists in the charts directory\n"
        "Deleting outdated charts\n"
    )
    code, out = _run(["dependency", "list"])
    assert out.splitlines()[1:3] == ["sub \t^1.0.0 \tfile://../sub\tok      ", "loc \t1.0.0  \t             \tunpacked"]
    code, out = _run(["dependency", "build", "a", "b"])
    assert code == 1 and out.startswith('Error: "helm dependency build" accepts at most 1 argument')


# ---------------------------------------------------------------------------
# http(s) repositories


@pytest.fixture()
def repo_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A chart repository served over HTTP on loopback: (URL, folder)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def _publish(tmp_path: Path, folder: Path, url: str, versions: list[str]) -> None:
    src = tmp_path / "pub"
    _chart(src, "remote", "0.0.1", **{"templates/r.yaml": "r: 1\n"})
    for version in versions:
        helm.package(str(src / "remote"), destination=str(folder), version=version)
    helm.repo_index_generate(str(folder), base_url=url)


def test_update_from_http_repository_like_reference(tmp_path: Path, repo_server: tuple[str, Path]) -> None:
    url, folder = repo_server
    _publish(tmp_path, folder, url, ["1.0.0", "1.2.0", "1.3.0-beta.1", "2.0.0"])
    deps = f"- name: remote\n  version: ^1.0.0\n  repository: {url}\n- name: sub\n  version: 1.2.3\n  repository: file://../sub\n"
    ref, mine = _twins(tmp_path, deps)
    helm.dependency_update(str(ref))
    manager = _manager(mine, tmp_path)
    manager.update()
    assert _lock_view(mine) == _lock_view(ref)
    assert _lock_view(mine)["dependencies"][0] == ("remote", url, "1.2.0")
    assert (mine / "charts" / "remote-1.2.0.tgz").read_bytes() == (ref / "charts" / "remote-1.2.0.tgz").read_bytes()
    assert _charts_view(mine) == _charts_view(ref)
    assert "Getting updates for unmanaged Helm repositories...\n" in manager.out.getvalue()  # type: ignore[attr-defined]


def test_http_unsatisfiable_and_alias(tmp_path: Path, repo_server: tuple[str, Path]) -> None:
    url, folder = repo_server
    _publish(tmp_path, folder, url, ["1.0.0"])
    ref, mine = _twins(tmp_path, f"- name: remote\n  version: ^3.0.0\n  repository: {url}\n")
    with pytest.raises(helm.HelmError) as want:
        helm.dependency_update(str(ref))
    with pytest.raises(ManagerError) as got:
        _manager(mine, tmp_path).update()
    assert str(got.value) == str(want.value)
    assert not (mine / "Chart.lock").exists()

    # @name of a configured repository resolves to its URL, as Helm records it in Chart.lock
    ref2, mine2 = _twins(tmp_path / "alias", f"- name: remote\n  version: 1.0.0\n  repository: {url}\n")
    (mine2 / "Chart.yaml").write_text((mine2 / "Chart.yaml").read_text().replace(url, "'@myrepo'"))
    config = tmp_path / "config"
    config.mkdir()
    (config / "repositories.yaml").write_text(f"apiVersion: v1\nrepositories:\n- name: myrepo\n  url: {url}\n")
    helm.dependency_update(str(ref2))
    manager = _manager(mine2, tmp_path)
    manager.update()
    assert _lock_view(mine2) == _lock_view(ref2)
    out = manager.out.getvalue()  # type: ignore[attr-defined]
    assert '...Successfully got an update from the "myrepo" chart repository\n' in out
    assert "Update Complete. \u2388Happy Helming!\u2388\n" in out
    # build from that lock needs the repository configured; with it, it fetches the same archive
    (mine2 / "charts" / "remote-1.0.0.tgz").unlink()
    _manager(mine2, tmp_path, skip_update=True).build()
    assert (mine2 / "charts" / "remote-1.0.0.tgz").read_bytes() == (ref2 / "charts" / "remote-1.0.0.tgz").read_bytes()
    (config / "repositories.yaml").write_text("apiVersion: v1\nrepositories: []\n")
    with pytest.raises(ManagerError, match="^no repository definition for @myrepo"):
        _manager(mine2, tmp_path).build()


def test_update_verify_signed_dependency(tmp_path: Path, repo_server: tuple[str, Path]) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "provenance"))
    from gpgsetup import ensure_gpg

    from pyhelm.downloader.chart_downloader import VERIFY_ALWAYS
    from pyhelm.provenance import sign

    ensure_gpg()
    url, folder = repo_server
    _publish(tmp_path, folder, url, ["1.0.0", "1.1.0"])
    sign(folder / "remote-1.0.0.tgz", "helm-test", TESTDATA / "helm-test-key.secret")
    pub = str(TESTDATA / "helm-test-key.pub")
    ref, mine = _twins(tmp_path, f"- name: remote\n  version: 1.0.0\n  repository: {url}\n")
    helm.dependency_update(str(ref), verify=True, keyring=pub)
    _manager(mine, tmp_path, verify=VERIFY_ALWAYS, keyring=pub).update()
    assert _lock_view(mine) == _lock_view(ref)
    assert sorted(p.name for p in (mine / "charts").iterdir()) == sorted(p.name for p in (ref / "charts").iterdir())
    # an unsigned version fails verification; charts/ stays as it was
    for side in (ref, mine):
        (side / "Chart.yaml").write_text((side / "Chart.yaml").read_text().replace("1.0.0", "1.1.0"))
    with pytest.raises(helm.HelmError) as want:
        helm.dependency_update(str(ref), verify=True, keyring=pub)
    before = sorted(p.name for p in (mine / "charts").iterdir())
    with pytest.raises(ManagerError) as got:
        _manager(mine, tmp_path, verify=VERIFY_ALWAYS, keyring=pub).update()
    assert str(got.value) == str(want.value)
    assert sorted(p.name for p in (mine / "charts").iterdir()) == before


def test_package_dependency_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref, mine = _twins(tmp_path, "- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n- name: loc\n  version: 1.0.0\n")
    monkeypatch.setenv("HELM_REPOSITORY_CONFIG", str(tmp_path / "none.yaml"))
    monkeypatch.setenv("HELM_REPOSITORY_CACHE", str(tmp_path / "cache"))
    code, out = _run(["package", "-u", str(mine), "-d", str(tmp_path / "out")])
    assert (code, out) == (0, f"Successfully packaged chart and saved it to: {tmp_path}/out/parent-0.1.0.tgz\n")
    helm.dependency_update(str(ref))
    _ref_archive = helm.package(str(ref), destination=str(tmp_path / "refout"))
    mine_chart, ref_chart = helm.Chart.load(str(tmp_path / "out" / "parent-0.1.0.tgz")), helm.Chart.load(_ref_archive)
    by_name = functools.partial(sorted, key=lambda d: d["name"])
    assert by_name(mine_chart.dependencies) == by_name(ref_chart.dependencies)
    assert (mine / "Chart.lock").exists()


# ---------------------------------------------------------------------------
# oci:// dependencies (Debian's docker-registry on loopback, through pyhelm.registry)


@pytest.fixture(scope="module")
def oci_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A registry holding ``charts/ocichart`` 1.0.0, 1.1.0 and 2.0.0: (host, credentials file)."""
    import os
    import subprocess

    from pyhelm.registry.client import Client

    server = Path(__file__).resolve().parents[2] / "scripts" / "registry" / "server.sh"
    state = tmp_path_factory.mktemp("oci-registry")
    env = dict(os.environ, PYHELM_REGISTRY_STATE=str(state), PYHELM_REGISTRY_USER="helm",
               PYHELM_REGISTRY_PASSWORD="helm-secret")  # fmt: skip
    proc = subprocess.run([str(server), "start"], env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"no test registry: {proc.stderr.strip()[-200:]}")
    host = proc.stdout.strip().splitlines()[-1]
    try:
        creds = str(state / "creds.json")
        client = Client(credentials_file=creds, plain_http=True, out=io.StringIO())
        client.login(host, "helm", "helm-secret", plain_http=True)
        src = _chart(state / "src", "ocichart", "0.0.1", **{"templates/o.yaml": "o: 1\n"})
        for version in ("1.0.0", "1.1.0", "2.0.0"):
            archive = helm.package(str(src), destination=str(state / "pkgs"), version=version)
            client.push(Path(archive).read_bytes(), f"oci://{host}/charts/ocichart:{version}")
        yield host, creds
    finally:
        subprocess.run([str(server), "stop"], env=env, capture_output=True, timeout=60)


def test_update_oci_dependency(tmp_path: Path, oci_registry: tuple[str, str]) -> None:
    host, creds = oci_registry
    deps = f"- name: ocichart\n  version: ^1.0.0\n  repository: oci://{host}/charts\n"
    _, mine = _twins(tmp_path, deps)
    _manager(mine, tmp_path, registry_config=creds, plain_http=True).update()
    lock = _lock_view(mine)
    assert lock["dependencies"] == [("ocichart", f"oci://{host}/charts", "1.1.0")]
    assert sorted(p.name for p in (mine / "charts").iterdir()) == ["loc", "ocichart-1.1.0.tgz"]
    assert helm.Chart.load(str(mine / "charts" / "ocichart-1.1.0.tgz")).version == "1.1.0"
    # the reference accepts the lock's digest: its build gets past the sync check to the
    # download, which fails only for want of our registry credentials
    with pytest.raises(helm.HelmError) as ref:
        helm.dependency_build(str(mine), plain_http=True)
    assert "out of sync" not in str(ref.value)
    assert "credential" in str(ref.value) or "401" in str(ref.value) or "unauthorized" in str(ref.value).lower()
    # exact versions are pulled without listing tags; build pulls what the lock pins
    (mine / "charts" / "ocichart-1.1.0.tgz").unlink()
    _manager(mine, tmp_path, registry_config=creds, plain_http=True).build()
    assert (mine / "charts" / "ocichart-1.1.0.tgz").exists()
    text = (mine / "Chart.yaml").read_text().replace("^1.0.0", "^3.0.0")
    (mine / "Chart.yaml").write_text(text)
    with pytest.raises(ManagerError, match=r"can't get a valid version for 1 subchart\(s\): \"ocichart\""):
        _manager(mine, tmp_path, registry_config=creds, plain_http=True).update()


def test_failed_move_restores_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If moving the fetched archives into charts/ fails part way, charts/ is put back as it was."""
    import os

    _, mine = _twins(tmp_path, "- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n"
                               "- name: other\n  version: '*'\n  repository: file://../other\n")
    charts = mine / "charts"
    helm.package(str(mine.parent / "sub"), destination=str(charts), version="1.0.0")
    before = {p.name: p.read_bytes() for p in charts.iterdir() if p.is_file()}
    real_replace = os.replace
    calls = []

    def flaky(src: str, dst: str) -> None:
        if os.path.dirname(dst) == str(charts) and not os.path.basename(dst).startswith("."):
            calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError):
        _manager(mine, tmp_path).update()
    monkeypatch.setattr(os, "replace", real_replace)
    assert {p.name: p.read_bytes() for p in charts.iterdir() if p.is_file()} == before
    assert not (mine / "Chart.lock").exists()
    assert sorted(p.name for p in mine.iterdir()) == ["Chart.yaml", "charts", "templates", "values.yaml"]


def test_v1_chart_requirements_lock(tmp_path: Path) -> None:
    """apiVersion v1 charts keep requirements.yaml/requirements.lock; Helm 2 lock digests still build."""
    from pyhelm.downloader.manager import hash_v2_req

    reqs = "dependencies:\n- name: sub\n  version: ^1.0.0\n  repository: file://../sub\n"
    sides = []
    for side in ("ref", "mine"):
        root = tmp_path / side
        _chart(root, "sub", "1.2.3")
        chart = write_chart(root, {}, name="old", chart_yaml="apiVersion: v1\nname: old\nversion: 0.1.0\n",
                            files={"requirements.yaml": reqs})
        sides.append(chart)
    ref, mine = sides
    helm.dependency_update(str(ref))
    _manager(mine, tmp_path).update()
    assert (mine / "requirements.lock").exists() and not (mine / "Chart.lock").exists()
    ref_lock = parse_lock((ref / "requirements.lock").read_bytes())
    mine_lock = parse_lock((mine / "requirements.lock").read_bytes())
    assert (mine_lock.digest, mine_lock.dependencies) == (ref_lock.digest, ref_lock.dependencies)
    for side in (ref, mine):
        (side / "requirements.yaml").write_text(reqs.replace("^1.0.0", "~1.2.0"))
    with pytest.raises(helm.HelmError) as want:
        helm.dependency_build(str(ref))
    with pytest.raises(ManagerError) as got:
        _manager(mine, tmp_path).build()
    assert str(got.value) == str(want.value)
    # a lock written by Helm 2 (digest of {"dependencies": req}) is accepted by both
    from pyhelm.chart.loader import load_dir

    v2 = hash_v2_req(load_dir(mine).metadata.dependencies)
    for side in (ref, mine):
        text = (side / "requirements.lock").read_text()
        (side / "requirements.lock").write_text(text.replace(parse_lock(text.encode()).digest, v2))
    helm.dependency_build(str(ref))
    _manager(mine, tmp_path).build()
    assert sorted(p.name for p in (mine / "charts").iterdir()) == sorted(p.name for p in (ref / "charts").iterdir())


def test_unreachable_repository(tmp_path: Path) -> None:
    """The index cannot be fetched: Helm reports it, then fails on the missing cached index."""
    import re

    deps = "- name: remote\n  version: 1.0.0\n  repository: http://127.0.0.1:1/\n"
    ref, mine = _twins(tmp_path, deps)
    with pytest.raises(helm.HelmError) as want:
        helm.dependency_update(str(ref))
    manager = _manager(mine, tmp_path)
    with pytest.raises(ManagerError) as got:
        manager.update()
    # the reference names its private repository entry where Helm's CLI names helm-manager-<sha256 of the URL>
    pattern = r"no cached repository for (\S+) found\. \(try 'helm repo update'\): open (\S+): no such file or directory"
    want_match, got_match = re.fullmatch(pattern, str(want.value)), re.fullmatch(pattern, str(got.value))
    assert want_match and got_match
    assert got_match.group(1).startswith("helm-manager-")
    assert got_match.group(2).endswith(f"/{got_match.group(1)}-index.yaml")
    assert '...Unable to get an update from the "http://127.0.0.1:1/" chart repository:\n' in manager.out.getvalue()  # type: ignore[attr-defined]
    assert not (mine / "Chart.lock").exists()
