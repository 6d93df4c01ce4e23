"""``.helmignore`` handling compared with the reference loader, plus Go filepath.Match errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from _util import CHART_YAML, make_dir, my_load, ref_load

TREE: dict[str, str] = {
    "Chart.yaml": CHART_YAML,
    "templates/a.yaml": "a",
    "templates/.hid": "h",
    "templates/sub/.x": "x",
    "templates/sub/b.yaml": "b",
    "templates/.dir/c.yaml": "c",
    "docs/readme.md": "r",
    "docs/x.txt": "x",
    "a.txt": "a",
    "b.md": "b",
    ".hidden": "h",
    "sub/a.txt": "sa",
    "sub/deep/a.txt": "da",
    "sub-x/a.txt": "sx",
    "[x].txt": "brackets",
}

RULES = [
    "",
    "*.txt",
    "*.txt\n!a.txt",
    "!a.txt",
    "docs/",
    "docs",
    "/a.txt",
    "sub/*.txt",
    "sub/*",
    "**/a.txt",
    "[",
    "a[",
    "# *.txt\n  *.md  ",
    ".*",
    "?.txt",
    "!docs/",
    "[ab].*",
    "[^ab].*",
    "[a-c].md",
    "\\*.txt",
    "\\[x\\].txt",
    "templates/",
    "a.txt\n!*.txt",
    "/docs/",
    ".helmignore",
    "Chart.yaml",
    "sub/deep",
    "sub/deep/",
    "*/a.txt",
    "*/*/a.txt",
    "sub*",
    "templates/sub/*",
    "\r\n*.md\r\n",
]


@pytest.mark.parametrize("rules", RULES)
def test_helmignore_rules(tmp_path: Path, rules: str) -> None:
    chart_dir = make_dir(tmp_path / "c", {**TREE, ".helmignore": rules})
    mine, ref = my_load(chart_dir), ref_load(chart_dir)
    assert mine.get("error") == ref.get("error")
    assert mine.get("files") == ref.get("files")
    assert mine.get("templates") == ref.get("templates")


def test_go_path_match_cases() -> None:
    from pyhelm.chart.helmignore import BadPatternError, go_path_match

    assert go_path_match("*.txt", "a.txt")
    assert not go_path_match("*", "a/b")
    assert go_path_match("a/*", "a/b")
    assert go_path_match("[^a]", "b")
    assert not go_path_match("?", "/")
    assert go_path_match("*x*y", "axbycy")
    for bad in ("[", "a[", "[]", "x[a-]", "\\"):
        with pytest.raises(BadPatternError):
            go_path_match(bad, "zzz")
