"""Differential tests of template parse and execution errors: the full message Helm prints
(Helm v4's reformatting of Go's text/template errors) must match exactly."""

from __future__ import annotations

import pytest
from lang_harness import VALUES, py_render_modes, ref

ERROR_CASES: dict[str, str] = {
    # parse errors
    "p_missing_if": "{{ if }}x{{ end }}",
    "p_unknown_func": "{{ foo 1 }}",
    "p_undefined_var": "{{ $x }}",
    "p_unclosed_action": "{{ 1 ",
    "p_unclosed_action_lines": "{{ 1 \n\n",
    "p_unclosed_comment": "{{/* a */}}{{/* b ",
    "p_comment_delim": "{{/* a */ }}",
    "p_unexpected_end": "x{{ end }}",
    "p_unexpected_else": "{{ else }}",
    "p_else_in_define": '{{ define "a" }}x{{ else }}{{ end }}',
    "p_double_else": "{{ if 1 }}{{ else }}{{ else }}{{ end }}",
    "p_unexpected_eof": "{{ if 1 }}x",
    "p_non_exec_stage": '{{ "a" | 3 }}',
    "p_break_outside": "{{ break }}",
    "p_continue_outside": "{{ if 1 }}{{ continue }}{{ end }}",
    "p_break_in_else": "{{ range .Values.l }}{{ else }}{{ break }}{{ end }}",
    "p_bad_number": "{{ 1.a }}",
    "p_bad_number2": "{{ 0x }}",
    "p_bad_char_const": "{{ 'ab' }}",
    "p_bad_escape": '{{ "\\q" }}',
    "p_unterminated_string": '{{ "abc }}',
    "p_unterminated_raw": "{{ `abc }}",
    "p_unterminated_char": "{{ 'a }}",
    "p_right_paren": "{{ if 1 }}\n\n{{ 1 ) }}",
    "p_unclosed_paren": "{{ (1 }}",
    "p_too_many_decls": "{{ range $a, $b, $c := . }}{{ end }}",
    "p_decl_not_range": "{{ $a, $b := 1 }}",
    "p_dot_after_term": '{{ "a".b }}',
    "p_bad_char": "{{ 1 # }}",
    "p_expected_declare": "{{ $x : 1 }}",
    "p_empty_pipe_paren": "{{ () }}",
    "p_template_no_name": "{{ template x }}",
    "p_define_no_name": "{{ define }}{{ end }}",
    "p_multiple_define": '{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}',
    "p_var_scope_end": "{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}",
    "p_unexpected_in_operand": "{{ 1 := 2 }}",
    "p_long_token": '{{ if 1 "aaaaaaaaaaaaaaaa" }}{{ else "bbbbbbbbbbbbbbbbbbbbbb" }}{{ end }}',
    "p_unicode_bad": "{{ 1 \u00a7 }}",
    "p_line3": "a\nb\n{{ nosuch }}",
    "p_int_overflow": "{{ 99999999999999999999 }}",
    "p_float_overflow": "{{ 1e400 }}",
    "x_uint_overflows_int": "{{ 18446744073709551615 }}",
    "x_hex_overflows_int": '{{ printf "%v" 0x8000000000000000 }}',
    "p_define_in_if": '{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}',
    # execution errors
    "x_nil_pointer": "{{ .Values.x.y }}",
    "x_nil_pointer_line2": "line1\n  {{ .Values.x.y.z }}",
    "x_nil_value_field": "{{ .Values.nul.a }}",
    "x_field_on_string": "{{ .Values.s.Foo }}",
    "x_field_on_dot_string": "{{ with .Values.s }}{{ .Foo }}{{ end }}",
    "x_field_on_var_int": "{{ $x := 1 }}{{ $x.a }}",
    "x_field_on_list": "{{ .Values.l.a }}",
    "x_range_nil_elem": "{{ range .Values.lnull }}{{ .x }}{{ end }}",
    "x_map_key_args": "{{ .Values.m 1 }}",
    "x_field_args": "{{ .Values.m.a 1 }}",
    "x_non_function": "{{ 3 4 }}",
    "x_non_function_var": "{{ $x := 1 }}{{ $x 2 }}",
    "x_non_function_pipe": "{{ 1 | $.Values.s }}",
    "x_nil_command": "{{ nil }}",
    "x_chain_int": "{{ (1).a }}",
    "x_index_bad_key": "{{ index .Values 1 }}",
    "x_index_out_of_range": "{{ index .Values.l 10 }}",
    "x_index_nil": "{{ index .Values.missing 1 }}",
    "x_len_int": "{{ len 3 }}",
    "x_len_nil": "{{ len .Values.missing }}",
    "x_arity_len": "{{ len }}",
    "x_arity_len2": "{{ len 1 2 }}",
    "x_arity_pipe": "{{ 1 | len 2 }}",
    "x_arity_eq": "{{ eq }}",
    "x_arity_and": "{{ and }}",
    "x_arity_not": "{{ not 1 2 }}",
    "x_eq_incompatible": "{{ eq 1 \"a\" }}",
    "x_lt_incompatible": "{{ lt .Values.s 1 }}",
    "x_lt_bool": "{{ lt true false }}",
    "x_printf_type": "{{ printf 1 }}",
    "x_template_undefined": '{{ template "nope" . }}',
    "x_template_undefined_long": '{{ if true }}{{ template "nonexistent" (list 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) }}{{ end }}',
    "x_in_define": '{{ template "yy" . }}{{ define "yy" }}{{ .Values.m.y.z }}{{ end }}',
    "x_include_missing": '{{ include "nope" . }}',
    "x_include_nested": '{{ include "x1" . }}{{ define "x1" }}a{{ include "x2" . }}{{ end }}{{ define "x2" }}\n {{ .Values.x.y }}{{ end }}',
    "x_include_func_err": '{{ include "x3" . }}{{ define "x3" }}{{ len 3 }}{{ end }}',
    "x_include_bad_name": "{{ include 1 . }}",
    "x_required": 'x\n{{ required "need x" .Values.q }}',
    "x_required_in_include": '{{ include "rq" . }}{{ define "rq" }}{{ required "inner" .Values.q }}{{ end }}',
    "x_fail": '{{ fail "boom" }}',
    "x_fail_multiline": '{{ fail "boom\\nline2" }}',
    "x_range_int_two_vars": "{{ range $i, $e := 2 }}{{ end }}",
    "x_range_float": "{{ range 1.5 }}{{ end }}",
    "x_range_bool": "{{ range .Values.b }}{{ end }}",
    "x_range_string": "{{ range .Values.s }}{{ end }}",
    "x_assign_undefined": "{{ $x = 1 }}",
    "x_call_nil": "{{ call .Values.missing }}",
    "x_call_non_func": "{{ call .Values.s 1 }}",
    "x_unicode_col": '{{ "héllo" }}é{{ .Values.x.y }}',
    "x_include_nil_name": "{{ include nil . }}",
    "x_printf_bool": "{{ printf true }}",
    "x_field_pipe_args": '{{ "a" | .Values.m.c }}',
    "x_else_with_err": "{{ with .Values.e }}{{ else with .Values.x.y }}{{ end }}",
    "x_include_recursion": '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}',
    "x_template_recursion": '{{ define "r2" }}{{ template "r2" . }}{{ end }}{{ template "r2" . }}',
    "x_after_output": "ok {{ .Values.s }}\n{{ range .Values.l }}{{ index $.Values.l 5 }}{{ end }}",
}

