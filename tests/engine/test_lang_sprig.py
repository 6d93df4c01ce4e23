"""Language behaviour that needs Sprig functions (pyhelm's own Sprig): typed-argument
error positions, ``tpl`` isolation and error wrapping, and common chart idioms.
Differential against the reference Helm."""

from __future__ import annotations

import pytest
from lang_harness import CHART, VALUES, py_render_modes, ref, sprig_test_funcs

CASES: dict[str, str] = {
    "arg_type_field": '{{ .Values.num | printf "%s" | trunc 5 }}{{ trunc 5 .Values.num }}',
    "arg_type_piped": "{{ .Values.num | trunc 5 }}",
    "arg_type_first": '{{ trunc .Values.num "abc" }}',
    "literal_int_param": '{{ trunc "a" "abc" }}',
    "tpl_parse_error": '{{ tpl "{{ if }}" . }}',
    "tpl_exec_error": '{{ tpl "{{ .Values.x.y }}" . }}',
    "tpl_isolated_define": (
        '{{ define "z" }}Z{{ end }}{{ tpl "{{ define \\"z\\" }}T{{ end }}{{ include \\"z\\" . }}" . }}{{ include "z" . }}'
    ),
    "tpl_include_missing": '{{ tpl "{{ include \\"nope\\" . }}" . }}',
    "tpl_fail": '{{ tpl "{{ fail \\"x\\" }}" . }}',
    "tpl_root": '{{ tpl "{{ $ | len }}" .Values.m }}',
    "tpl_values": '{{ tpl "{{ .Values.s }}-{{ .Release.Name }}" . }}',
    "tpl_no_value": '{{ tpl "[{{ .Values.missing }}]" . }}',
    "tpl_nested": '{{ tpl "{{ tpl \\"{{ .Values.s }}\\" . }}" . }}',
    "idiom_default": '{{ .Values.missing | default "dflt" }} {{ default 5 .Values.num }}',
    "idiom_quote_nindent": "x:{{ .Values.ls | join \",\" | quote | nindent 2 }}",
    "idiom_range_dict": '{{ range $k, $v := dict "b" 2 "a" 1 }}{{ $k }}={{ $v }};{{ end }}',
    "idiom_set_in_range": '{{ $d := dict }}{{ range .Values.ls }}{{ $_ := set $d . 1 }}{{ end }}{{ keys $d | sortAlpha }}',
    "idiom_ternary": "{{ ternary \"y\" \"n\" .Values.b }}",
    "idiom_include_pipeline": '{{ define "h" }}  a: 1{{ end }}{{ include "h" . | trim | upper }}',
    "idiom_and_or_typed": '{{ if and .Values.b (eq .Values.s "str") (not .Values.e) }}ok{{ end }}',
    "idiom_empty": '{{ if empty .Values.el }}empty{{ end }}',
    "idiom_hasKey": '{{ if hasKey .Values.m "a" }}has{{ end }}',
    "idiom_call_method_like": '{{ (list 1 2 3 | last) }} {{ (dict "k" "v").k }}',
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_with_sprig(tmp_path, case):
    templates = {"t.yaml": CASES[case]}
    want = ref(tmp_path, templates, VALUES)
    key = f"{CHART}/templates/t.yaml"
    if isinstance(want, dict):
        want = want[key]
    for mode, got in py_render_modes(templates, VALUES, funcs=sprig_test_funcs()).items():
        if isinstance(got, dict):
            got = got[key]
        assert got == want, mode
