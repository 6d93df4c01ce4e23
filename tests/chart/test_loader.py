"""Chart loading (directories and archives) compared with the reference Helm."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from _util import CHART_YAML, make_dir, make_tgz, my_load, pack_dir, ref_load
from testpaths import SHARED

SHARED_CHARTS = sorted(p for p in (SHARED / "charts").iterdir() if p.is_dir())
SUB = "apiVersion: v2\nname: {0}\nversion: 1.0.0\n"


def _norm(value: object) -> object:
    """JSON numbers compare by value (the reference hands back ints, pyhelm float64s)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _same(mine: dict, ref: dict) -> None:
    assert mine.keys() == ref.keys(), (mine.get("error"), ref.get("error"))
    for key in ref:
        assert json.dumps(_norm(mine[key]), sort_keys=True) == json.dumps(_norm(ref[key]), sort_keys=True), key


@pytest.mark.parametrize("chart_dir", SHARED_CHARTS, ids=lambda p: p.name)
def test_shared_chart_directory_and_archive(chart_dir: Path) -> None:
    _same(my_load(chart_dir), ref_load(chart_dir))
    archive = pack_dir(chart_dir, chart_dir.name)
    _same(my_load(archive), ref_load(archive))


BROKEN_DIRS: dict[str, dict[str, str | bytes]] = {
    "no-chart-yaml": {"values.yaml": "a: 1\n"},
    "no-api-version": {"Chart.yaml": "name: x\nversion: 1.0.0\n"},
    "api-v1-requirements": {
        "Chart.yaml": "apiVersion: v1\nname: x\nversion: 1.0.0\n",
        "requirements.yaml": "dependencies:\n- name: sub\n  version: 1.0.0\n  repository: https://r\n",
        "requirements.lock": "generated: 2020-01-01T00:00:00Z\ndigest: abc\ndependencies: []\n",
        "charts/sub/Chart.yaml": SUB.format("sub"),
    },
    "v2-with-requirements": {"Chart.yaml": CHART_YAML, "requirements.yaml": "dependencies: []\n"},
    "bad-values": {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\nb: [\n"},
    "values-not-map": {"Chart.yaml": CHART_YAML, "values.yaml": "- 1\n"},
    "values-multidoc": {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\nl: [1]\n---\nb: 2\nl: [2]\n"},
    "values-separator-comment": {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\n--- # c\nb: 2\n---# d\nc: 3\n"},
    "values-separator-junk": {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\n---x\nb: 2\n"},
    "values-separator-flow": {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\n--- {b: 2}\n"},
    "values-empty-documents": {"Chart.yaml": CHART_YAML, "values.yaml": "---\n---\na: 1\n...\n---\n~\n"},
    "values-carriage-returns": {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\r\n---\r\nb: 2\r\n"},
    "bad-lock": {"Chart.yaml": CHART_YAML, "Chart.lock": "generated: nope\n"},
    "bad-chart-yaml": {"Chart.yaml": CHART_YAML + "foo: [\n"},
    "bom": {"Chart.yaml": b"\xef\xbb\xbf" + CHART_YAML.encode(), "README": b"\xef\xbb\xbfhi"},
    "plain-file-in-charts": {"Chart.yaml": CHART_YAML, "charts/README.md": "x"},
    "ignored-subcharts": {"Chart.yaml": CHART_YAML, "charts/_x/Chart.yaml": "bad", "charts/.y/Chart.yaml": "bad"},
    "prov-in-charts": {"Chart.yaml": CHART_YAML, "charts/a-1.0.0.prov": "p"},
    "bad-subchart": {"Chart.yaml": CHART_YAML, "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\n"},
    "bad-nested-subchart": {
        "Chart.yaml": CHART_YAML,
        "charts/sub/Chart.yaml": SUB.format("sub"),
        "charts/sub/charts/deep/Chart.yaml": "apiVersion: v2\nname: deep\n",
    },
    "nested-subcharts": {
        "Chart.yaml": CHART_YAML,
        "charts/a/Chart.yaml": SUB.format("a"),
        "charts/a/templates/t.yaml": "a",
        "charts/a/charts/b/Chart.yaml": SUB.format("b"),
        "charts/a/charts/b/crds/c.yaml": "kind: C",
        "charts/b-1.0.0.tgz": make_tgz([("b/Chart.yaml", SUB.format("bb")), ("b/crds/x.yml", "kind: X")]),
        "crds/top.yaml": "kind: T",
        "crds/notes.txt": "not a crd",
    },
    "corrupt-subchart-archive": {"Chart.yaml": CHART_YAML, "charts/s.tgz": b"garbage"},
    "subchart-archive-is-dir": {"Chart.yaml": CHART_YAML, "charts/s.tgz/Chart.yaml": SUB.format("s")},
    "order": {
        "Chart.yaml": CHART_YAML,
        "templates/b.yaml": "b",
        "templates/a-b/x.yaml": "x",
        "templates/a/x.yaml": "x",
        "templates/_helpers.tpl": "h",
        "templates/NOTES.txt": "n",
        "templates/.hidden": "h",
        "templates/sub/.hidden": "h",
        "Z.txt": "z",
        "a.txt": "a",
        "values.schema.json": '{"type": "object"}',
    },
    "api-v3-requirements": {
        "Chart.yaml": "apiVersion: v3\nname: x\nversion: 1.0.0\n",
        "requirements.yaml": "dependencies: [{name: a}]\n",
        "requirements.lock": "digest: x\n",
    },
    "no-api-version-requirements": {
        "Chart.yaml": "name: x\nversion: 1.0.0\n",
        "requirements.yaml": "dependencies: [{name: a, version: 1}]\n",
    },
    "requirements-only": {"requirements.yaml": "dependencies: []\n"},
    "too-big-file": {"Chart.yaml": CHART_YAML, "big.bin": b"\0" * (5 * 1024 * 1024 + 1)},
    "chart-sanitized": {"Chart.yaml": CHART_YAML + 'description: "a\\tb\\x01c"\nkeywords: ["k\\u200b"]\n'},
}


@pytest.mark.parametrize("case", sorted(BROKEN_DIRS))
def test_directory_cases(tmp_path: Path, case: str) -> None:
    chart_dir = make_dir(tmp_path / "c", BROKEN_DIRS[case])
    _same(my_load(chart_dir), ref_load(chart_dir))


def test_missing_path(tmp_path: Path) -> None:
    from pyhelm.chart import loader
    from pyhelm.chart.archive import ChartLoadError

    with pytest.raises(ChartLoadError, match="no such file or directory"):
        loader.load(tmp_path / "nope")


def _with_symlink() -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, body in (("x/Chart.yaml", CHART_YAML.encode()), ("x/README", b"r")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
        link = tarfile.TarInfo("x/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "README"
        tar.addfile(link)
    return gzip.compress(raw.getvalue())


NOISE = bytes((i * 7919 + (i >> 3) * 131) % 251 for i in range(3000))
BASE = [("x/Chart.yaml", CHART_YAML), ("x/templates/a.yaml", "a"), ("x/README", NOISE)]
FULL = make_tgz(BASE)

ARCHIVES: dict[str, bytes] = {
    "ok": FULL,
    "absolute": make_tgz([*BASE, ("x//etc/passwd", "a")]),
    "leading-slash": make_tgz([*BASE, ("/etc/passwd", "a")]),
    "parent": make_tgz([*BASE, ("x/../../a", "a")]),
    "dot": make_tgz([*BASE, ("x/.", "a")]),
    "bare": make_tgz([*BASE, ("x", "a")]),
    "drive": make_tgz([*BASE, ("x/c:/foo", "a")]),
    "chart-yaml-at-root": make_tgz([("Chart.yaml", CHART_YAML)]),
    "empty": make_tgz([]),
    "only-dirs": make_tgz([("x/", None), ("x/templates/", None)]),
    "not-gzip": make_tgz(BASE, compress=False),
    "garbage": b"hello world, not an archive",
    "short": b"\x1f\x8b",
    "trailing-garbage": FULL + b"trailing garbage bytes",
    "two-members": FULL + FULL,
    "backslashes": make_tgz([("x\\Chart.yaml", CHART_YAML), ("x\\templates\\a.yaml", "a")]),
    "long-name": make_tgz([*BASE, ("x/" + "d" * 120 + "/" + "f" * 120, "long")]),
    "duplicates": make_tgz([*BASE, ("x/README", "second")]),
    "dot-prefix": make_tgz([("./x/Chart.yaml", CHART_YAML), ("./x/README", "r")]),
    "dot-segments": make_tgz([*BASE, ("x/./docs/../docs/a.txt", "a"), ("x/templates//b.yaml", "b")]),
    "gnu-long-name": make_tgz([*BASE, ("x/" + "g" * 150 + "/f.txt", "gnu")], tar_format=tarfile.GNU_FORMAT),
    "ustar-prefix": make_tgz([*BASE, ("x/" + "u" * 90 + "/" + "v" * 60 + "/f.txt", "u")], tar_format=tarfile.USTAR_FORMAT),
    "symlink-entry": _with_symlink(),
    "bom": make_tgz([("x/Chart.yaml", b"\xef\xbb\xbf" + CHART_YAML.encode()), ("x/t", b"\xef\xbb\xbfbody")]),
    "big-file": make_tgz([*BASE, ("x/big", b"\0" * (5 * 1024 * 1024 + 1))]),
    "different-prefixes": make_tgz([("x/Chart.yaml", CHART_YAML), ("y/README", "r"), ("z/templates/t", "t")]),
}
for cut in (5, 10, 40, 200, len(FULL) // 2, len(FULL) - 8, len(FULL) - 1):
    ARCHIVES[f"truncated-{cut}"] = FULL[:cut]
for pos in (12, 30, 60, 120, 200):
    corrupt = bytearray(FULL)
    corrupt[pos] ^= 0xFF
    ARCHIVES[f"corrupt-{pos}"] = bytes(corrupt)


@pytest.mark.parametrize("case", sorted(ARCHIVES))
def test_archive_cases(case: str) -> None:
    data = ARCHIVES[case]
    _same(my_load(data), ref_load(data))


def test_archive_total_size_limit() -> None:
    chunk = b"\0" * (5 * 1024 * 1024)
    data = make_tgz([("x/Chart.yaml", "")] + [(f"x/f{i}", chunk) for i in range(20)])
    assert my_load(data) == ref_load(data)


@pytest.mark.parametrize(
    ("filename", "content"),
    [("values.yaml", b"a: 1\n"), ("chart.tgz", b"plain text, not gzip"), ("chart.tgz", make_tgz(BASE, compress=False))],
)
def test_archive_file_sniffing(tmp_path: Path, filename: str, content: bytes) -> None:
    path = tmp_path / filename
    path.write_bytes(content)
    assert my_load(path) == ref_load(path)


def test_archive_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "x-1.0.0.tgz"
    path.write_bytes(FULL)
    _same(my_load(path), ref_load(path))


@pytest.mark.parametrize(
    "chart_dir", [SHARED_CHARTS[0], SHARED / "helm-cmd-testdata" / "testcharts" / "alpine"], ids=lambda p: p.name
)
def test_save_archive_round_trip(chart_dir: Path) -> None:
    """An archive written by pyhelm loads in the reference exactly like the original chart."""
    from pyhelm.chart import loader
    from pyhelm.chart.archive import save_archive

    name, data = save_archive(loader.load(chart_dir))
    original = ref_load(chart_dir)
    assert name == f"{original['metadata']['name']}-{original['metadata']['version']}.tgz"
    _same(ref_load(data), original)


def test_reference_saved_archive_loads_alike(tmp_path: Path) -> None:
    import helm_python as helm

    chart = helm.Chart.load(str(SHARED / "helm-cmd-testdata" / "testcharts" / "alpine"))
    try:
        path = Path(chart.save(str(tmp_path)))
    finally:
        chart.close()
    _same(my_load(path), ref_load(path))


@pytest.mark.parametrize("case", ["links", "broken-link", "broken-link-ignored", "fifo"])
def test_symlinks_and_irregular_files(tmp_path: Path, case: str) -> None:
    import os

    outside = make_dir(tmp_path / "outside", {"f.txt": "hi", "sub/g.txt": "g"})
    chart_dir = make_dir(tmp_path / "c", {"Chart.yaml": CHART_YAML, "templates/t.yaml": "t"})
    os.symlink(outside, chart_dir / "linkdir")
    os.symlink(outside / "f.txt", chart_dir / "templates" / "linked.yaml")
    if case.startswith("broken-link"):
        os.symlink("nowhere", chart_dir / "broken")
    if case == "broken-link-ignored":
        (chart_dir / ".helmignore").write_text("broken\n")
    if case == "fifo":
        os.mkfifo(chart_dir / "fifo")
    _same(my_load(chart_dir), ref_load(chart_dir))
