"""Differential conformance: every render case of ../shared/charts against the reference Helm.

For each case (chart + value files) both implementations render as
``helm template release-name <chart> -n default -f <values>...`` would. Compared:
the per-template engine output and the sorted manifest stream. Lines that differ
between two runs of the reference itself (random functions) are not compared.
Cases the reference rejects must be rejected by pyhelm with the same first line.
"""

from __future__ import annotations

import json

import pytest
from oracle import RefError, ref_manifest, ref_render, ref_values_files
from testpaths import SHARED

import pyhelm
from pyhelm.action.resources import ResourceError

CHARTS = SHARED / "charts"
CASES = json.loads((CHARTS / "cases.json").read_text())


def stable_lines(first: str, second: str) -> list[int] | None:
    """Indexes of lines equal in two reference runs; None when the runs differ in shape."""
    a, b = first.splitlines(), second.splitlines()
    if len(a) != len(b):
        return None
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x == y]


def assert_same_text(ours: str, ref1: str, ref2: str, label: str) -> None:
    """Compare ``ours`` with the reference, skipping lines the reference itself varies on."""
    if ref1 == ref2:
        assert ours == ref1, label
        return
    keep = stable_lines(ref1, ref2)
    assert keep is not None, f"{label}: reference output changes shape between runs"
    mine, theirs = ours.splitlines(), ref1.splitlines()
    assert len(mine) == len(theirs), f"{label}: line count differs"
    for i in keep:
        assert mine[i] == theirs[i], f"{label}: line {i + 1} differs"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_render_case(case: dict) -> None:
    chart_dir = CHARTS / case["chart"]
    value_paths = [chart_dir / v for v in case["values"]]
    values = ref_values_files(value_paths)
    try:
        ref_files = [ref_render(chart_dir, values), ref_render(chart_dir, values)]
        ref_streams = [ref_manifest(chart_dir, values), ref_manifest(chart_dir, values)]
    except RefError as err:
        with pytest.raises(ResourceError) as ours:
            pyhelm.template(chart_dir, pyhelm.values_from_files(value_paths))
        assert str(ours.value).splitlines()[0] == str(err).splitlines()[0]
        return
    result = pyhelm.template(chart_dir, pyhelm.values_from_files(value_paths))
    assert sorted(result.files) == sorted(ref_files[0])
    for name in ref_files[0]:
        assert_same_text(result.files[name], ref_files[0][name], ref_files[1][name], name)
    assert_same_text(result.manifest, ref_streams[0], ref_streams[1], "manifest stream")
