"""``pyhelm lint`` findings against the reference ``helm lint`` (Helm v4.2.3).

Every chart is linted by both and the whole report must be equal: each message's
severity, path and text, in order, the charts-linted count and the failing errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import helm_python as helm
import pytest
from oracle import ref_values_files
from testpaths import SHARED

sys.path.insert(0, str(Path(__file__).parent))
from lint_cases import ALL_CASES, DEPLOY, GOOD_CHART, chart  # noqa: E402

from pyhelm.action import lint as lint_action  # noqa: E402
from pyhelm.chartutil.capabilities import parse_kube_version  # noqa: E402

SHARED_CHARTS = sorted(p for p in (SHARED / "charts").iterdir() if p.is_dir())
TEST_CHARTS = sorted((SHARED / "helm-cmd-testdata" / "testcharts").iterdir())


def ours(path: Path | str, values: dict | None = None, **options) -> dict:
    kube = options.pop("kube_version", None)
    opts = lint_action.LintOptions(kube_version=parse_kube_version(kube) if kube else None, **options)
    result = lint_action.run([str(path)], values or {}, opts)
    return {
        "total_charts_linted": result.total_charts_linted,
        "messages": [{"severity": m.severity, "path": m.path, "error": m.error} for m in result.messages],
        "errors": result.errors,
    }


def ref(path: Path | str, values: dict | None = None, **options) -> dict:
    report = helm.lint(str(path), values or {}, **options)
    return {
        "total_charts_linted": report["total_charts_linted"],
        "messages": report.get("messages") or [],
        "errors": report.get("errors") or [],
    }


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


@pytest.mark.parametrize("chart_dir", SHARED_CHARTS, ids=lambda p: p.name)
def test_shared_charts(chart_dir):
    assert ours(chart_dir) == ref(chart_dir)


CI_VALUE_CASES = [c for c in json.loads((SHARED / "charts" / "cases.json").read_text()) if c["values"]]


@pytest.mark.parametrize("case", CI_VALUE_CASES, ids=lambda c: c["id"])
def test_shared_charts_with_ci_values(case):
    chart_dir = SHARED / "charts" / case["chart"]
    values = ref_values_files([chart_dir / name for name in case["values"]])
    assert ours(chart_dir, values) == ref(chart_dir, values)


@pytest.mark.parametrize("chart_path", TEST_CHARTS, ids=lambda p: p.name)
def test_helm_test_charts(chart_path):
    assert ours(chart_path) == ref(chart_path)


@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_broken_charts(tmp_path, case):
    chart_dir = write(tmp_path / "demo", ALL_CASES[case])
    assert ours(chart_dir) == ref(chart_dir)


OPTION_CASES = {
    "strict-warnings": ("no-selector", {}, {"strict": True}),
    "strict-info-only": ("good-deployment", {}, {"strict": True}),
    "kube-old": ("deprecated", {}, {"kube_version": "v1.20.0"}),
    "kube-new": ("deprecated", {}, {"kube_version": "1.40"}),
    "kube-strict": ("deprecated", {}, {"kube_version": "1.22.0", "strict": True}),
    "values-override": ("render-error", {"a": {"b": {"c": 1}}}, {}),
    "values-schema": ("schema-ok", {"port": "x"}, {}),
    "skip-schema": ("schema-fail", {}, {"skip_schema_validation": True}),
    "skip-schema-render": ("schema-fails-render", {}, {"skip_schema_validation": True}),
    "namespace": ("release-fields", {}, {"namespace": "Other_NS"}),
    "condition-on": ("condition-off", {"sub": {"enabled": True}}, {}),
}


@pytest.mark.parametrize("name", sorted(OPTION_CASES))
def test_lint_options(tmp_path, name):
    case, values, options = OPTION_CASES[name]
    chart_dir = write(tmp_path / "demo", ALL_CASES[case])
    assert ours(chart_dir, values, **options) == ref(chart_dir, values, **options)


def test_archive_and_missing_paths(tmp_path):
    from pyhelm.chart import loader
    from pyhelm.chart.archive import save_archive

    chart_dir = write(tmp_path / "src" / "demo", chart(templates__a_yaml=DEPLOY.format(name="Bad")))
    name, data = save_archive(loader.load(chart_dir))
    archive = tmp_path / name
    archive.write_bytes(data)
    assert ours(archive) == ref(archive)
    for missing in (tmp_path / "nope", tmp_path / "nope.tgz", archive.with_suffix(".prov")):
        assert ours(missing) == ref(missing)


def _tar_gz(entries: dict[str, str]) -> bytes:
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return buf.getvalue()


def test_odd_archives(tmp_path):
    archives = {
        "garbage.tgz": b"not gzip",
        "empty.tgz": b"",
        "noname-0.1.0.tgz": _tar_gz({"x/Chart.yaml": "apiVersion: v2\nversion: 0.1.0\n"}),
        "renamed-0.1.0.tar.gz": _tar_gz(
            {
                "x/Chart.yaml": "apiVersion: v2\nname: other\nversion: 0.1.0\n",
                "x/templates/s.yaml": "kind: Service\n",
            }
        ),
    }
    for name, data in archives.items():
        (tmp_path / name).write_bytes(data)
        assert ours(tmp_path / name) == ref(tmp_path / name), name


def test_scaffold_lints_clean(tmp_path):
    from pyhelm.chartutil import create

    chart_dir = create.create("fresh", tmp_path)
    assert ours(chart_dir, strict=True) == ref(chart_dir, strict=True)
    assert ours(chart_dir, strict=True)["errors"] == []


def test_chart_with_many_maintainers(tmp_path):
    md = GOOD_CHART + "maintainers:\n- name: a\n  email: a@example.com\n- name: b\n  email: bad\n- name: ''\n"
    chart_dir = write(tmp_path / "demo", chart(md))
    assert ours(chart_dir) == ref(chart_dir)