VALUES_ERR = VALUES + "lnull: [null]\n"


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_error_message(tmp_path, case):
    templates = {"t.yaml": ERROR_CASES[case]}
    want = ref(tmp_path, templates, VALUES_ERR)
    assert isinstance(want, str), f"reference did not fail: {want}"
    for mode, got in py_render_modes(templates, VALUES_ERR).items():
        assert got == want, mode


EDGE_CASES: dict[str, str] = {
    "dash_in_field": "{{ .Values.my-key }}",
    "crlf": "a\r\n{{- .Values.s -}}\r\n b {{ `x\r\ny` }}",
    "unicode_field": "{{ .Values.héllo }}",
    "trim_newline_marker": "a\n{{-\n.Values.s\n-}}\nb",
    "paren_decl_pipe": '{{ ($x := .Values.s | printf "%s!") }}{{ $x }}',
    "paren_given_args": "{{ (.Values.m) .a }}",
    "paren_given_args_stage2": '{{ .Values.s | (printf "x") .a }}',
    "else_if_in_range": "{{ range .Values.l }}{{ else if true }}{{ end }}",
    "with_else_if": "{{ with .Values.e }}{{ else if .Values.s }}x{{ end }}",
    "nested_paren_chain": "{{ ((.Values.m).c).d }}",
    "number_field": "{{ .Values.l.0 }}",
    "bool_field": "{{ true.x }}",
    "empty_action": "{{}}",
    "space_action": "{{ }}",
    "comment_then_text": "{{- /* x */}}  y",
    "double_pipe": '{{ .Values.s || printf "x" }}',
    "trailing_pipe": "{{ .Values.s | }}",
    "leading_pipe": '{{ | printf "x" }}',
    "decl_without_command": "{{ $x := }}",
    "range_assign_outer": "{{ $x := 0 }}{{ range $x = .Values.l }}{{ end }}{{ $x }}",
    "range_int_dot_field": "{{ range 2 }}{{ .Values.s }}{{ end }}",
    "range_int_var_field": "{{ range $i := 2 }}{{ $i.x }}{{ end }}",
    "range_list_then_int": "{{ range .Values.ls }}{{ range 1 }}{{ .x }}{{ end }}{{ end }}",
    "range_map_value_field": "{{ range $k, $v := .Values.m }}{{ $v.zz }}{{ end }}",
    "range_two_assign": "{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .Values.ls }}{{ end }}{{ $i }}{{ $v }}",
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_edge_case(tmp_path, case):
    """Success or failure alike: pyhelm must give Helm's output or Helm's message."""
    templates = {"t.yaml": EDGE_CASES[case]}
    want = ref(tmp_path, templates, VALUES_ERR)
    for mode, got in py_render_modes(templates, VALUES_ERR).items():
        assert got == want, mode
