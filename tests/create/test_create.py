"""``pyhelm create`` against the reference ``helm create`` (Helm v4.2.3), file by file."""

from __future__ import annotations

import contextlib
import io
import tarfile
from pathlib import Path

import helm_python as helm
import pytest

from pyhelm.chartutil import create as scaffold
from pyhelm.cli.main import main


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _dirs(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["mychart", "foo.bar", "a1-b2"])
def test_scaffold_is_byte_identical(tmp_path, name):
    (tmp_path / "ref").mkdir()
    (tmp_path / "ours").mkdir()
    helm.Chart.create(name, tmp_path / "ref")
    scaffold.create(name, tmp_path / "ours")
    ref, ours = tmp_path / "ref" / name, tmp_path / "ours" / name
    assert _tree(ours) == _tree(ref)
    assert _dirs(ours) == _dirs(ref)  # the empty charts/ folder too


def test_cli_create_with_path(tmp_path, monkeypatch):
    (tmp_path / "ref").mkdir()
    helm.Chart.create("web", tmp_path / "ref")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    code, out, _ = _run("create", "sub/web")
    assert code == 0
    assert out == "Creating sub/web\n"
    assert _tree(tmp_path / "sub" / "web") == _tree(tmp_path / "ref" / "web")


def _ref_error(name: str, directory: Path) -> str:
    try:
        helm.Chart.create(name, directory)
    except helm.HelmError as err:
        return str(err)
    return ""


@pytest.mark.parametrize("name", ["Foo", "foo_bar", "-x", "a b", "..", "x" * 251, "x" * 254, "é"])
def test_invalid_names(tmp_path, name):
    expected = _ref_error(name, tmp_path)
    assert expected
    with pytest.raises(scaffold.CreateError) as err:
        scaffold.create(name, tmp_path)
    assert str(err.value) == expected


def test_missing_base_and_file_in_the_way(tmp_path):
    (tmp_path / "afile").write_text("x")
    for name, directory in [("foo", tmp_path / "missing"), ("afile", tmp_path), ("foo", tmp_path / "afile")]:
        expected = _ref_error(name, directory)
        assert expected
        with pytest.raises(scaffold.CreateError) as err:
            scaffold.create(name, directory)
        assert str(err.value) == expected


def test_overwrite_warnings_and_cli_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run("create", "foo")[0] == 0
    code, out, _ = _run("create", "foo")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Creating foo"
    assert lines[1] == f'WARNING: File "{tmp_path}/foo/Chart.yaml" already exists. Overwriting.'
    assert len(lines) == 13
    code, out, err = _run("create", "Bad")
    assert code == 1 and out == "Creating Bad\n"
    assert err == f"Error: {_ref_error('Bad', tmp_path)}\n"
    assert _run("create")[0] == 1


def _starter(root: Path) -> Path:
    files = {
        "Chart.yaml": "apiVersion: v2\nname: starter\nversion: 1.2.3\nicon: https://x/i.png\n"
        "dependencies:\n- name: sub\n  version: 0.1.0\n",
        "values.yaml": "# values for <CHARTNAME>\nname: <CHARTNAME>\nn: 1\n",
        "values.schema.json": '{"type": "object"}\n',
        "templates/a.yaml": 'name: {{ include "<CHARTNAME>.x" . }}\n',
        "templates/_helpers.tpl": '{{- define "<CHARTNAME>.x" -}}<CHARTNAME>{{- end -}}\n',
        "files/f.txt": "<CHARTNAME> stays\n",
        "README.md": "README <CHARTNAME>\n",
        "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        "charts/sub/templates/t.yaml": "x: <CHARTNAME>\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _archive_members(data_path: Path) -> dict[str, bytes]:
    with tarfile.open(data_path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def test_starter_matches_reference(tmp_path, monkeypatch):
    starter = _starter(tmp_path / "data" / "starters" / "mystarter")
    (tmp_path / "ref").mkdir()
    helm.Chart.create_from("newchart", tmp_path / "ref", starter)
    monkeypatch.setenv("HELM_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("create", "-p", "mystarter", "newchart")
    assert (code, out) == (0, "Creating newchart\n")
    ref, ours = _tree(tmp_path / "ref" / "newchart"), _tree(tmp_path / "newchart")
    assert sorted(ref) == sorted(ours)
    for rel in ref:
        if rel.endswith(".tgz"):
            assert _archive_members(tmp_path / "newchart" / rel) == _archive_members(
                tmp_path / "ref" / "newchart" / rel
            )
        elif rel != "Chart.yaml":
            assert ours[rel] == ref[rel], rel
    # The helm CLI gives the new chart a description and type; the SDK's create_from does not.
    ref_md = helm.Chart.load(tmp_path / "ref" / "newchart").metadata
    ours_md = helm.Chart.load(tmp_path / "newchart").metadata
    assert ours_md.pop("description") == "A Helm chart for Kubernetes"
    assert ours_md.pop("type") == "application"
    assert ours_md == ref_md


def test_starter_by_absolute_path_and_missing(tmp_path, monkeypatch):
    starter = _starter(tmp_path / "st")
    monkeypatch.chdir(tmp_path)
    assert _run("create", "--starter", str(starter), "other")[0] == 0
    assert (tmp_path / "other" / "templates" / "a.yaml").read_text() == 'name: {{ include "other.x" . }}\n'
    expected = ""
    try:
        helm.Chart.create_from("x", tmp_path, tmp_path / "nope")
    except helm.HelmError as err:
        expected = str(err)
    code, _, err = _run("create", "-p", str(tmp_path / "nope"), "x")
    assert code == 1 and err == f"Error: {expected}\n"
