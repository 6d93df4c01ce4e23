"""Differential tests of codec/yaml.py against the reference Helm.

Reading: documents go through ``helm_python.values_from_yaml`` (Helm's values reader:
sigs.k8s.io/yaml into ``common.Values``) and through ``codec.yaml.load_map``; results are
compared as JSON, errors by message. Writing: ``toYaml`` / ``toYamlPretty`` rendered by
the reference on many values in one chart, and ``toYaml .Values`` of every shared chart,
against ``dump`` / ``dump_pretty`` of the same values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from oracle import RefError, ref_render, ref_values_yaml, write_chart
from testpaths import SHARED

from pyhelm.codec import json as gojson
from pyhelm.codec import yaml as goyaml

SEP = "@@SEP@@\n"


def render_batch(root: Path, exprs: list[str], values: dict[str, Any], values_yaml: str = "") -> list[str]:
    """Render every expression in one chart; the list of their outputs."""
    text = "".join("{{ " + e + " }}" + SEP for e in exprs)
    chart = write_chart(root, {"t.yaml": text}, values_yaml)
    out = ref_render(chart, values)["mychart/templates/t.yaml"]
    parts = out.split(SEP)
    assert len(parts) == len(exprs) + 1
    return parts[:-1]


# --------------------------------------------------------------------------- reading

READ_CASES = [
    "", "# only a comment", "~", "null", "--- \n", "a: 1\n---\nb: 2", "a: 1\n...\nxx: [",
    "n: 1", "y: 1\nyes: 2\nNo: 3\non: 4\nOFF: 5", "a: 12345678901234567890", "a: 1\na: 2",
    "a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: 2001-1-2 3:4:5\nd: 2001-02-29",
    "a: !!binary aGVsbG8=", "a: !!binary |\n  aGVs\n  bG8=\n", 'a: !!binary "/w=="', 'a: !!binary "@@"',
    "x: [1, 2\n", "a:\n b: c\n  d: e", "1: a\n1.5: b\ntrue: c\n~: d", "- a", "a", "[1, 2]", '"abc"',
    "a: 0o17\nb: 0x1F\nc: 017\nd: 1_000\ne: 1e3\nf: +12\ng: 0b101\nh: -0b11\ni: 0X1F\nj: 1_\nk: .5_0",
    "a: .inf", "a: -.Inf", "a: .nan", "a: 1e400\nb: .5e400\nc: 08\nd: 1e-400\ne: 1:20\nf: +.5\ng: 1.",
    "a: 18446744073709551615\nb: 18446744073709551616\nc: -9223372036854775809\nd: 0x_1F",
    "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2", "a: 1\nb: {a: 2, <<: {a: 3, c: 4}}",
    "b: {<<: [{a: 1, c: 1}, {a: 2, d: 2}], d: 5}", "b: {<<: 1}", "m: {<<: [1]}", "x: 1\n<<: {x: 2, y: 3}",
    "a: *x", "a: &x [*x]", "a: &x 1\nb: &x 2\nc: *x", 'a: "<<"\n"<<": {b: 1}', "a: !!merge <<",
    "a: {b: 1}: 2", "? [a]\n: 1", "? {a: 1}\n: 2", "? !!str\n: 1",
    "1.5: a\n100000000.0: b\n0.1: c\n3.14159265: d\n1e10: e\n0x10: f\n.inf: g\n-.inf: h\n.nan: i\nyes: j\n1:20: k",
    "a: !foo bar", 'a: !!str 123\nb: !!int "12"\nc: !!float 1\nd: !!float "1"\ne: !!bool "yes"\nf: !!str',
    "a: !!int abc", "a: !!float abc", "a: !!null x", "a: !!int", "a: !!int 1.5", "a: !!float 0x10",
    "c: !!timestamp 2001-01-01", "c: !!timestamp x", "a: !!map {b: 1}\nb: !!seq [1]\nc: !!set {a, b}",
    "a:\tb", "a: b\n\tc: d", 'a: "\\x80"', 'a: "\\ud800"', "%YAML 1.2\n---\na: 1", "%YAML 1.1\n---\na: 1",
    "{a: 1}}", "a: [1,]", "- 1\nb: 2", "a: |\n  x\n b", 'a: "b', "a: 'b", "  a: 1\nb: 2", "a: @b", "a: `b",
    "a: b: c", "a: |\n  text\n  more\nb: >\n  folded\n  line\n\n  para\nc: |-\n  x\nd: |+\n  y\n\n",
    'tab: "a\\tb"\nuni: "\\u00e9\\U0001F600"\nesc: "\\x41\\n\\r\\0"', "a: b #c\nd: 'it''s'\ne: \"q\\\"\"",
    "a:\n  - b: 1\n    c: 2\n  - [1, 2]\n", "true: a\nfalse: b\n-1: d\n0.5: e",
    "a: y\nb: Y\nc: yes\nd: On\ne: OFF\nf: n\ng: NO\nh: True\ni: tRue\nj: Null\nk: nULL\nl: ~\nm: \nn2: -\no: .",
    "p: +\nq: 0\nr: -0\ns: 0.0\nt: -0.0\nu: 1e5\nv: 1E5\nw: 1.5e-3\nx: 0777\nz: 0x\naa: 0b\nab: 1.2.3",
    "ai: 9223372036854775807\naj: 9223372036854775808\nak: -9223372036854775808\nal: 1e308\nan: 0.1e-2",
    "ao: +1\nap: +-1\naq: .1\nar: ._1\nas: 1__\nat: 0o\nau: 0O17\nav: 0B11\naw: -0x10\nax: 0.\nay: 00\naz: 09.5",
    # go-yaml ends flow-context plain scalars at "?" (newer libyaml does not)
    "x: [a?b]", "x: [http://foo.com/?q=1]", "a: 1\nx: {a: [1,\n  http://x?y]}", "x: {k?: v}", "x: ['a?', \"b?\"]",
    "x: a?b\ny: [1]", "x: [1]\n---\n[a?b]", "{a: 1}\nb: 2", "{a: 1} b: 2", "{a: 1}\n@", "a: 1\n  - b",
    # go-yaml's double-quoted escapes: \' is accepted, \/ is not
    "a: \"it\\'s\"", "a: \"\\/\"", "a: 1\nb: \"x\\/\"", "a: \"\\\\/\"", "a: '\\/'", "a: \\/",
    "a: 1\nb: \"it\\'s \\'q\\'\"\nc: [x?y]", "a: \"multi\n  line \\/\"", "a: \"\\'\n",
    # go-yaml keeps ':' before a flow indicator inside a flow plain scalar
    "x: [a:]", "x: [a:, b]", "x: {a:}", "x: {a: b:}", "x: [a:[b]]", "x: {a:{b: c}}", "x: [it's:]", "x: [a b:, c]",
]


def _mine(text: str) -> str:
    try:
        return gojson.marshal(goyaml.load_map(text, go_type="common.Values"))
    except goyaml.YAMLError as err:
        return "ERROR: " + str(err)


def _reference(text: str) -> str:
    try:
        return json.dumps(ref_values_yaml(text), sort_keys=True)
    except RefError as err:
        return "ERROR: " + str(err)


@pytest.mark.parametrize("text", READ_CASES)
def test_load_matches_helm_values_reader(text: str) -> None:
    reference = _reference(text)
    mine = _mine(text)
    if reference.startswith("ERROR: "):
        assert mine == reference
    else:
        assert not mine.startswith("ERROR: "), mine
        assert json.loads(mine) == json.loads(reference)


def test_load_numbers_are_float64() -> None:
    value = goyaml.load("a: 1\nb: [2, 0x10]\nc: {d: 017}")
    assert value == {"a": 1.0, "b": [2.0, 16.0], "c": {"d": 15.0}}
    assert all(type(v) is float for v in (value["a"], *value["b"], value["c"]["d"]))


def test_load_error_has_line() -> None:
    with pytest.raises(goyaml.YAMLError) as info:
        goyaml.load("a:\n b: c\n  d: e")
    assert info.value.line == 3


def test_load_go_keeps_go_key_types() -> None:
    raw = goyaml.load_go("1: a\n1.0: b\ntrue: c\nx: 2")
    assert raw.go_items() == [(1, "a"), (1.0, "b"), (True, "c"), ("x", 2)]
    assert type(raw.go_items()[3][1]) is int


@pytest.mark.parametrize(
    "path", sorted(SHARED.glob("charts/*/values.yaml")), ids=lambda p: p.parent.name
)
def test_load_real_chart_values(path: Path) -> None:
    text = path.read_text()
    assert json.loads(_mine(text)) == json.loads(_reference(text))


# --------------------------------------------------------------------------- writing

QUOTING = [
    "", " ", "  ", "plain", "a\tb", "😀", "é", "日本語", "  lead", "trail ", "a\u2028b", "a # b", "a#b", "- x", "-x",
    ": x", "a: b", "a:b", "a:", "a :b", "?x", "? x", "[x", "x]", "x, y", "%x", "@x", "`x", "!x", "&x", "*x", "|x",
    ">x", "#x", "---", "...", "--- x", "-", "?", ":", '"q"', 'q"', "it's", "'start", "a\\b", "a\u00a0b",
    "\u00a0a", "a\u00a0", "\ufeffx", "\x01", "\u0085x", "a\u0085", "x \u0085 \u0085y", "\u2029", "=", "<<", "_1",
    "1:20", "12:30:45", "0755", "1e3", "1.0", "0.", ".5", "+1", "-1", "0x1F", "0b11", "0o7", "1_000", "1__",
    "1.5e", ".inf", "-.inf", ".nan", "~", "null", "Null", "NULL", "true", "True", "y", "n", "yes", "no", "on",
    "off", "Y", "NO", "2001-01-01", "2001-13-01", "2001-1-1", "2001-01-01T01:02:03Z", "2001-01-01 1:2:3",
    "1e-06",
]
MULTILINE = [
    "a\nb", "a\nb\n", "a\nb\n\n", "\n", "\n\n", "a\n\n", "\na", "a\n", " a\nb", "\ta\nb", "a \nb", "a\n b",
    "a\r\nb", "x\ny\n  z\n", "a\n\nb\n", "trailing \nspace",
]
LONG = [
    "a" * 100,
    " ".join(["word"] * 40),
    "'" + " ".join(["w"] * 50),
    "x: " + " ".join(["word"] * 40),
    " ".join(["w"] * 30) + "\ttab " + " ".join(["w"] * 30),
    "a  " + "  ".join(["ww"] * 40),
    " ".join(["verylongword" * 3] * 6),
]

WRITE_CASES: list[Any] = [
    QUOTING,
    MULTILINE,
    LONG,
    {s: 1 for s in QUOTING + MULTILINE if s},
    [1, 1.5, 1e6, 1e21, 1e20, 1e-7, 0.000001, 123456789, -0.0, 12345678901234567890, 0.1, 100.0, 3.0e10,
     2**53 + 1, -5, 1234567.0, 0.5e-4, True, False, None, [], {}, [[]], [{}], {"a": []}],
    {"a": {"b": {"c": [1, {"d": [[1, 2], {"e": None}]}]}}, "z": [[["x"]]]},
    {"k" * 130: 1, "m\nl": 2, "short": {"k" * 129: [1]}},
    {"10": 1, "9": 2, "a10": 3, "a9": 4, "B": 7, "a": 8, "_x": 9, "é": 11, "Z1": 12, "z": 13, "": 14, "a0": 15},
    {"list": ["a" * 90, "b " * 50, {"x": "c " * 50, "y": ["d " * 50]}]},
    {"k" * 1022: 1, "é" * 1000: 2, "<" * 170: 3},
    {"k" * 1023: 1},
    {"<" * 171: 1},
    {"x": {"a\u0085": 1}},
    "top-level",
    None,
    1.5,
    [],
    {},
    "multi\nline\n",
]


@pytest.fixture(scope="module")
def write_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    values = {f"c{i}": case for i, case in enumerate(WRITE_CASES)}
    exprs = []
    for i in range(len(WRITE_CASES)):
        exprs += [f'toYaml (index .Values "c{i}")', f'toYamlPretty (index .Values "c{i}")']
    return render_batch(tmp_path_factory.mktemp("yaml"), exprs, values)


def _trim(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def _to_yaml(value: Any) -> str:
    """``toYaml``: the dump without its final newline, "" when Go's Marshal fails."""
    try:
        return _trim(goyaml.dump(value))
    except goyaml.YAMLError:
        return ""


