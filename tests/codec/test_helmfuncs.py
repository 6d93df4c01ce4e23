"""Differential tests of engine/helmfuncs.py: Helm's serialization template functions.

Every expression is rendered by the reference Helm (many per chart) and by pyhelm's
template engine with Sprig + ``helmfuncs.FUNCS`` on the same ``.Values``; outputs must
be equal. Failing calls (``must*``, type errors) are compared by the function's error
cause, one render each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from oracle import RefError, ref_render, write_chart

from pyhelm.codec import json as gojson
from pyhelm.engine import helmfuncs
from pyhelm.engine.environment import TemplateSet
from pyhelm.engine.errors import TemplateError
from pyhelm.engine.funcs import sprig_functions

SEP = "@@SEP@@\n"

VALUES: dict[str, Any] = {
    "m": {"b": 1, "a": [1.5, "x", None, True], "c": {"d": "yes", "e": "", "f": "multi\nline"}},
    "l": [1, {"k": "v"}, []],
    "mt": {"b": 1, "a": [1.5, "x"], "c": {"d": {"e": 1}}},
    "s": "text",
    "n": 1e6,
    "nested_nil": {"a": [None]},
    "html": "<a href='x'>&</a>",
    "big": 12345678901234567890,
    "long": " ".join(["word"] * 30),
}

DOCS: dict[str, str] = {
    "y_map": "a: 1\nb: [x, y]\nc: {d: yes}",
    "y_list": "- 1\n- a: b\n- [c]",
    "y_null": "~",
    "y_empty": "",
    "y_bad": "a: [",
    "y_bad2": "a:\n b: c\n  d: e",
    "y_scalar": "just text",
    "y_nan": "a: .nan",
    "y_multi": "a: 1\n---\nb: 2",
    "j_map": '{"a": 1, "b": [true, null], "c": "<>"}',
    "j_list": '[1, "a", {"b": 2}]',
    "j_null": "null",
    "j_bad": '{"a": }',
    "j_empty": "",
    "j_num": "5",
    "j_range": '{"a": 1e400, "b": {"c": [1, -1e400]}, "d": 2}',
    "j_range_list": "[1e400, 2]",
    "t_doc": "a = 1\nb = 'x'\n[c]\nd = [1, 2]\n",
    "t_empty": "",
}
VALUES.update(DOCS)

EXPRESSIONS = [
    "toYaml .Values.m", "toYaml .Values.l", "toYaml .Values.s", "toYaml .Values.n", "toYaml .Values.big",
    "toYaml .Values.long", "toYaml .Values.missing", "toYaml (list)", "toYaml (dict)", "toYaml 3",
    'toYaml (float64 "NaN")', "mustToYaml .Values.m",
    "toYamlPretty .Values.m", "toYamlPretty .Values.l", "toYamlPretty 3", "toYamlPretty .Values.n",
    'toYamlPretty (float64 "NaN")', "toYamlPretty .Values.missing",
    "toJson .Values.m", "toJson .Values.html", "toJson .Values.missing", 'toJson (float64 "NaN")',
    "toJson 3", "toJson (list 1 2.5)", "mustToJson .Values.l",
    "toToml .Values.m", "toToml .Values.nested_nil", "toToml .Values.l", "toToml 3", "toToml (dict)",
    "mustToToml .Values.mt", "toToml .Values.mt",
    *(f"fromYaml .Values.{k} | toJson" for k in DOCS if k.startswith("y_")),
    *(f"fromYamlArray .Values.{k} | toJson" for k in DOCS if k.startswith("y_")),
    *(f"fromJson .Values.{k} | toJson" for k in DOCS if k.startswith("j_")),
    *(f"fromJsonArray .Values.{k} | toJson" for k in DOCS if k.startswith("j_")),
    *(f"fromToml .Values.{k} | toJson" for k in DOCS if k.startswith("t_")),
    'typeOf (fromYaml "a: 1")', 'typeOf (fromYamlArray "[1]")', 'typeOf (fromJsonArray "[1]")',
    'typeOf (index (fromToml "a = 1") "a")', 'typeOf (index (fromYaml "a: 1") "a")',
    'typeOf (index (fromJson "{\\"a\\": 1}") "a")',
    "fromYaml (toYaml .Values.m) | toJson", "fromJson (toJson .Values.m) | toYaml",
    'toYamlPretty (toDate "2006-01-02" "2020-01-02")', 'toYaml (toDate "2006-01-02" "2020-01-02")',
    'toJson (dict "t" (toDate "2006-01-02" "2020-01-02"))',
    'toToml (dict "t" (toDate "2006-01-02" "2020-01-02") "u" (list (toDate "2006-01-02" "2021-03-04")))',
    'toYamlPretty (list (int64 5) (float64 2) 1.0 (dict "y" "n"))',
]

FAILING = [
    'mustToYaml (float64 "NaN")',
    'mustToJson (float64 "NaN")',
    "mustToToml .Values.nested_nil",
    "toToml .Values.missing",
    "mustToToml .Values.missing",
    "fromYaml .Values.n",
    "fromJson .Values.l",
]


def pyhelm_render(text: str) -> str:
    tset = TemplateSet({**sprig_functions(), **helmfuncs.FUNCS})
    tset.add("t", text)
    return tset.execute("t", {"Values": gojson.unmarshal(json.dumps(VALUES))})


@pytest.fixture(scope="module")
def reference_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    text = "".join("{{ " + e + " }}" + SEP for e in EXPRESSIONS)
    chart = write_chart(tmp_path_factory.mktemp("helmfuncs"), {"t.yaml": text})
    parts = ref_render(chart, VALUES)["mychart/templates/t.yaml"].split(SEP)
    assert len(parts) == len(EXPRESSIONS) + 1
    return parts[:-1]


def test_every_serialization_function_is_exported() -> None:
    assert set(helmfuncs.FUNCS) == {
        "toYaml", "mustToYaml", "toYamlPretty", "fromYaml", "fromYamlArray", "toJson", "mustToJson",
        "fromJson", "fromJsonArray", "toToml", "mustToToml", "fromToml",
    }


@pytest.mark.parametrize("index", range(len(EXPRESSIONS)), ids=lambda i: EXPRESSIONS[i])
def test_expression_matches_reference(reference_outputs: list[str], index: int) -> None:
    assert pyhelm_render("{{ " + EXPRESSIONS[index] + " }}") == reference_outputs[index]


def _cause(message: str) -> str:
    """The function's own error text, after Go's ``executing ... at <...>:`` location."""
    return message.split(">:", 1)[-1].strip()


@pytest.mark.parametrize("expr", FAILING)
def test_failing_call_matches_reference(tmp_path: Path, expr: str) -> None:
    chart = write_chart(tmp_path, {"t.yaml": "{{ " + expr + " }}"})
    with pytest.raises(RefError) as ref:
        ref_render(chart, VALUES)
    with pytest.raises(TemplateError) as mine:
        pyhelm_render("{{ " + expr + " }}")
    assert _cause(str(mine.value)) == _cause(str(ref.value))
