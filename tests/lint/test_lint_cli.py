"""``pyhelm lint`` output: Helm's golden files for the lint cases whose command is a Go
expression in cases.json (resolved here by hand), and the printed report against the
reference's findings."""

from __future__ import annotations

import contextlib
import io

import helm_python as helm
import pytest
from testpaths import SHARED

from pyhelm.cli.main import main

TESTDATA = SHARED / "helm-cmd-testdata"

# (command line, golden file or None, wantError) — testChart resolved as in Helm's lint_test.go.
HAND_RESOLVED = [
    ("lint testdata/testcharts/chart-with-bad-subcharts", "output/lint-chart-with-bad-subcharts.txt", True),
    (
        "lint --with-subcharts testdata/testcharts/chart-with-bad-subcharts",
        "output/lint-chart-with-bad-subcharts-with-subcharts.txt",
        True,
    ),
    (
        "lint --kube-version 1.22.0 --strict testdata/testcharts/chart-with-deprecated-api",
        "output/lint-chart-with-deprecated-api-strict.txt",
        True,
    ),
    (
        "lint testdata/testcharts/chart-with-deprecated-api",
        "output/lint-chart-with-deprecated-api.txt",
        False,
    ),
    (
        "lint --kube-version 1.20.0 testdata/testcharts/chart-with-deprecated-api",
        "output/lint-chart-with-deprecated-api-old-k8s.txt",
        False,
    ),
    (
        "lint --quiet testdata/testcharts/alpine testdata/testcharts/chart-bad-requirements",
        "output/lint-quiet-with-error.txt",
        True,
    ),
    ("lint --quiet testdata/testcharts/chart-with-only-crds", "output/lint-quiet-with-warning.txt", False),
]


@pytest.fixture()
def in_testdata(tmp_path, monkeypatch):
    (tmp_path / "testdata").symlink_to(TESTDATA)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HELM_NAMESPACE", "default")
    return tmp_path


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("cmd,golden,want_error", HAND_RESOLVED, ids=[c[0] for c in HAND_RESOLVED])
def test_golden(in_testdata, cmd, golden, want_error):
    code, out, err = run_cli(cmd.split())
    assert out + err == (TESTDATA / golden).read_text()
    assert (code != 0) == want_error


def test_missing_chart_quiet(in_testdata):
    expected = helm.lint("thischartdoesntexist/")["errors"][0]
    code, out, err = run_cli(["lint", "--quiet", "thischartdoesntexist/"])
    assert code == 1
    assert out == f"==> Linting thischartdoesntexist/\nError {expected}\n\n"
    assert err == "Error: 1 chart(s) linted, 1 chart(s) failed\n"


def _report_from_reference(path: str, quiet: bool = False, **options) -> tuple[str, bool]:
    """Helm's printed block for one path, built from the reference's findings."""
    names = ("UNKNOWN", "INFO", "WARNING", "ERROR")
    report = helm.lint(path, **options)
    messages, errors = report.get("messages") or [], report.get("errors") or []
    text = f"==> Linting {path}\n"
    if not messages:
        text += "".join(f"Error {e}\n" for e in errors)
    text += "".join(
        f"[{names[m['severity']]}] {m['path']}: {m['error']}\n"
        for m in messages
        if not quiet or m["severity"] > 1
    )
    return text + "\n", bool(errors)


@pytest.mark.parametrize(
    "chart",
    [
        "testcharts/issue1979",
        "testcharts/chart-with-schema-negative",
        "testcharts/empty",
        "testcharts/reqtest-0.1.0.tgz",
    ],
)
def test_report_matches_reference(in_testdata, chart):
    path = f"testdata/{chart}"
    block, failed = _report_from_reference(path)
    code, out, err = run_cli(["lint", path])
    summary = f"1 chart(s) linted, {int(failed)} chart(s) failed"
    assert out == block + ("" if failed else summary + "\n")
    assert err == (f"Error: {summary}\n" if failed else "")
    assert code == int(failed)


def test_strict_and_values_flags(in_testdata, tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text("test:\n  Name: fixed\n")
    path = "testdata/testcharts/issue1979"
    report = helm.lint(path, {"test": {"Name": "fixed"}, "x": 1}, strict=True)
    names = ("UNKNOWN", "INFO", "WARNING", "ERROR")
    block = f"==> Linting {path}\n" + "".join(
        f"[{names[m['severity']]}] {m['path']}: {m['error']}\n" for m in report["messages"]
    )
    failed = bool(report.get("errors"))
    code, out, err = run_cli(["lint", "--strict", "-f", str(values), "--set", "x=1", path])
    assert out == block + "\n" + ("" if failed else "1 chart(s) linted, 0 chart(s) failed\n")
    assert code == int(failed)
    assert out != _report_from_reference(path)[0]  # the values changed the findings


def test_bad_kube_version(in_testdata):
    code, _, err = run_cli(["lint", "--kube-version", "abc", "testdata/testcharts/alpine"])
    assert code == 1
    assert err.startswith("Error: invalid kube version 'abc': ")
