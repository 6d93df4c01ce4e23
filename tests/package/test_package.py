"""``pyhelm package`` against the reference Helm: archive layout and contents, errors, atomicity."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
from pathlib import Path

import helm_python as helm
import pytest
from oracle import write_chart

from pyhelm.action import package as pkg
from pyhelm.cli.main import main

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
TESTCHARTS = SHARED / "helm-cmd-testdata" / "testcharts"
SHARED_CHARTS = ["signtest", "reqtest", "chart-with-schema", "alpine", "chart-with-lib-dep", "issue1979"]


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _tar(path: str | Path) -> tuple[bytes, list[bytes]]:
    """The tar stream of an archive, as (top chart's entries, sorted subchart entries) in raw bytes.

    Helm writes subcharts in Go map order (it varies between runs), so subchart entries are
    compared as a sorted list; everything else, headers included, byte for byte and in order.
    """
    raw = gzip.decompress(Path(path).read_bytes())
    top, subs, pos = b"", [], 0
    while pos < len(raw):
        header = raw[pos : pos + 512]
        if header == bytes(512):
            top += raw[pos:]
            break
        size = int(header[124:136].rstrip(b"\0 ") or b"0", 8)
        span = 512 + -(-size // 512) * 512
        entry = raw[pos : pos + span]
        name = header[:100].rstrip(b"\0").split(b"/")
        if len(name) > 2 and name[1] == b"charts":
            subs.append(entry)
        else:
            top += entry
        pos += span
    return top, sorted(subs)


def _chart_view(chart: helm.Chart) -> dict:
    return {
        "metadata": chart.metadata, "values": chart.values, "templates": chart.templates,
        "files": chart.files, "schema": chart.schema,
        "dependencies": sorted(chart.dependencies, key=lambda d: d["name"]),  # Go loads subcharts in map order
    }  # fmt: skip


def _rich_chart(root: Path) -> Path:
    """A chart with .helmignore rules, a schema, a lock, a subchart folder and odd file names."""
    chart = write_chart(
        root,
        {"cm.yaml": "kind: ConfigMap\n", "_helpers.tpl": "{{- define \"x\" }}x{{ end }}\n"},
        "a: 1\nlist: [1, 2]\n",
        name="rich",
        chart_yaml=(
            "apiVersion: v2\nname: rich\nversion: 1.2.3-rc.1+build.5\nappVersion: '1.0'\n"
            "description: d\nkeywords: [b, a]\nannotations: {z: '1', a: '2'}\n"
            "dependencies:\n- name: sub\n  version: ~0.1.0\n  repository: file://./charts/sub\n  alias: s\n"
        ),
        files={
            ".helmignore": "*.bak\nsecret/\n",
            "values.schema.json": '{"type": "object"}',
            "notes.bak": "ignored",
            "secret/key": "ignored",
            "files/data.bin": bytes(range(256)),
            "files/space name.txt": "x",
            "README.md": "# rich\n",
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.2\n",
            "charts/sub/templates/a.yaml": "a: {{ .Values.x }}\n",
            "charts/sub/values.yaml": "x: 1\n",
            "Chart.lock": "dependencies:\n- name: sub\n  repository: file://./charts/sub\n  version: 0.1.2\n"
            "digest: sha256:abc\ngenerated: \"2024-01-02T03:04:05.123456789Z\"\n",
        },
    )
    return chart


@pytest.mark.parametrize("name", SHARED_CHARTS)
def test_shared_charts_same_archive_as_reference(name: str, tmp_path: Path) -> None:
    """Same tar stream as Helm's (names, order, headers, mtimes, data); only the deflate bytes differ."""
    src = TESTCHARTS / name
    ref = helm.package(str(src), destination=str(tmp_path / "ref"))
    mine = pkg.package(src, pkg.PackageOptions(destination=str(tmp_path / "mine")))
    assert Path(mine).name == Path(ref).name
    assert _tar(mine) == _tar(ref)
    assert _chart_view(helm.Chart.load(mine)) == _chart_view(helm.Chart.load(ref))


def test_rich_chart_with_overrides(tmp_path: Path) -> None:
    src = _rich_chart(tmp_path / "src")
    for kwargs in ({}, {"version": "2.0.0", "app_version": "9.9"}, {"version": "v3"}):
        ref = helm.package(str(src), destination=str(tmp_path / "ref"), **kwargs)
        opts = pkg.PackageOptions(destination=str(tmp_path / "mine"), version=kwargs.get("version", ""),
                                  app_version=kwargs.get("app_version", ""))
        mine = pkg.package(src, opts)
        assert Path(mine).name == Path(ref).name
        assert _tar(mine) == _tar(ref)
        assert helm.digest(mine) == helm.digest(pkg.package(src, opts))  # reproducible


def test_long_and_non_ascii_names(tmp_path: Path) -> None:
    """USTAR prefix splitting and Go's PAX records for names USTAR cannot hold."""
    files = {
        "/".join(["d" * 30] * 4) + "/file.txt": "deep",
        "f" * 120 + ".txt": "long base name",
        "files/\u00fcn\u00ef.txt": "non-ASCII",
    }
    src = write_chart(tmp_path / "src", {}, name="names", files=files)
    ref = helm.package(str(src), destination=str(tmp_path / "ref"))
    mine = pkg.package(src, pkg.PackageOptions(destination=str(tmp_path / "mine")))
    assert _tar(mine) == _tar(ref)
    assert _chart_view(helm.Chart.load(mine)) == _chart_view(helm.Chart.load(ref))


def test_reproducible_bytes(tmp_path: Path) -> None:
    src = _rich_chart(tmp_path / "src")
    first = Path(pkg.package(src, pkg.PackageOptions(destination=str(tmp_path / "a")))).read_bytes()
    second = Path(pkg.package(src, pkg.PackageOptions(destination=str(tmp_path / "b")))).read_bytes()
    assert first == second
    head = first[:10]
    assert head[4:8] == b"\0\0\0\0"  # gzip mtime 0, like Helm's


def test_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With SOURCE_DATE_EPOCH every entry carries that time: touching files changes nothing."""
    import tarfile

    src = _rich_chart(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(tmp_path)
    assert _run(["package", str(src), "-d", "a"])[0] == 0
    for path in src.rglob("*"):
        os.utime(path, (1600000000, 1600000000))
    assert _run(["package", str(src), "-d", "b"])[0] == 0
    first, second = Path("a/rich-1.2.3-rc.1+build.5.tgz"), Path("b/rich-1.2.3-rc.1+build.5.tgz")
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(first) as tar:
        assert {m.mtime for m in tar.getmembers()} == {1700000000}
    assert _chart_view(helm.Chart.load(str(first))) == _chart_view(
        helm.Chart.load(helm.package(str(src), destination=str(tmp_path / "ref")))
    )


def test_errors_match_reference_and_leave_nothing(tmp_path: Path) -> None:
    missing_dep = write_chart(tmp_path, {}, name="needs", chart_yaml=(
        "apiVersion: v2\nname: needs\nversion: 0.1.0\n"
        "dependencies:\n- name: a\n  version: 1.0.0\n  repository: file://../a\n"
        "- name: b\n  version: 1.0.0\n  repository: https://example.com\n"
    ))  # fmt: skip
    plain = write_chart(tmp_path, {}, name="plain")
    bad_yaml = write_chart(tmp_path, {}, name="broken", chart_yaml="apiVersion: v2\nname: broken\nversion: [\n")
    not_a_chart = tmp_path / "empty"
    not_a_chart.mkdir()
    cases = [(missing_dep, {}), (plain, {"version": "not-a-version"}), (bad_yaml, {}), (not_a_chart, {})]
    for chart, kwargs in cases:
        out = tmp_path / f"out-{chart.name}"
        with pytest.raises(helm.HelmError) as ref:
            helm.package(str(chart), destination=str(out / "ref"), **kwargs)
        with pytest.raises(pkg.PackageError) as mine:
            pkg.package(chart, pkg.PackageOptions(destination=str(out / "mine"), version=kwargs.get("version", "")))
        assert str(mine.value) == str(ref.value)
        assert not (out / "mine").exists() or not any((out / "mine").iterdir())


def test_atomic_write_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_chart(tmp_path, {"a.yaml": "a: 1\n"}, name="atom")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "atom-0.1.0.tgz").write_bytes(b"previous")

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(pkg.PackageError):
        pkg.package(src, pkg.PackageOptions(destination=str(dest)))
    assert sorted(p.name for p in dest.iterdir()) == ["atom-0.1.0.tgz"]
    assert (dest / "atom-0.1.0.tgz").read_bytes() == b"previous"


def test_cli_output_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_chart(tmp_path, {"a.yaml": "a: 1\n"}, name="cli")
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(["package", "cli", "cli", "-d", "out"])
    assert (code, err) == (0, "")
    assert out == "Successfully packaged chart and saved it to: out/cli-0.1.0.tgz\n" * 2
    code, out, _ = _run(["package", str(src), "--version", "1.0.0", "--app-version", "2"])
    assert out == f"Successfully packaged chart and saved it to: {tmp_path}/cli-1.0.0.tgz\n"
    assert helm.Chart.load(str(tmp_path / "cli-1.0.0.tgz")).metadata["appVersion"] == "2"
    for argv, message in (
        (["package"], "need at least one argument, the path to the chart"),
        (["package", "nope"], "stat nope: no such file or directory"),
        (["package", "cli", "--sign"], "--key is required for signing a package"),
        (["package", "cli", "--version", "x.y"], "invalid semantic version"),
    ):
        code, out, err = _run(argv)
        assert (code, out, err) == (1, "", f"Error: {message}\n"), argv


def test_cli_sign_interoperates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "provenance"))
    from gpgsetup import ensure_gpg

    ensure_gpg()
    keys = SHARED / "helm-cmd-testdata"
    write_chart(tmp_path, {"a.yaml": "a: 1\n"}, name="signed")
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(["package", "signed", "--sign", "--key", "helm-test",
                           "--keyring", str(keys / "helm-test-key.secret"), "-d", "out"])
    assert (code, err) == (0, "")
    ref = helm.verify("out/signed-0.1.0.tgz", str(keys / "helm-test-key.pub"))
    assert ref["file_hash"] == helm.digest("out/signed-0.1.0.tgz")
    code, out, err = _run(["verify", "out/signed-0.1.0.tgz", "--keyring", str(keys / "helm-test-key.pub")])
    assert code == 0
    assert out == (
        f"Signed by: {ref['signed_by'][0]}\nUsing Key With Fingerprint: 5E615389B53CA37F0EE60BD3843BBF981FC18762\n"
        f"Chart Hash Verified: {ref['file_hash']}\n"
    )
    # a key that is not there: nothing is written
    shutil.rmtree("out")
    code, out, err = _run(["package", "signed", "--sign", "--key", "nobody",
                           "--keyring", str(keys / "helm-test-key.secret"), "-d", "out"])
    assert (code, err) == (1, "Error: private key not found\n")
    assert not Path("out").exists() or not any(Path("out").iterdir())
