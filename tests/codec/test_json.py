"""Differential tests of codec/json.py (Go encoding/json) against the reference Helm.

Values reach the reference as chart render values (JSON → Go ``interface{}``, every
number a float64); pyhelm gets the same values through its own ``unmarshal``. Many
cases share one render: each case is one ``{{ ... }}@@SEP@@`` line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from oracle import ref_render, write_chart

from pyhelm.codec import json as gojson

SEP = "@@SEP@@\n"


def render_batch(root: Path, exprs: list[str], values: dict[str, Any]) -> list[str]:
    """Render every expression in one chart; the list of their outputs."""
    text = "".join("{{ " + e + " }}" + SEP for e in exprs)
    chart = write_chart(root, {"t.yaml": text})
    out = ref_render(chart, values)["mychart/templates/t.yaml"]
    parts = out.split(SEP)
    assert len(parts) == len(exprs) + 1
    return parts[:-1]


def go_values(case: Any) -> Any:
    """The Go value Helm holds for ``case`` passed as render values (JSON numbers → float64)."""
    return gojson.unmarshal(json.dumps(case))


FLOATS = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 100.0, 123456789.0, 1e6, 1e20, 1e21, 1.5e21, 1e-6, 1e-7,
    1.234e-7, 123.456, 9.999e20, 5e-324, 1.7976931348623157e308, 12345678901234567890.0,
    2.0**53 + 2, 0.000001234, 3.0e10, -2.5e-10, 1 / 3,
]

STRINGS = [
    "", "plain", "<script>&amp;</script>", "quote\" back\\slash", "\n\r\t\b\f", "\x00\x01\x1f\x7f",
    "\u2028\u2029", "é日本😀", "\ufeffbom", "\u0085nel", "a/b",
]

VALUE_CASES: list[Any] = [
    FLOATS,
    STRINGS,
    {s: i for i, s in enumerate(STRINGS)},
    {"b": 1, "a": {"z": [], "y": {}, "x": [None, True, False]}, "A": "x", "_": 2, "10": 3, "9": 4},
    [],
    {},
    None,
    "top",
    [[[]], [{}], {"k": [1, [2, [3]]]}],
]


@pytest.fixture(scope="module")
def json_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    values = {f"c{i}": case for i, case in enumerate(VALUE_CASES)}
    exprs = []
    for i in range(len(VALUE_CASES)):
        exprs += [
            f'toJson (index .Values "c{i}")',
            f'toPrettyJson (index .Values "c{i}")',
            f'toRawJson (index .Values "c{i}")',
        ]
    outs = render_batch(tmp_path_factory.mktemp("json"), exprs, values)
    return {"compact": outs[0::3], "pretty": outs[1::3], "raw": outs[2::3]}


@pytest.mark.parametrize("index", range(len(VALUE_CASES)))
def test_marshal_matches_to_json(json_outputs: dict[str, list[str]], index: int) -> None:
    value = go_values(VALUE_CASES[index])
    assert gojson.marshal(value) == json_outputs["compact"][index]


@pytest.mark.parametrize("index", range(len(VALUE_CASES)))
def test_marshal_indent_matches_to_pretty_json(json_outputs: dict[str, list[str]], index: int) -> None:
    value = go_values(VALUE_CASES[index])
    assert gojson.marshal(value, indent="  ") == json_outputs["pretty"][index]


@pytest.mark.parametrize("index", range(len(VALUE_CASES)))
def test_marshal_without_html_escaping_matches_to_raw_json(json_outputs: dict[str, list[str]], index: int) -> None:
    value = go_values(VALUE_CASES[index])
    assert gojson.marshal(value, escape_html=False) == json_outputs["raw"][index]


def test_marshal_rejects_nan_and_inf() -> None:
    for value, word in ((float("nan"), "NaN"), (float("inf"), "+Inf"), (float("-inf"), "-Inf")):
        with pytest.raises(gojson.MarshalError, match="^" + re.escape(f"json: unsupported value: {word}") + "$"):
            gojson.marshal({"a": [value]})


def test_struct_fields_keep_their_order_and_omitempty() -> None:
    record = gojson.Struct([("name", "x"), ("info", {"b": 1.0, "a": 2.0}), ("skip", "", True), ("keep", "", False)])
    assert gojson.marshal(record) == '{"name":"x","info":{"a":2,"b":1},"keep":""}'


def test_bytes_marshal_as_base64() -> None:
    assert gojson.marshal(b"hi\xff") == '"aGn/"'


DECODE_CASES = [
    "x", "", "   ", '{"a":', '{"a" 1}', "{a:1}", "[1,2", "[1 2]", '{"a":1} x', "tru", "trux", "nul", "nulx",
    "-", "-a", "1.", "1.e", "1e", "1e+", "01", '"abc', '"a\\x"', '"a\\u12"', '"a\\u12g4"', '"\x01"',
    '{"a":1,}', "[1,]", '{"a":1 "b":2}', "[", "{", "'", "é", "\u2028", '"é" x', "\t\n{}\r\n ", "[1,2] [",
    '{"a":[1,{"b":null}],"c":"<>","d":1.5e3,"e":-0,"f":"\\ud83d\\ude00\\u00e9\\/"}', "{}", "[]", "5",
    '"\\ud800"', '"\\ud800\\u0041"', '{"a":1,"a":2}', '[true,false,null]', '  "s"  ',
]


@pytest.fixture(scope="module")
def decode_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    values = {f"d{i}": text for i, text in enumerate(DECODE_CASES)}
    exprs = [f'fromJsonArray (index .Values "d{i}") | toJson' for i in range(len(DECODE_CASES))]
    exprs += [f'fromJson (index .Values "d{i}") | toJson' for i in range(len(DECODE_CASES))]
    return render_batch(tmp_path_factory.mktemp("decode"), exprs, values)


def _expected_go_json(reference: str, as_list: bool) -> tuple[str | None, Any]:
    """Split the reference's ``fromJson``/``fromJsonArray`` result into (error, value JSON)."""
    parsed = json.loads(reference)
    if as_list and isinstance(parsed, list) and len(parsed) == 1 and isinstance(parsed[0], str):
        return parsed[0], None
    if not as_list and isinstance(parsed, dict) and set(parsed) == {"Error"}:
        return parsed["Error"], None
    return None, reference


