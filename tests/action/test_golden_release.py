"""Helm's CLI golden cases for install, upgrade, rollback and uninstall (cases.json).

Run as Helm's own tests run them: memory storage, a fake cluster, the clock fixed at
1977-09-02 22:04:05. Cases that preload releases get them through
``HELM_MEMORY_DRIVER_DATA`` built here the way Helm's Go test builds them
(``release.Mock``-like records); ``fmt.Sprintf`` commands are resolved by hand.
"""

from __future__ import annotations

import contextlib
import io
import json
import shlex
from pathlib import Path

import pytest
from testpaths import SHARED

from pyhelm import version as build
from pyhelm.chart.model import Chart, Metadata
from pyhelm.cli.main import main
from pyhelm.codec.json import marshal
from pyhelm.release.codec import release_to_json
from pyhelm.release.model import Info, Release, Status

TESTDATA = SHARED / "helm-cmd-testdata"
WORDS = {"install", "rollback", "uninstall", "upgrade"}


def _cases() -> list[dict]:
    cases = json.loads((TESTDATA / "cases.json").read_text())
    chosen = []
    for case in cases:
        if not case["resolved"] or not case["golden"]:
            continue
        words = shlex.split(case["cmd"])
        if words and words[0] in WORDS:
            chosen.append(case)
    return chosen


def _mock(name: str, version: int, status: Status, chart_name: str = "foo") -> Release:
    """A release like Helm's ``release.Mock``: chart foo-0.1.0-beta.1, one manifest."""
    from pyhelm.release.model import GoTime

    ts = GoTime(1977, 9, 2, 22, 4, 5).astimezone()
    ts = GoTime.from_datetime(ts)
    chart = Chart(metadata=Metadata(name=chart_name, version="0.1.0-beta.1", api_version="v1"))
    return Release(
        name=name, namespace="default", version=version, chart=chart, config={"name": "value"},
        info=Info(first_deployed=ts, last_deployed=ts, status=status, description="Release mock"),
        manifest="apiVersion: v1\nkind: Secret\nmetadata:\n  name: fixture\n",
    )  # fmt: skip


# Preloaded releases of each golden test (as the Go tests set them up).
PRELOAD = {
    "rollback": [_mock("funny-honey", 1, Status.SUPERSEDED), _mock("funny-honey", 2, Status.DEPLOYED)],
    "uninstall": [_mock("aeneas", 1, Status.DEPLOYED), _mock("aeneas2", 1, Status.DEPLOYED)],
}
PRELOAD_BY_GOLDEN = {
    "output/uninstall-keep-history-earlier-deployed.txt": [
        _mock("aeneas", 1, Status.DEPLOYED), _mock("aeneas", 2, Status.FAILED),
    ],
}


def _write_preload(path: Path, rels: list[Release]) -> None:
    path.write_text("[" + ",".join(marshal(release_to_json(r)) for r in rels) + "]")


@pytest.fixture()
def golden_env(tmp_path, monkeypatch, fake_cluster, fixed_clock):
    monkeypatch.setattr(build, "GO_VERSION", "")
    monkeypatch.setattr(build, "KUBE_CLIENT_MAJOR", 1)
    monkeypatch.setattr(build, "KUBE_CLIENT_MINOR", 20)
    (tmp_path / "testdata").symlink_to(TESTDATA)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HELM_NAMESPACE", "default")
    return tmp_path


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['file']}:{c['name']}")
def test_golden(case: dict, golden_env: Path, monkeypatch) -> None:
    words = shlex.split(case["cmd"])
    rels = PRELOAD_BY_GOLDEN.get(case["golden"]) or (PRELOAD.get(words[0]) if case["needs_releases"] else None)
    if rels:
        data = golden_env / "releases.json"
        _write_preload(data, rels)
        monkeypatch.setenv("HELM_MEMORY_DRIVER_DATA", str(data))
    code, output = _run(words)
    assert output == (TESTDATA / case["golden"]).read_text()
    assert (code != 0) == case["wantError"]


