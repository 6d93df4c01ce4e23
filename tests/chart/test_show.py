"""``helm show`` output compared with the reference's ``show``."""

from __future__ import annotations

from pathlib import Path

import helm_python as helm
import pytest
from _util import make_dir, pack_dir
from testpaths import SHARED

from pyhelm.action import show

FORMATS = ["all", "chart", "values", "readme", "crds"]
SHARED_CHARTS = sorted(p for p in (SHARED / "charts").iterdir() if p.is_dir())
TESTCHARTS = SHARED / "helm-cmd-testdata" / "testcharts"
CHART_YAML = "apiVersion: v2\nname: x\nversion: 1.0.0\n"

LOCAL: dict[str, dict[str, str]] = {
    "no-values": {"Chart.yaml": CHART_YAML},
    "empty-values": {"Chart.yaml": CHART_YAML, "values.yaml": ""},
    "everything": {
        "Chart.yaml": CHART_YAML
        + "appVersion: 1.0\ndescription: 'a: b'\nkeywords: [k1, k2]\nmaintainers: [{name: m, email: e@x}]\n"
        + "annotations: {b: '1', a: x}\ndependencies: [{name: sub, version: ~1.0, repository: file://x}]\n",
        "values.yaml": "# comment kept\na: 1   # trailing\n",
        "crds/a.yaml": "kind: A",
        "crds/b.yaml": "---\nkind: B\n",
        "crds/c.txt": "not a crd",
        "crds/d.JSON": "{}",
        "Readme.TXT": "r1",
        "README.md": "r2",
        "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
        "charts/sub/crds/s.yml": "kind: S",
        "charts/sub/README.md": "sub readme",
    },
    "readme-only-txt": {"Chart.yaml": CHART_YAML, "docs/README.md": "not top", "readme": "plain"},
}


def _ref(path: Path, fmt: str) -> str:
    try:
        return helm.show(str(path), output_format=fmt)
    except helm.HelmError as err:
        return f"ERROR {err}"


def _mine(path: Path, fmt: str) -> str:
    from pyhelm.chart.archive import ChartLoadError

    try:
        return show.show(path, fmt)
    except ChartLoadError as err:
        return f"ERROR {err}"


@pytest.mark.parametrize("chart_dir", SHARED_CHARTS, ids=lambda p: p.name)
def test_show_shared_charts(chart_dir: Path) -> None:
    for fmt in FORMATS:
        assert _mine(chart_dir, fmt) == _ref(chart_dir, fmt), fmt


@pytest.mark.parametrize("name", sorted(p.name for p in TESTCHARTS.iterdir()))
def test_show_helm_testcharts(name: str) -> None:
    path = TESTCHARTS / name
    if path.suffix == ".prov":
        pytest.skip("signature file, not a chart")
    for fmt in FORMATS:
        assert _mine(path, fmt) == _ref(path, fmt), fmt


@pytest.mark.parametrize("case", sorted(LOCAL))
def test_show_local_charts(tmp_path: Path, case: str) -> None:
    chart_dir = make_dir(tmp_path / "x", LOCAL[case])
    archive = tmp_path / "x-1.0.0.tgz"
    archive.write_bytes(pack_dir(chart_dir, "x"))
    for path in (chart_dir, archive):
        for fmt in FORMATS:
            assert _mine(path, fmt) == _ref(path, fmt), (path.name, fmt)


def test_show_accepts_command_line_argument_order() -> None:
    path = TESTCHARTS / "alpine"
    assert show.show("values", path) == _ref(path, "values")
    with pytest.raises(ValueError):
        show.show(path, "nonsense")
