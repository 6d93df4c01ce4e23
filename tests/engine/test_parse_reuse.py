"""A template text parsed once is reused under other file names with each file's own name.

Subcharts often carry identical files (a shared library chart); pyhelm parses such a
text once. Errors, ``template`` calls and defines must still name the file being run,
exactly as Helm reports them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import RefError, ref_render, write_chart

import pyhelm
from pyhelm.action.resources import ResourceError

SHARED = '{{/* shared */}}{{ define "lib.x" }}x{{ end }}{{ if .Values.boom }}{{ .Values.boom.deep.deeper }}{{ end }}# ok\n'


def _parent(tmp_path: Path, shared: dict[str, str], values: str) -> Path:
    parent = write_chart(tmp_path, {"p.yaml": "# {{ include \"lib.x\" . }}\n"}, values, name="parent")
    for sub in ("alpha", "beta"):  # beta's files are parsed first, alpha's reuse them
        write_chart(parent / "charts", shared, name=sub)
    return parent


@pytest.mark.parametrize("failing", ["alpha", "beta"])
def test_error_names_the_file_run(tmp_path: Path, failing: str) -> None:
    chart = _parent(tmp_path, {"t.yaml": SHARED}, f"{failing}:\n  boom: 1\n")
    with pytest.raises(RefError) as ref:
        ref_render(chart)
    with pytest.raises(ResourceError) as ours:
        pyhelm.render(pyhelm.load_chart(chart))
    assert str(ours.value) == str(ref.value)


def test_shared_texts_render_alike(tmp_path: Path) -> None:
    shared = {
        "t.yaml": SHARED + '# {{ template "lib.x" }} {{ .Template.Name }} {{ tpl "{{ .Template.Name }}" . }}\n',
        "u.yaml": '{{ define "t.yaml" }}{{ .Chart.Name }}{{ end }}name: {{ template "t.yaml" . }}\n',
    }
    chart = _parent(tmp_path, shared, "")
    try:
        expected: dict[str, str] | str = ref_render(chart)
    except RefError as err:
        expected = str(err)
    try:
        got: dict[str, str] | str = pyhelm.render(pyhelm.load_chart(chart))
    except ResourceError as err:
        got = str(err)
    assert got == expected


def test_template_depth_error_names_the_file_run(tmp_path: Path) -> None:
    loop = '{{ define "loop" }}{{ template "loop" . }}{{ end }}# {{ if .Values.go }}{{ template "loop" . }}{{ end }}\n'
    chart = _parent(tmp_path, {"t.yaml": loop}, "alpha:\n  go: true\n")
    with pytest.raises(RefError) as ref:
        ref_render(chart)
    with pytest.raises(ResourceError) as ours:
        pyhelm.render(pyhelm.load_chart(chart))
    assert str(ours.value) == str(ref.value)
