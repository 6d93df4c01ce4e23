"""``repo index`` and index files against the reference Helm (``helm_python.repo_index_generate`` / ``repo_index``)."""

from __future__ import annotations

import json
import re
import shutil

import helm_python
import pytest
from repo_servers import TESTDATA, copy_charts, serve

from pyhelm.action.repo_index import RepoIndexError, repo_index
from pyhelm.cli.main import main
from pyhelm.repo.index import IndexError_, load_index, load_index_file

_TIMES = re.compile(r'^\s*(created|generated): .*\n', re.M)


def _without_times(text: str) -> str:
    return _TIMES.sub("", text)


def _entries_without_times(index: dict) -> dict:
    return {name: [{k: v for k, v in cv.items() if k != "created"} for cv in versions]
            for name, versions in index["entries"].items()}  # fmt: skip


@pytest.fixture()
def twin_dirs(tmp_path):
    """The same archives (and one in a subfolder) in two folders: one for pyhelm, one for Helm."""
    dirs = []
    for side in ("mine", "ref"):
        root = copy_charts(tmp_path / side)
        (root / "sub").mkdir()
        shutil.copyfile(root / "test1-0.1.0.tgz", root / "sub" / "test1-0.1.0.tgz")
        (root / "not-a-chart.tgz").write_bytes(b"garbage")
        dirs.append(root)
    return dirs


@pytest.mark.parametrize("url", ["", "http://example.com/charts", "https://example.com/a/b/"])
def test_index_yaml_matches_reference(twin_dirs, url):
    mine, ref = twin_dirs
    assert main(["repo", "index", str(mine)] + (["--url", url] if url else [])) == 0
    helm_python.repo_index_generate(ref, base_url=url or None)
    ours, theirs = (mine / "index.yaml").read_text(), (ref / "index.yaml").read_text()
    assert _without_times(ours) == _without_times(theirs)
    created = re.findall(r'created: "(.*)"', ours)
    assert created and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", c) for c in created)


def test_index_json_matches_reference(twin_dirs):
    mine, ref = twin_dirs
    assert main(["repo", "index", str(mine), "--json", "--url", "http://x.test"]) == 0
    generated = helm_python.repo_index_generate(ref, base_url="http://x.test", json_index=True)
    ours = json.loads((mine / "index.yaml").read_text())
    assert list(ours) == ["apiVersion", "generated", "entries"]
    assert _entries_without_times(ours) == _entries_without_times(generated)
    # Go's MarshalIndent layout: two-space indent, metadata fields first, urls/created/digest last
    first = ours["entries"]["compressedchart"][0]
    assert list(first)[-3:] == ["urls", "created", "digest"]
    assert (mine / "index.yaml").read_text().startswith('{\n  "apiVersion": "v1",\n  "generated": "')


def test_merge_keeps_versions_the_folder_lacks(twin_dirs, tmp_path):
    mine, ref = twin_dirs
    old = tmp_path / "old"
    copy_charts(old, ["compressedchart-0.1.0.tgz", "reqtest-0.1.0.tgz", "test-0.1.0.tgz"])
    helm_python.repo_index_generate(old, base_url="http://old.test")
    for root in (mine, ref):
        (root / "compressedchart-0.1.0.tgz").unlink()
        (root / "reqtest-0.1.0.tgz").unlink()
    assert main(["repo", "index", str(mine), "--merge", str(old / "index.yaml")]) == 0
    helm_python.repo_index_generate(ref, merge=old / "index.yaml")
    assert _without_times((mine / "index.yaml").read_text()) == _without_times((ref / "index.yaml").read_text())
    merged = (mine / "index.yaml").read_text()
    assert "http://old.test/reqtest-0.1.0.tgz" in merged
    assert "http://old.test/test-0.1.0.tgz" not in merged  # the folder's own archive wins


def test_merge_with_missing_file_creates_it(twin_dirs, tmp_path):
    mine, _ = twin_dirs
    target = tmp_path / "fresh-index.yaml"
    repo_index(str(mine), merge=str(target))
    assert load_index_file(target).entries == {}
    assert load_index_file(mine / "index.yaml").entries


def test_reference_written_index_reads_back_identically(twin_dirs):
    _, ref = twin_dirs
    helm_python.repo_index_generate(ref, base_url="http://x.test")
    text = (ref / "index.yaml").read_text()
    assert load_index_file(ref / "index.yaml").to_yaml() == text
    helm_python.repo_index_generate(ref, base_url="http://x.test", json_index=True)
    assert load_index_file(ref / "index.json").to_yaml() == (ref / "index.yaml").read_text()


def test_shared_testdata_indexes_sort_and_get():
    index = load_index_file(TESTDATA / "helmhome/helm/repository/testing-index.yaml")
    assert [cv.version for cv in index.entries["alpine"]] == ["0.3.0-rc.1", "0.2.0", "0.1.0"]
    assert index.get("alpine", "").version == "0.2.0"
    assert index.get("alpine", "0.3.0-rc.1").version == "0.3.0-rc.1"
    assert index.get("alpine", "<0.2").version == "0.1.0"
    with pytest.raises(IndexError_, match="^no chart version found for alpine-9$"):
        index.get("alpine", "9")
    with pytest.raises(IndexError_, match="^no chart name found$"):
        index.get("nope", "")


