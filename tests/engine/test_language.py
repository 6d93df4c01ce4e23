"""Differential tests of the Go template language: pyhelm's engine vs the reference Helm.

All success cases are rendered as one chart (one template file per case) by each side;
error cases need one chart each, since Helm stops at the first failing template.
"""

from __future__ import annotations

import pytest
from lang_harness import CHART, MODES, VALUES, py_render_modes, ref

OK_CASES: dict[str, str] = {
    # text, trim markers, comments
    "text": "plain text\nline 2\n",
    "trim_both": "a  \n {{- 1 -}} \n  b",
    "trim_left_only": "a \n{{- 2 }} b",
    "trim_right_only": "a {{ 3 -}}\n\n b",
    "no_trim_negative": "a {{-3}} b",
    "trim_tab": "a\t{{-\t4\t-}}\tb",
    "comment": "x{{/* a comment */}}y",
    "comment_trim": "x \n {{- /* c */ -}} \n y",
    "comment_multiline": "x{{/* a\nb\n*/}}y",
    "newline_in_action": "{{ printf\n\"%s\"\n\"nl\" }}",
    # literals
    "strings": '{{ "a\\tb\\n" }}|{{ `raw\\n` }}|{{ "\\u00e9\\x41\\101" }}|{{ "\\"q\\"" }}',
    "chars": "{{ 'a' }} {{ '\\n' }} {{ '\\x41' }} {{ 'é' }}",
    "ints": "{{ 42 }} {{ -7 }} {{ +4 }} {{ 0x1F }} {{ 0X1f }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000_000 }}",
    "floats": "{{ 1.5 }} {{ .5 }} {{ 1e3 }} {{ 1.0 }} {{ 2.50 }} {{ 1e-7 }} {{ 0x1p3 }} {{ 1E21 }} {{ 123456789.0 }}",
    "int_limits": "{{ 9223372036854775807 }} {{ -9223372036854775808 }} {{ '\\U0010FFFF' }} {{ 0x7fffffffffffffff }}",
    "complex": "{{ 1.5i }} {{ 1+2i }} {{ 0i }}",
    "bools": "{{ true }} {{ false }}",
    "nil_arg": '{{ printf "%v" nil }}',
    # fields and variables
    "fields": "{{ .Values.s }} {{ .Values.m.a }} {{ .Values.m.c.d }} {{ .Values.num }} {{ .Values.f }}",
    "field_numbers": "{{ .Values.big }} {{ .Values.small }} {{ .Values.neg }} {{ .Values.z }}",
    "field_collections": "{{ .Values.l }} {{ .Values.m }} {{ .Values.el }} {{ .Values.em }} {{ .Values.lm }}",
    "field_missing": "[{{ .Values.missing }}] [{{ .Values.m.missing }}] [{{ .Values.nul }}]",
    "field_bool": "{{ .Values.b }} {{ .Values.bf }}",
    "root_var": "{{ $.Values.s }} {{ with .Values.m }}{{ $.Values.s }}{{ .b }}{{ end }}",
    "variables": "{{ $x := .Values.s }}{{ $x }} {{ $y := 1 }}{{ $y = 2 }}{{ $y }} {{ $m := .Values.m }}{{ $m.c.d }}",
    "var_nil_field": "{{ $x := .Values.missing }}[{{ $x.y }}] [{{ (.Values.missing).y }}]",
    "var_scope": "{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}",
    "var_assign_in_if": "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}",
    "var_assign_in_range": "{{ $c := 0 }}{{ range .Values.l }}{{ $c = . }}{{ end }}{{ $c }}",
    "paren_field": "{{ (.Values.m).c.d }} {{ (index .Values.lm 1).name }}",
    "paren_decl": "{{ ($x := 5) }} {{ $x }}",
    "dot": "{{ with .Values.s }}{{ . }}{{ end }}",
    "template_name": "{{ .Template.Name }} {{ .Template.BasePath }}",
    "release": "{{ .Release.Name }} {{ .Release.Namespace }}",
    "unicode": "é {{ .Values.unicode }} ü",
    # pipelines
    "pipe_final_arg": '{{ .Values.s | printf "%s-%s" "x" }}',
    "pipe_multi": '{{ 3 | printf "%d" | printf "<%s>" }}',
    "pipe_paren": '{{ printf "%s/%s" (printf "%d" 1) (.Values.s | printf "[%s]") }}',
    "pipe_decl": '{{ $v := .Values.num | printf "%v" }}{{ $v }}',
    # if / else
    "if_basic": "{{ if .Values.b }}yes{{ end }}{{ if .Values.bf }}no{{ end }}",
    "if_else": "{{ if .Values.z }}a{{ else }}b{{ end }}",
    "if_else_if": "{{ if .Values.z }}a{{ else if .Values.e }}b{{ else if .Values.s }}c{{ else }}d{{ end }}",
    "if_truth": (
        "{{ if .Values.el }}1{{ end }}{{ if .Values.em }}2{{ end }}{{ if .Values.l }}3{{ end }}"
        "{{ if .Values.nul }}4{{ end }}{{ if .Values.missing }}5{{ end }}{{ if 0.0 }}6{{ end }}{{ if .Values.m }}7{{ end }}"
    ),
    "if_decl": "{{ if $x := .Values.s }}{{ $x }}{{ end }}",
    # with
    "with_basic": "{{ with .Values.m }}{{ .a }}{{ end }}{{ with .Values.missing }}no{{ end }}",
    "with_else": "{{ with .Values.e }}a{{ else }}b{{ end }}",
    "with_else_with": "{{ with .Values.e }}a{{ else with .Values.s }}{{ . }}{{ else }}c{{ end }}",
    "with_decl": "{{ with $v := .Values.m.c }}{{ $v.d }}{{ .d }}{{ end }}",
    # range
    "range_list": "{{ range .Values.l }}[{{ . }}]{{ end }}",
    "range_index": "{{ range $i, $v := .Values.ls }}{{ $i }}={{ $v }},{{ end }}",
    "range_one_var": "{{ range $v := .Values.ls }}{{ $v }}{{ end }}",
    "range_map": "{{ range $k, $v := .Values.m }}{{ $k }}:{{ $v }};{{ end }}",
    "range_map_dot": "{{ range .Values.m }}<{{ . }}>{{ end }}",
    "range_empty_else": "{{ range .Values.el }}x{{ else }}empty{{ end }}{{ range .Values.em }}x{{ else }}empty2{{ end }}",
    "range_nil_else": "{{ range .Values.missing }}x{{ else }}nil{{ end }}",
    "range_int": "{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 4 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}zero{{ end }}",
    "range_break": "{{ range .Values.l }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}",
    "range_continue": "{{ range .Values.l }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}",
    "range_nested": "{{ range $a := .Values.ls }}{{ range $.Values.l }}{{ $a }}{{ . }} {{ end }}{{ end }}",
    "range_lm": "{{ range .Values.lm }}{{ .name }}{{ end }}",
    "range_var_after": "{{ range $i, $v := .Values.ls }}{{ end }}{{ $x := 1 }}{{ $x }}",
    "range_else_vars": "{{ range $v := .Values.el }}{{ else }}[{{ $v }}]{{ end }}",
    # define / template / block
    "define_template": '{{ define "t.one" }}one:{{ . }}{{ end }}{{ template "t.one" .Values.s }}|{{ template "t.one" }}',
    "define_dollar": '{{ define "t.two" }}{{ $ }}{{ end }}{{ template "t.two" 5 }}',
    "block": '{{ block "t.block" .Values.num }}block:{{ . }}{{ end }}',
    "include_basic": '{{ define "t.inc" }}inc:{{ .Values.s }}{{ end }}{{ include "t.inc" . }}',
    "include_pipe": '{{ define "t.inc2" }}{{ . }}{{ end }}{{ include "t.inc2" "x" | printf "%q" }}',
    "define_vars_isolated": '{{ define "t.iso" }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x := 1 }}{{ template "t.iso" }}{{ $x }}',
    "template_recursion": (
        '{{ define "t.rec" }}{{ if lt (len .) 3 }}{{ len . }}{{ template "t.rec" (print . "x") }}{{ end }}{{ end }}'
        '{{ template "t.rec" "" }}'
    ),
    # builtins
    "and_or": "{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" 3 }} {{ or 0 \"\" }} {{ and .Values.s .Values.num }}",
    "and_short_circuit": "{{ and .Values.z (index .Values.l 99) }} {{ or .Values.num (index .Values.l 99) }}",
    "and_pipe": "{{ 0 | and 1 }} {{ 1 | or 0 }} {{ 5 | and }}",
    "not": "{{ not 0 }} {{ not .Values.s }} {{ not .Values.missing }}",
    "len": "{{ len .Values.s }} {{ len .Values.l }} {{ len .Values.m }} {{ len .Values.el }} {{ len .Values.unicode }}",
    "index": "{{ index .Values.l 1 }} {{ index .Values.m \"a\" }} {{ index .Values.m \"c\" \"d\" }} {{ index .Values.lm 0 \"name\" }} [{{ index .Values.m \"zz\" }}] {{ index .Values.s 1 }}",
    "index_nested_key": '{{ index .Values.nested "key with space" }}',
    "print": '{{ print 1 2 "a" "b" 3 }} {{ print .Values.f .Values.l }} {{ print nil }}',
    "printf": '{{ printf "%d %s %v %5.2f %q %x %T" 5 "s" .Values.m 3.14159 "q" 255 .Values.f }}',
    "println": '{{ println "a" 1 }}',
    "html": "{{ html .Values.html }} {{ html 1 \"<\" }}",
    "js": "{{ js .Values.html }} {{ js \"a'b\\\"c\" }}",
    "urlquery": '{{ urlquery "a b&c=d/é" }} {{ urlquery 1 2 }}',
    "eq_family": (
        "{{ eq 1 1 }} {{ eq .Values.s \"str\" }} {{ eq .Values.num 3.0 }} {{ eq 1 2 3 1 }} {{ ne 1 2 }}"
        " {{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }} {{ lt \"a\" \"b\" }} {{ eq .Values.missing nil }}"
    ),
    "deep_pipe": '{{ printf "%s" (index .Values.l 1 | printf "%v" | len) }}',
    "printf_literals": '{{ printf "%d" 1.0 }} {{ printf "%v" 1e2 }} {{ printf "%s" `raw` }}',
    "eq_pipe": '{{ .Values.s | eq "str" }}',
    # output of values
    "print_nested": "{{ .Values.nested }} {{ .Values.multi }}",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lang")
    templates = {f"{k}.yaml": v for k, v in OK_CASES.items()}
    return ref(tmp, templates, VALUES), py_render_modes(templates, VALUES)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("case", sorted(OK_CASES))
def test_language_output(rendered, case, mode):
    want, got_modes = rendered
    got = got_modes[mode]
    assert isinstance(want, dict), want
    assert isinstance(got, dict), got
    key = f"{CHART}/templates/{case}.yaml"
    assert got[key] == want[key]


MULTI_FILE = {
    "_helpers.tpl": '{{ define "h.name" }}helpers-{{ .Values.s }}{{ end }}{{ define "h.over" }}first{{ end }}',
    "_z_helpers.tpl": '{{ define "h.over" }}second{{ end }}{{ define "h.empty" }}{{ end }}',
    "a.yaml": '{{ include "h.name" . }} {{ include "h.over" . }} [{{ include "h.empty" . }}]',
    "b.yaml": '{{ define "h.empty" }}filled{{ end }}{{ block "h.blk" . }}default-block{{ end }}',
    "c.yaml": '{{ define "h.blk" }}overridden-block{{ end }}{{ template "h.blk" . }}',
    "sub/d.yaml": '{{ define "h.over" }}from-sub{{ end }}{{ include "h.over" . }}',
    "e.yaml": '{{ include "mychart/templates/b.yaml" . }}',
}


def test_multi_file_define_order(tmp_path):
    want = ref(tmp_path, MULTI_FILE, VALUES)
    for got in py_render_modes(MULTI_FILE, VALUES).values():
        assert got == want