def _history(name: str, last: int, status: Status = Status.DEPLOYED) -> list[Release]:
    rels = [_mock(name, v, Status.SUPERSEDED, "testUpgradeChart") for v in range(1, last)]
    return [*rels, _mock(name, last, status, "testUpgradeChart")]


# upgrade_test.go's fmt.Sprintf cases, resolved: (command after the chart path, golden, preloaded history).
# Helm's table shares one store across cases, so revisions climb; each case here preloads that history.
UPGRADE_CASES = [
    ("upgrade funny-bunny {chart}", "output/upgrade.txt", _history("funny-bunny", 2), False),
    ("upgrade funny-bunny --timeout 120s {chart}", "output/upgrade-with-timeout.txt", _history("funny-bunny", 3), False),
    ("upgrade funny-bunny --reset-values {chart}", "output/upgrade-with-reset-values.txt",
     _history("funny-bunny", 4), False),
    ("upgrade funny-bunny --reuse-values {chart}", "output/upgrade-with-reset-values2.txt",
     _history("funny-bunny", 5), False),
    ("upgrade funny-bunny {chart} --take-ownership", "output/upgrade-and-take-ownership.txt",
     _history("funny-bunny", 2), False),
    ("upgrade zany-bunny -i {chart}", "output/upgrade-with-install.txt", _history("zany-bunny", 1), False),
    ("upgrade crazy-bunny -i --timeout 120s {chart}", "output/upgrade-with-install-timeout.txt",
     _history("crazy-bunny", 1), False),
    ("upgrade crazy-bunny --wait {chart}", "output/upgrade-with-wait.txt", _history("crazy-bunny", 2), False),
    ("upgrade crazy-bunny --wait --wait-for-jobs {chart}", "output/upgrade-with-wait-for-jobs.txt",
     _history("crazy-bunny", 2), False),
    ("upgrade funny-bunny {chart}", "output/upgrade-with-pending-install.txt",
     _history("funny-bunny", 2, Status.PENDING_INSTALL), True),
    ("upgrade funny-bunny -i {chart}", "output/upgrade-uninstalled-with-keep-history.txt",
     _history("funny-bunny", 2, Status.UNINSTALLED), False),
    ("upgrade funny-bunny {chart}", "output/upgrade-with-bad-or-missing-existing-release.txt", [], True),
    ("upgrade bonkers-bunny testdata/testcharts/chart-missing-deps", "output/upgrade-with-missing-dependencies.txt",
     [], True),
    ("upgrade --dependency-update funny-bunny testdata/testcharts/chart-with-subchart-update",
     "output/upgrade-with-dependency-update.txt", _history("funny-bunny", 2), False),
]


@pytest.fixture()
def upgrade_chart(tmp_path: Path) -> Path:
    """The chart Helm's upgrade test saves: testUpgradeChart 0.1.2, no templates."""
    path = tmp_path / "charts" / "testUpgradeChart"
    path.mkdir(parents=True)
    (path / "Chart.yaml").write_text(
        "apiVersion: v1\nname: testUpgradeChart\ndescription: A Helm chart for Kubernetes\nversion: 0.1.2\n"
    )
    return path


@pytest.mark.parametrize(("cmd", "golden", "rels", "want_error"), UPGRADE_CASES, ids=[c[1] for c in UPGRADE_CASES])
def test_upgrade_golden(cmd, golden, rels, want_error, golden_env, upgrade_chart, monkeypatch) -> None:
    if rels:
        data = golden_env / "releases.json"
        _write_preload(data, rels)
        monkeypatch.setenv("HELM_MEMORY_DRIVER_DATA", str(data))
    code, output = _run(shlex.split(cmd.format(chart=shlex.quote(str(upgrade_chart)))))
    assert output == (TESTDATA / golden).read_text()
    assert (code != 0) == want_error