BAD_INDEXES = [
    "apiVersion: v1\nentries: [\n",
    "entries: {}\n",
    "apiVersion: v1\nfoo: 1\n",
    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    foo: 1\n",
    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1\n",
    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: x\n    maintainers: [{name: 1}]\n",
    "apiVersion: v1\ngenerated: 3\n",
    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    created: yesterday\n",
    "apiVersion: v1\nentries:\n  a: 3\n",
    "apiVersion: v1\nentries:\n  a:\n  - 3\n",
    "- a\n",
    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    deprecated: 3\n",
    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    urls: 3\n",
]


def test_corrupt_indexes_fail_as_helm_does(tmp_path):
    """Every malformed merge target: the reference's message, and no index.yaml written."""
    charts = copy_charts(tmp_path / "charts", ["test-0.1.0.tgz"])
    for n, body in enumerate(BAD_INDEXES):
        bad = tmp_path / f"bad{n}.yaml"
        bad.write_text(body)
        with pytest.raises(helm_python.HelmError) as ref_err:
            helm_python.repo_index_generate(charts, merge=bad)
        with pytest.raises(RepoIndexError) as our_err:
            repo_index(str(charts), merge=str(bad))
        assert str(our_err.value) == f"merge failed: {ref_err.value}"
        assert not (charts / "index.yaml").exists()
        assert sorted(p.name for p in charts.iterdir()) == ["test-0.1.0.tgz"]


def test_invalid_entries_are_skipped_like_helm(tmp_path):
    body = ("apiVersion: v1\nentries:\n  good:\n  - name: good\n    version: 1.0.0\n    urls: [good-1.0.0.tgz]\n"
            "  - name: good\n    version: not-semver\n  - null\n  bad:\n  - name: bad\n")  # fmt: skip
    index = load_index(body.encode())
    charts = copy_charts(tmp_path / "charts", ["test-0.1.0.tgz"])
    (tmp_path / "m.yaml").write_text(body)
    generated = helm_python.repo_index_generate(charts, merge=tmp_path / "m.yaml")
    # "bad" keeps an empty list, which Merge cannot carry over
    assert index.entries["bad"] == []
    assert {n: [cv.version for cv in vs] for n, vs in index.entries.items() if vs} == {
        n: [cv["version"] for cv in vs] for n, vs in generated["entries"].items() if n != "test"}


def test_empty_index_and_unreadable_folder(tmp_path):
    with pytest.raises(IndexError_, match="^empty index.yaml file$"):
        load_index(b"")
    with pytest.raises(RepoIndexError, match="no such file or directory"):
        repo_index(str(tmp_path / "missing"))


def test_index_served_over_http_reads_in_reference(twin_dirs):
    """An index written by ``pyhelm repo index`` and served: the reference reads the same entries."""
    mine, ref = twin_dirs
    assert main(["repo", "index", str(mine)]) == 0
    helm_python.repo_index_generate(ref)
    with serve(mine) as srv:
        got = helm_python.repo_index(srv.url)
    expected = json.loads(json.dumps(helm_python.repo_index_generate(ref)))
    assert _entries_without_times(got) == _entries_without_times(expected)


RICH_CHART_YAMLS = {
    "rich": """apiVersion: v2
name: rich
version: 1.2.3-beta.1+build.5
appVersion: "2024.01"
kubeVersion: ">=1.20.0-0"
description: "A very long description that goes on and on, far beyond eighty columns, with: colons, 'quotes', \\"double quotes\\" and unicode ✓ ☃"
type: application
home: https://example.com/home
icon: https://example.com/icon.png
deprecated: true
keywords: [web, "yes", "1.0", "null", "~"]
sources: ["https://github.com/example/rich"]
maintainers:
  - name: Jane O'Neil
    email: jane@example.com
    url: https://jane.example.com
  - name: "#hash"
annotations:
  category: "Web: servers"
  multi: |
    line one
    line two
  empty: ""
dependencies:
  - name: sub
    version: ">=0.1.0 <1"
    repository: "https://example.com/charts"
    condition: sub.enabled
    tags: [a, b]
    alias: subby
    import-values: [data, {child: c, parent: p}]
""",
    "lib": "apiVersion: v2\nname: lib\nversion: 0.0.1\ntype: library\ndescription: |-\n  multi\n  line\n",
    "old": "apiVersion: v1\nname: old\nversion: v3.0\ntillerVersion: '>2'\nengine: gotpl\n",
}


def test_rich_metadata_written_like_reference(tmp_path):
    """Packaged by the reference, indexed by both: every metadata field, quoting and folding."""
    charts = tmp_path / "charts"
    charts.mkdir()
    for name, chart_yaml in RICH_CHART_YAMLS.items():
        src = tmp_path / "src" / name
        (src / "templates").mkdir(parents=True)
        (src / "Chart.yaml").write_text(chart_yaml)
        (src / "values.yaml").write_text("")
        if name == "rich":
            (src / "charts" / "subby").mkdir(parents=True)
            (src / "charts" / "subby" / "Chart.yaml").write_text("apiVersion: v2\nname: sub\nversion: 0.1.0\n")
        try:
            helm_python.package(src, destination=charts)
        except helm_python.HelmError:
            continue
    assert len(list(charts.glob("*.tgz"))) >= 2
    ref = tmp_path / "ref"
    shutil.copytree(charts, ref)
    assert main(["repo", "index", str(charts), "--url", "https://charts.example.com/x"]) == 0
    helm_python.repo_index_generate(ref, base_url="https://charts.example.com/x")
    assert _without_times((charts / "index.yaml").read_text()) == _without_times((ref / "index.yaml").read_text())
    assert load_index_file(ref / "index.yaml").to_yaml() == (ref / "index.yaml").read_text()
