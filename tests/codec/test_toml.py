"""Differential tests of codec/toml.py (BurntSushi/toml as Helm uses it) against the reference.

``toToml`` of many values and ``fromToml ... | toJson`` of many documents are rendered
by the reference in one chart each and compared with ``dump`` / ``load``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from oracle import ref_render, write_chart

from pyhelm.codec import json as gojson
from pyhelm.codec import toml as gotoml

SEP = "@@SEP@@\n"


def render_batch(root: Path, exprs: list[str], values: dict[str, Any]) -> list[str]:
    """Render every expression in one chart; the list of their outputs."""
    text = "".join("{{ " + e + " }}" + SEP for e in exprs)
    chart = write_chart(root, {"t.yaml": text})
    out = ref_render(chart, values)["mychart/templates/t.yaml"]
    parts = out.split(SEP)
    assert len(parts) == len(exprs) + 1
    return parts[:-1]


ENCODE_CASES: list[Any] = [
    {
        "a": 1, "b": 1.5, "c": "str", "d": True, "e": None, "f": [1, 2], "g": {"x": 1, "y": {"z": "q"}},
        "h": [{"p": 1}, {"p": 2, "q": {"r": 1}}], "i": [], "j": {}, "k": "multi\nline", "l": 'quote"s\\',
        "m": "tab\there", "n": "é😀\x01\x7f\u2028\ufeff", "key with space": 1, "k.dot": 2, "": 3, "ünï": 4,
        "o": [[1, 2], ["a"]], "p": [1, "a"], "q": 1e6, "r": 1e21, "s": 0.1, "t": 100.0, "u": -0.0,
        "x": 12345678901234567890.0, "y": 1e-7, "z": 1e20, "A_b-c": 1, "B": {"1": 2},
        "lm": [{"a": {"b": [1]}}, {}], "em": [{}], "mix": [{"a": 1}, 2],
    },
    {"b": {"c": {"d": 1, "e": [{"f": 1}]}, "z": 1}, "a": {"q": 1}, "x": 1},
    {"arr": [[]], "es": "", "nested": {"a": {}, "b": 1}},
    {"v": [None, 1]},
    {"w": [{"a": None}]},
    {"e": None},
    {"e": {"f": {}}},
    {"l": [[{"a": 1}]]},
    {"m": {"x": [1, {"a": 1}]}},
    {"z": [{"a": [{"b": 1}]}]},
    {"s": "esc\x1b\x08\x0c\r"},
    {"f": [1.5, 1234567.0, 123456.0, 1e-5, 0.0001, 5e-324]},
    {"im": [{"a": {"b": 1}, "c": 2}, 1]},
    {"n": {"a b": {"c.d": 1}}},
    {"deep": {"l1": {"l2": {"l3": {"v": 1, "t": [{"x": {"y": 2}}]}}}}},
    [1, 2],
    "top",
    2.5,
]


@pytest.fixture(scope="module")
def encode_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    values = {f"c{i}": case for i, case in enumerate(ENCODE_CASES)}
    exprs = [f'toToml (index .Values "c{i}")' for i in range(len(ENCODE_CASES))]
    return render_batch(tmp_path_factory.mktemp("toml"), exprs, values)


@pytest.mark.parametrize("index", range(len(ENCODE_CASES)))
def test_dump_matches_to_toml(encode_outputs: list[str], index: int) -> None:
    value = gojson.unmarshal(json.dumps(ENCODE_CASES[index]))
    try:
        mine = gotoml.dump(value)
    except gotoml.TOMLError as err:
        mine = str(err)  # toToml prints the error text
    assert mine == encode_outputs[index]


def test_dump_go_ints_have_no_decimal_point() -> None:
    assert gotoml.dump({"i": 5, "f": 5.0}) == "f = 5.0\ni = 5\n"


def test_dump_nil_is_the_go_panic() -> None:
    with pytest.raises(gotoml.TOMLError, match="zero Value"):
        gotoml.dump(None)


DECODE_CASES = [
    "",
    "a = 1\nb = 1.5\nc = [1, 2]\n[d]\ne = 'x'\nbig = 9223372036854775807\nhex = 0xff\n[[arr]]\nx = 1\n[[arr]]\nx = 2\n",
    "t = 1979-05-27T07:32:00Z\nld = 1979-05-27\nlt = 07:32:00\nldt = 1979-05-27T07:32:00",
    "t = 1979-05-27T07:32:00.5+01:00",
    "x = [1, 2.5]\ns = \"\"\"\nml\"\"\"\nl = 'lit\\n'",
    "x = 1\n[y]\n",
    "a.b.c = 1\n\"q k\" = true\n[t.u]\nv = -0.0",
    "inline = {a = 1, b = {c = [1, {d = 2}]}}",
]


@pytest.fixture(scope="module")
def decode_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    values = {f"d{i}": text for i, text in enumerate(DECODE_CASES)}
    exprs = [f'fromToml (index .Values "d{i}") | toJson' for i in range(len(DECODE_CASES))]
    return render_batch(tmp_path_factory.mktemp("fromtoml"), exprs, values)


@pytest.mark.parametrize("index", range(len(DECODE_CASES)))
def test_load_matches_from_toml(decode_outputs: list[str], index: int) -> None:
    assert gojson.marshal(gotoml.load(DECODE_CASES[index])) == decode_outputs[index]


def test_load_types() -> None:
    data = gotoml.load("i = 1\nf = 1.0\nt = 1979-05-27T07:32:00Z")
    assert isinstance(data["i"], int) and getattr(data["i"], "go_type", "") == "int64"
    assert type(data["f"]) is float
    assert data["t"].__go_type__ == "time.Time"


def test_load_error() -> None:
    with pytest.raises(gotoml.TOMLError, match=r"^toml: line 1"):
        gotoml.load("a = ")


ERROR_CASES = [
    "a = ", "a = 1\na = 2", "[a]\n[a]", "a = b", 'a = "x', "a b = 1", "a = [1,", "a = 1 2", "[a\nb = 1", "a = 'x",
    "a = 9223372036854775808", "a = -9223372036854775809", "a = 1e400", "[t]\nf = -1e999", "= 1", "a = 1\n\n\nb = @",
    "a = {b = 1", "x = 1\n[t]\ny = tru", "[t.u]\nv = 1\nv = 2", '[[t]]\nx = "a', "[a b]",
]


@pytest.fixture(scope="module")
def error_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    values = {f"e{i}": text for i, text in enumerate(ERROR_CASES)}
    exprs = [f'get (fromToml (index .Values "e{i}")) "Error"' for i in range(len(ERROR_CASES))]
    return render_batch(tmp_path_factory.mktemp("tomlerr"), exprs, values)


@pytest.mark.parametrize("index", range(len(ERROR_CASES)))
def test_load_errors_match_from_toml(error_outputs: list[str], index: int) -> None:
    with pytest.raises(gotoml.TOMLError) as info:
        gotoml.load(ERROR_CASES[index])
    assert str(info.value) == error_outputs[index]