@pytest.mark.parametrize("index", range(len(WRITE_CASES)))
def test_dump_matches_to_yaml(write_outputs: list[str], index: int) -> None:
    value = gojson.unmarshal(json.dumps(WRITE_CASES[index]))
    assert _to_yaml(value) == write_outputs[2 * index]


@pytest.mark.parametrize("index", range(len(WRITE_CASES)))
def test_dump_pretty_matches_to_yaml_pretty(write_outputs: list[str], index: int) -> None:
    value = gojson.unmarshal(json.dumps(WRITE_CASES[index]))
    assert _trim(goyaml.dump_pretty(value)) == write_outputs[2 * index + 1]


def test_dump_errors() -> None:
    with pytest.raises(goyaml.YAMLError, match="json: unsupported value: NaN"):
        goyaml.dump({"a": float("nan")})
    # DEL survives JSON but libyaml's reader refuses it when reading the JSON back
    with pytest.raises(goyaml.YAMLError, match="control characters are not allowed"):
        goyaml.dump(["a\x7fb"])
    assert goyaml.dump_pretty(["a\x7fb"]) == '- "a\\x7Fb"\n'


def _strip_nulls(value: Any) -> Any:
    """Helm drops null keys of a chart's own values.yaml when it builds .Values."""
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    return value