@pytest.mark.parametrize("index", range(len(DECODE_CASES)))
def test_unmarshal_matches_from_json(decode_outputs: list[str], index: int) -> None:
    text = DECODE_CASES[index]
    for as_list, reference in ((True, decode_outputs[index]), (False, decode_outputs[len(DECODE_CASES) + index])):
        error, value_json = _expected_go_json(reference, as_list)
        try:
            mine = gojson.unmarshal(text)
        except gojson.JSONError as err:
            assert str(err) == error
            continue
        if error is not None:
            # a valid document of the wrong kind for the target type
            assert error.startswith("json: cannot unmarshal ")
            assert error.split()[3] == gojson.go_type_name(mine)
            continue
        assert gojson.marshal(mine) == value_json


def test_nesting_limit_matches_from_json(tmp_path: Path) -> None:
    docs = ["[" * 10000 + "]" * 10000, "[" * 10001 + "]" * 10001]
    values = {"d0": docs[0], "d1": docs[1]}
    outputs = render_batch(tmp_path, ['fromJsonArray .Values.d0 | len', "fromJsonArray .Values.d1 | toJson"], values)
    assert len(gojson.unmarshal(docs[0])) == int(outputs[0])
    with pytest.raises(gojson.JSONError) as info:
        gojson.unmarshal(docs[1])
    assert [str(info.value)] == json.loads(outputs[1])


def test_random_floats_match_reference(tmp_path: Path) -> None:
    """Go's shortest float formatting in toJson, toYaml and toYamlPretty on random float64s."""
    import random
    import struct

    from pyhelm.codec import yaml as goyaml

    rnd = random.Random(2026)
    floats: list[float] = []
    while len(floats) < 1500:
        roll = rnd.random()
        if roll < 0.4:
            value = struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(64)))[0]
        elif roll < 0.7:
            value = rnd.uniform(-1e6, 1e6)
        else:
            value = float(rnd.randint(-(10**22), 10**22)) * 10.0 ** rnd.randint(-30, 5)
        if value == value and abs(value) != float("inf"):
            floats.append(value)
    exprs = ["toJson .Values.f", "toYaml .Values.f", "toYamlPretty .Values.f"]
    to_json, to_yaml, to_yaml_pretty = render_batch(tmp_path, exprs, {"f": floats})
    value = go_values(floats)
    assert gojson.marshal(value) == to_json
    assert goyaml.dump(value)[:-1] == to_yaml
    assert goyaml.dump_pretty(value)[:-1] == to_yaml_pretty
