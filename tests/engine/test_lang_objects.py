"""Struct-like objects (fields and methods with Go names) and missingkey=error.

Objects: minimal stand-ins shaped like Helm's ``.Capabilities`` are compared with what the
reference Helm does for the same template.  Strict mode (``missingkey=error``) cannot be
driven through the reference API, so those tests check Go's documented messages.
"""

from __future__ import annotations

import pytest
from lang_harness import CHART, TEST_FUNCS, ref

from pyhelm.engine.environment import TemplateSet, helm_format
from pyhelm.engine.errors import ExecError


class KubeVersion:
    __go_type__ = "common.KubeVersion"

    def __init__(self) -> None:
        self.Version = "v1.36.0"
        self.Major = "1"
        self.Minor = "36"


class APIVersions(list):
    __go_type__ = "common.VersionSet"

    def Has(self, version: str) -> bool:  # noqa: N802 - Go method name
        return version in self


class BuildInfo:
    __go_type__ = "version.BuildInfo"

    def __init__(self) -> None:
        self.Version = "v4.2.3"


class Capabilities:
    __go_type__ = "*common.Capabilities"

    def __init__(self) -> None:
        self.KubeVersion = KubeVersion()
        self.APIVersions = APIVersions(["v1", "apps/v1"])
        self.HelmVersion = BuildInfo()


CASES = {
    "ok": '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.APIVersions.Has "v1" }} '
    '{{ .Capabilities.KubeVersion.Major }} {{ "v1" | .Capabilities.APIVersions.Has }} '
    '{{ .Capabilities.APIVersions.Has "nope" }} {{ with .Capabilities.KubeVersion }}{{ .Minor }}{{ end }}',
    "field_args": "{{ .Capabilities.KubeVersion.Major 1 }}",
    "method_no_args": "{{ .Capabilities.APIVersions.Has }}",
    "method_too_many": '{{ .Capabilities.APIVersions.Has "v1" "x" }}',
    "lower_field": "{{ .Capabilities.foo }}",
    "missing_field": "{{ .Capabilities.HelmVersion.Foo }}",
    "field_on_string_field": "{{ .Capabilities.KubeVersion.Version.x }}",
}


def _py(text: str) -> str:
    ts = TemplateSet(TEST_FUNCS)
    name = f"{CHART}/templates/t.yaml"
    try:
        ts.add(name, text)
        return ts.execute(name, {"Capabilities": Capabilities(), "Values": {}}).replace("<no value>", "")
    except ExecError as e:
        return "ERROR: " + helm_format(e)


@pytest.mark.parametrize("case", sorted(CASES))
def test_objects(tmp_path, case):
    want = ref(tmp_path, {"t.yaml": CASES[case]}, "")
    if isinstance(want, dict):
        want = want[f"{CHART}/templates/t.yaml"]
    assert _py(CASES[case]) == want


STRICT = {
    "{{ .Values.missing }}": 'map has no entry for key "missing"',
    "{{ .Values.a.missing }}": 'map has no entry for key "missing"',
    "{{ $x := .Values.nil }}": 'map has no entry for key "nil"',
    '{{ template "u" }}{{ define "u" }}{{ .x }}{{ end }}': 'nil data; no entry for key "x"',
}


@pytest.mark.parametrize("text", sorted(STRICT))
def test_strict_missing_key(text):
    ts = TemplateSet(TEST_FUNCS, strict=True)
    ts.add("t", text)
    with pytest.raises(ExecError) as info:
        ts.execute("t", {"Values": {"a": {}}})
    assert info.value.message == STRICT[text]


def test_strict_present_keys_render():
    ts = TemplateSet(TEST_FUNCS, strict=True)
    ts.add("t", "{{ .Values.a.b }} {{ index .Values.a \"zz\" }}")
    assert ts.execute("t", {"Values": {"a": {"b": 1}}}) == "1 <no value>"