@pytest.fixture(scope="module")
def chart_values_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    template = "{{ toYaml .Values }}" + SEP + "{{ toYamlPretty .Values }}" + SEP + "{{ toJson .Values }}"
    for path in sorted(SHARED.glob("charts/*/values.yaml")):
        chart = write_chart(tmp_path_factory.mktemp(path.parent.name), {"t.yaml": template}, path.read_text())
        out[path.parent.name] = ref_render(chart)["mychart/templates/t.yaml"].split(SEP)
    return out


@pytest.mark.parametrize("path", sorted(SHARED.glob("charts/*/values.yaml")), ids=lambda p: p.parent.name)
def test_dump_real_chart_values(chart_values_outputs: dict[str, list[str]], path: Path) -> None:
    values = _strip_nulls(goyaml.load(path.read_text()))
    to_yaml, to_yaml_pretty, to_json = chart_values_outputs[path.parent.name]
    assert _trim(goyaml.dump(values)) == to_yaml
    assert _trim(goyaml.dump_pretty(values)) == to_yaml_pretty
    assert gojson.marshal(values) == to_json


# --------------------------------------------------------------------------- seeded random cases

_TOKENS = [
    "1", "0", "-", "+", ".", "e", "E", "_", "x", "o", "b", "0x", "1_0", ":", "y", "n", "yes", "No", "on", "off",
    "~", "true", "False", ".inf", ".nan", "2001-01-01", "12:30", "-0b1", "0o7", "07", "08", "9", "a", " ", "é",
    "T", "Z", "t", "5", "2001-1-1 1:2:3", "1e5", ".5", "0.", "<<", "=", "Yes", "ON",
]


