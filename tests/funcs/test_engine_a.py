"""Sprig functions part A called through pyhelm's template engine, against the reference Helm.

Checks what a chart sees: pipelines feeding the last argument, printing of results,
interplay with builtins (``len``, ``index``, ``eq``, ``printf``, ``range``) and Helm's
error text for failing functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from oracle import ref_template

from pyhelm.engine.environment import TemplateSet, helm_format
from pyhelm.engine.errors import TemplateError
from pyhelm.engine.funcs import sprig_functions

NAME = "mychart/templates/t.yaml"
VALUES: dict[str, Any] = {"f": 3.7, "s": "hello", "l": [3.0, "a", 1.5], "m": {"b": 1.0, "a": {"x": "y"}}, "n": None}

LINES = [
    '{{ "hello" | upper | quote }}', '{{ .Values.l | join "," }}', '{{ list "b" "a" "c" | sortAlpha }}',
    '{{ dict "a" 1 "b" 2 | keys | sortAlpha }}', "{{ range $i, $e := until 3 }}{{ $i }}:{{ $e }} {{ end }}",
    '{{ default "x" .Values.missing }}', '{{ $d := dict }}{{ $_ := set $d "k" "v" }}{{ $d.k }}',
    "{{ .Values.s | trunc 2 }}", '{{ "a b" | splitList " " | last }}', '{{ regexReplaceAll "(\\\\w+)" "ab cd" "<$1>" }}',
    "{{ tuple 1 2 | len }}", "{{ add 1 2 | mul 3 }}", "{{ typeOf (add 1 2) }}", "{{ eq (add 1 2) 3 }}",
    "{{ lt (sub 1 5) 0 }}", "{{ if has 2 (list 1 2) }}yes{{ end }}", '{{ index (splitList "/" "a/b") 1 }}',
    '{{ printf "%d-%v-%T" (add 1 1) (until 2) (int64 4) }}', '{{ nindent 2 "a\\nb" }}',
    '{{ merge (dict "a" 1) .Values.m | toString }}', "{{ .Values.m | toString }}", '{{ .Values.l | toStrings | toString }}',
    "{{ max 1 .Values.f 2 }} {{ maxf 1 .Values.f }} {{ divf 10 4 }} {{ round .Values.f 0 }}",
    '{{ $x := split "." "a.b.c" }}{{ $x._1 }}', '{{ urlParse "https://h:1/p?q#f" | toString }}',
    '{{ .Values.s | b64enc | len }}', '{{ "x" | repeat 3 | cat "y" nil }}', "{{ seq 3 }} {{ until 0 }}",
    "{{ range (chunk 2 (list 1 2 3)) }}{{ . }}{{ end }}", "{{ empty .Values.n }} {{ empty .Values.m }}",
    '{{ coalesce .Values.n "" "z" }}', '{{ ternary "y" "n" (gt 2 1) }}', "{{ deepEqual .Values.l .Values.l }}",
    '{{ dig "a" "x" "def" .Values.m }}', '{{ pluck "b" .Values.m (dict "b" 2) | toString }}',
    '{{ without (list 1 2 1) 1 }} {{ uniq (list 1 1 2) }} {{ compact (list "" 1 0) }}',
    '{{ base "a/b.c" }} {{ ext "a/b.c" }} {{ dir "a/b.c" }} {{ clean "a//b/.." }}',
    '{{ "Hello World" | snakecase }} {{ "hello_world" | camelcase }} {{ "HelloWorld" | kebabcase }}',
    '{{ quote .Values.f nil .Values.s }} {{ squote .Values.l }}', '{{ float64 "1.5" | add1f }}',
    '{{ trunc 3.0 "abcdef" }} {{ round 2.45 1 0.5 }} {{ substr 1.0 2 "abc" }} {{ untilStep 0 6 2.0 }}',
    '{{ randAlphaNum 8 | len }} {{ randNumeric 3 | regexMatch "^[0-9]{3}$" }}', '{{ shuffle "aaa" }}',
]

# Functions' own errors: Helm prints the whole ExecError.
ERRORS = [
    '{{ first .Values.f }}', '{{ mustRegexFind "(" "a" }}', '{{ regexFind "(" "a" }}', "{{ div 1 0 }}",
    '{{ dig "a" "d" .Values.s }}', '{{ "x" | push 1 }}', '{{ urlParse "%zz" | toString }}', "{{ chunk 0 (list 1) }}",
]

# Literal arguments checked against Sprig's Go parameter types (``__go_params__``).
LITERAL_ERRORS = [
    "{{ upper 3 }}", "{{ upper nil }}", '{{ ternary 1 2 "true" }}', '{{ trunc 2.5 "abc" }}', '{{ repeat "2" "x" }}',
    "{{ regexSplit 1 2 3 }}", '{{ round 1.5 "0" }}', '{{ "x" | indent nil }}', '{{ pick (dict) 1 }}',
]

# Argument type errors: Go reports them at the argument's node; the engine checks
# values against the functions' ``__go_params__``.
ARG_ERRORS = [
    "{{ upper .Values.f }}", "{{ .Values.f | trunc 2 }}", '{{ $x := .Values.n }}{{ lower $x }}',
    '{{ list 1 2 | keys }}', '{{ ternary 1 2 (list) }}', '{{ pick .Values.l "a" }}',
]


def py_render(text: str) -> str:
    ts = TemplateSet(sprig_functions())
    try:
        ts.add(NAME, text)
        return ts.execute(NAME, {"Values": json.loads(json.dumps(VALUES))}).replace("<no value>", "")
    except TemplateError as err:
        return "ERROR: " + helm_format(err)


SEP = "\n<<@@>>\n"


def test_lines_through_engine(tmp_path: Path) -> None:
    text = SEP.join(LINES)
    expected = ref_template(tmp_path, text, json.dumps(VALUES)).split(SEP)
    got = py_render(text).split(SEP)
    assert len(got) == len(expected), got
    mismatches = [f"{t}\n  helm:   {e}\n  pyhelm: {g}" for t, e, g in zip(LINES, expected, got, strict=True) if e != g]
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("text", ERRORS)
def test_errors_through_engine(tmp_path: Path, text: str) -> None:
    expected = ref_template(tmp_path, text, json.dumps(VALUES))
    assert expected.startswith("ERROR: ")
    assert py_render(text) == expected


@pytest.mark.parametrize("text", ARG_ERRORS)
def test_argument_errors_through_engine(tmp_path: Path, text: str) -> None:
    expected = ref_template(tmp_path, text, json.dumps(VALUES))
    assert expected.startswith("ERROR: ")
    assert py_render(text) == expected


@pytest.mark.parametrize("text", LITERAL_ERRORS)
def test_literal_argument_errors_through_engine(tmp_path: Path, text: str) -> None:
    expected = ref_template(tmp_path, text, json.dumps(VALUES))
    assert expected.startswith("ERROR: ")
    assert py_render(text) == expected


_VALID_LITERAL = {"string": '"a"', "int": "1", "float64": "1.5", "bool": "true", "any": "1", "map[string]interface {}": "(dict)"}
_WRONG_LITERAL = {"string": "1", "int": '"x"', "float64": '"x"', "bool": '"x"'}


def test_declared_parameter_types_match_helm(tmp_path: Path) -> None:
    """Every typed parameter pyhelm declares rejects a wrong literal exactly as Helm does."""
    from pyhelm.engine.funcs import (
        conversion,
        defaults,
        dicts,
        lists,
        math,
        paths,
        reflection,
        regex,
        strings,
        urls,
    )

    mismatches, checked = [], 0
    for module in (strings, lists, dicts, math, defaults, conversion, reflection, regex, paths, urls):
        done: set[tuple[int, int]] = set()
        for name, fn in module.FUNCS.items():
            params = getattr(fn, "__go_params__", ())
            for i, ptype in enumerate(params):
                if ptype not in _WRONG_LITERAL or (id(fn), i) in done:
                    continue
                done.add((id(fn), i))
                args = [_VALID_LITERAL[p] for p in params]
                args[i] = _WRONG_LITERAL[ptype]
                text = "{{ " + " ".join([name, *args]) + " }}"
                expected = ref_template(tmp_path / f"{name}{i}", text)
                checked += 1
                if py_render(text) != expected:
                    mismatches.append(f"{text}\n  helm:   {expected}\n  pyhelm: {py_render(text)}")
    assert checked > 100
    assert not mismatches, "\n".join(mismatches)