def _random_scalar(rnd: Any) -> str:
    return "".join(rnd.choice(_TOKENS) for _ in range(rnd.randint(1, 3))).strip() or "x"


def _random_key(rnd: Any, index: int) -> str:
    key = _random_scalar(rnd) if rnd.random() < 0.4 else f"k{index}"
    key = key.replace(": ", ":").rstrip(":")
    if key.startswith(("-", "?", ":")) or key == "<<":
        key = "q" + key
    if goyaml.resolve_plain(key)[0] == goyaml.NULL_TAG:
        key = "k" + key  # several nil keys would make Go's (random-order) error ambiguous
    return key


def _random_block(rnd: Any, depth: int, indent: str) -> list[str]:
    lines: list[str] = []
    for i in range(rnd.randint(1, 4)):
        key, roll = _random_key(rnd, i), rnd.random()
        if depth < 3 and roll < 0.25:
            lines.append(f"{indent}{key}:")
            lines += _random_block(rnd, depth + 1, indent + "  ")
        elif depth < 3 and roll < 0.4:
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}- {_random_scalar(rnd)}" for _ in range(rnd.randint(1, 3))]
        elif roll < 0.5:
            lines.append(f"{indent}{key}: |{rnd.choice(['', '-', '+'])}")
            lines += [f"{indent}  {_random_scalar(rnd)}" for _ in range(rnd.randint(1, 3))]
        elif roll < 0.6:
            lines.append(f"{indent}{key}: '{_random_scalar(rnd)}'")
        elif roll < 0.7:
            lines.append(f'{indent}{key}: "{_random_scalar(rnd)}"')
        else:
            value = _random_scalar(rnd)
            if value.startswith(("-", "?", ":")):
                value = "v" + value
            lines.append(f"{indent}{key}: {value}")
    return lines


def test_load_random_documents() -> None:
    import random

    rnd = random.Random(20261121)
    for _ in range(400):
        text = "\n".join(_random_block(rnd, 0, "")) + rnd.choice(["", "\n"])
        reference, mine = _reference(text), _mine(text)
        if reference.startswith("ERROR: "):
            assert mine == reference, text
        else:
            assert json.loads(mine) == json.loads(reference), text


_CHARS = list("abcxyz  \n\n'\"#:-?,[]{}&*!|>%@`\t\\") + ["é", "日", "😀", "\u2028", "\u00a0", "0", "1", ".", "e", "+"]
_WORDS = ["yes", "no", "null", "true", "1.0", "0x1F", "2001-01-01", "on", "~", "", "-", "a b", " lead", "trail ", "#c"]


def _random_string(rnd: Any) -> str:
    roll = rnd.random()
    if roll < 0.2:
        return rnd.choice(_WORDS)
    if roll < 0.35:
        words = ("".join(rnd.choice("abcdefgh") for _ in range(rnd.randint(1, 15))) for _ in range(rnd.randint(5, 30)))
        return " ".join(words)
    return "".join(rnd.choice(_CHARS) for _ in range(rnd.randint(0, 12)))


def _random_value(rnd: Any, depth: int = 0) -> Any:
    roll = rnd.random()
    if depth > 3 or roll < 0.5:
        kind = rnd.random()
        if kind < 0.1:
            return rnd.choice([0, 1, -5, 1.5, 1e6, 1e-7, 123456789, 0.1, 1e21])
        if kind < 0.2:
            return rnd.choice([True, False, None])
        return _random_string(rnd)
    if roll < 0.75:
        return [_random_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))]
    keys = ("".join(rnd.choice("abcdefgh_-. ") for _ in range(rnd.randint(1, 8))) for _ in range(rnd.randint(0, 4)))
    return {key: _random_value(rnd, depth + 1) for key in keys}


def test_dump_random_values(tmp_path: Path) -> None:
    import random

    rnd = random.Random(11212026)
    cases = [_random_value(rnd) for _ in range(120)]
    exprs = []
    for i in range(len(cases)):
        exprs += [f'toYaml (index .Values "c{i}")', f'toYamlPretty (index .Values "c{i}")']
    outputs = render_batch(tmp_path, exprs, {f"c{i}": case for i, case in enumerate(cases)})
    for i, case in enumerate(cases):
        value = gojson.unmarshal(json.dumps(case))
        assert _to_yaml(value) == outputs[2 * i], case
        assert _trim(goyaml.dump_pretty(value)) == outputs[2 * i + 1], case


@pytest.mark.parametrize(
    "data",
    [
        b"a: \xff\n", b"a: b\xc3\n", b"a: b\xc3", b"\xef\xbb\xbfa: 1\n", b"\xff\xfe" + "a: 1\n".encode("utf-16-le"),
        b"\xfe\xff" + "a: 1\n".encode("utf-16-be"), b"a: 1\x00\n", b"a: 'x\x01'\n", b'a: "\x7f"\n', "a: \x85b".encode(),
    ],
)
def test_load_bytes_like_chart_values_file(tmp_path: Path, data: bytes) -> None:
    chart = write_chart(tmp_path, {"t.yaml": "{{ toJson .Values }}"})
    (chart / "values.yaml").write_bytes(data)
    try:
        reference = ref_render(chart)["mychart/templates/t.yaml"]
    except RefError as err:
        reference = "ERROR: " + str(err).split("cannot unmarshal yaml document: ", 1)[-1]
    try:
        mine = gojson.marshal(goyaml.load_map(data))
    except goyaml.YAMLError as err:
        mine = "ERROR: " + str(err)
    assert mine == reference


def test_bytes_values_match_reference(tmp_path: Path) -> None:
    text = (
        '{{ toYamlPretty (.Files.GetBytes "f.txt") }}' + SEP + '{{ toYaml (.Files.GetBytes "f.txt") }}' + SEP
        + '{{ toYamlPretty (dict "b" (.Files.GetBytes "g.bin")) }}' + SEP + '{{ toJson (.Files.GetBytes "g.bin") }}'
    )
    chart = write_chart(tmp_path, {"t.yaml": text}, files={"f.txt": "hi", "g.bin": b"\xff\x00"})
    outputs = ref_render(chart)["mychart/templates/t.yaml"].split(SEP)
    assert _trim(goyaml.dump_pretty(b"hi")) == outputs[0]
    assert _trim(goyaml.dump(b"hi")) == outputs[1]
    assert _trim(goyaml.dump_pretty({"b": b"\xff\x00"})) == outputs[2]
    assert gojson.marshal(b"\xff\x00") == outputs[3]


def _nested_blocks(levels: int) -> str:
    """A mapping holding ``levels`` block sequences nested on one line (``- - - x``)."""
    return "a:\n  " + "- " * levels + "x\n"


@pytest.mark.parametrize(
    "text",
    [
        _nested_blocks(9999), _nested_blocks(10000), "a: " + "[" * 10000 + "]" * 10000,
        "a: " + "[" * 10001 + "]" * 10001, "a: " + "{b: " * 10000 + "1" + "}" * 10000,
    ],
    ids=["block-9999", "block-10000", "flow-10000", "flow-10001", "flow-map-10000"],
)
def test_nesting_limits(text: str) -> None:
    reference = _reference(text)
    mine = _mine(text)
    if reference.startswith("ERROR: "):
        assert mine == reference
    else:
        assert json.loads(mine) == json.loads(reference)
