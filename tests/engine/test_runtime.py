"""Differential tests of engine/runtime.py (Go value semantics) against the reference Helm.

Each case is a template expression such as ``printf "%05.2f|%v" 3.14159 .Values.f``.
The reference renders it inside ``{{ }}``; the same expression is evaluated in
Python by a tiny reader below (literals, ``.Values`` paths, ``.Files.GetBytes``,
parenthesized calls) that calls the pyhelm runtime functions. Many cases share
one chart render; failing cases (which stop Go's execution) get one render each.
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from oracle import ref_template, ref_values_yaml

from pyhelm.engine import runtime as rt
from pyhelm.engine.errors import FuncError

VALUES = r"""
i: 3
n: -7
z: 0
f: 1.5
nf: -2.25
big: 1234567
huge: 1e21
tiny: 0.000001
e6: 1e6
ratio: 0.1
pi: 3.14159
fz: 0.0
s: hello
u: "héllo wörld"
emoji: "a😀b"
ctl: "a\tb\x01c\u007f"
nbsp: "a\u00a0b"
html: "<a href=\"x\">Tom & 'Jerry'</a>"
e: ""
t: true
fa: false
nil: null
l: [1, 2, 3]
ls: [a, b]
mixed: [1, "a", null, true, 2.5, [x, y], {k: v}]
el: []
m: {b: 2, a: 1, C: x, "10": y, "9": z}
nested: {list: [1, {x: 1.5}], map: {inner: [true, null]}}
em: {}
"""

FILES = {"bin": b"hi\x00\xff", "text": "hé"}


# ---------------------------------------------------------------------------
# A tiny reader of template expressions, evaluated with the pyhelm runtime.

FUNCS: dict[str, Callable[..., Any]] = {
    "printf": rt.sprintf,
    "print": rt.sprint,
    "println": rt.sprintln,
    "eq": rt.eq,
    "ne": rt.ne,
    "lt": rt.lt,
    "le": rt.le,
    "gt": rt.gt,
    "ge": rt.ge,
    "len": rt.go_len,
    "index": rt.go_index,
    "html": rt.html_escape,
    "js": rt.js_escape,
    "urlquery": rt.urlquery,
    "not": lambda v: not rt.is_true(v),
    "toString": rt.to_go_string,
    "typeOf": rt.type_name,
    "kindOf": rt.kind_name,
    # Sprig's float64 (strconv.ParseFloat), only to make +Inf/-Inf/NaN operands.
    "float64": float,
    # Sprig's semver, only to make a *semver.Version operand (a pointer with a String method).
    "semver": lambda text: SemverLike(text),
    # Sprig's add on integers, only to make int64 operands.
    "add": lambda *xs: rt.GoInt(sum(int(x) for x in xs), "int64"),
}

TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<raw>`[^`]*`)
    | (?P<chr>'(?:[^'\\]|\\.[^']*)')
    | (?P<open>\()
    | (?P<close>\))
    | (?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)
    | (?P<num>[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7]+|0[bB][01]+|\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.X,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        assert m and m.end() > pos, f"cannot read {text[pos:]!r}"
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _go_string(lit: str) -> str:
    # Go and Python agree on the escapes used in these tests (\t \n \x01 \u00e9 \U0001F600).
    return ast.literal_eval(lit)


def _number(lit: str) -> int | float:
    text = lit.replace("_", "")
    if re.fullmatch(r"[-+]?0[xXoObB].*", text):
        return int(text, 0)
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    return float(text)


class Reader:
    """Evaluates one pipeline-less command the way text/template would call our functions."""

    def __init__(self, values: dict[str, Any], capabilities: Any = None) -> None:
        self.values = values
        self.capabilities = capabilities

    def run(self, text: str) -> Any:
        toks = _tokens(text)
        value, rest = self._command(toks)
        assert not rest, f"trailing tokens in {text!r}"
        return value

    def _command(self, toks: list[tuple[str, str]]) -> tuple[Any, list[tuple[str, str]]]:
        kind, lit = toks[0]
        if kind == "word" and lit in FUNCS:
            args = []
            rest = toks[1:]
            while rest and rest[0][0] != "close":
                arg, rest = self._operand(rest)
                args.append(arg)
            return FUNCS[lit](*args), rest
        return self._operand(toks)

    def _operand(self, toks: list[tuple[str, str]]) -> tuple[Any, list[tuple[str, str]]]:
        kind, lit = toks[0]
        rest = toks[1:]
        if kind == "open":
            if rest[0] == ("field", ".Files") or rest[0] == ("field", ".Files.GetBytes"):
                name = _go_string(rest[1][1])
                body = FILES[name]
                return (body if isinstance(body, bytes) else body.encode()), rest[3:]
            value, rest = self._command(rest)
            assert rest[0][0] == "close"
            return value, rest[1:]
        if kind == "str":
            return _go_string(lit), rest
        if kind == "raw":
            return lit[1:-1], rest
        if kind == "chr":
            return ord(_go_string(lit)), rest
        if kind == "num":
            return _number(lit), rest
        if kind == "field":
            return self._field(lit), rest
        if kind == "word":
            return {"nil": None, "true": True, "false": False}[lit], rest
        raise AssertionError(f"unexpected token {lit!r}")

    def _field(self, path: str) -> Any:
        parts = path.split(".")[1:]
        if parts[0] == "Capabilities":
            cur = self.capabilities
            for part in parts[1:]:
                cur = getattr(cur, part)
            return cur
        assert parts[0] == "Values", path
        cur: Any = self.values
        for part in parts[1:]:
            cur = cur.get(part) if isinstance(cur, dict) else None
        return cur


# ---------------------------------------------------------------------------
# Reference rendering helpers

SEP = "\n@@@@\n"
_ERR = re.compile(r'executing "[^"]*" at <.*?>: (?:error calling \w+: )?(?P<msg>.*)$', re.S)


def _ref_outputs(root: Path, templates: list[str]) -> list[str]:
    """Render each ``{{ template }}`` (all in one chart) and split the outputs."""
    body = "".join("{{ " + t + " }}" + SEP for t in templates)
    out = ref_template(root, body, VALUES, files=FILES)
    assert not out.startswith("ERROR:"), out
    parts = out.split(SEP)
    assert len(parts) == len(templates) + 1, out
    return parts[:-1]


def _ref_error(root: Path, template: str) -> str:
    out = ref_template(root / "e", "{{ " + template + " }}", VALUES, files=FILES)
    assert out.startswith("ERROR: "), f"{template!r} did not fail: {out!r}"
    m = _ERR.search(out)
    assert m, out
    return m.group("msg")


def _as_go_values(v: Any) -> Any:
    """Helm's values are JSON-decoded: every number is a float64."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, list):
        return [_as_go_values(x) for x in v]
    if isinstance(v, dict):
        return {k: _as_go_values(x) for k, x in v.items()}
    return v


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(_as_go_values(ref_values_yaml(VALUES)))


def _render_py(reader: Reader, expr: str) -> str:
    # Helm replaces "<no value>" in a rendered template with "".
    return rt.print_value(reader.run(expr)).replace("<no value>", "")


def check_all(tmp_path: Path, reader: Reader, exprs: list[str]) -> None:
    """Assert pyhelm renders every expression exactly as the reference does."""
    expected = _ref_outputs(tmp_path, exprs)
    mismatches = []
    for expr, want in zip(exprs, expected, strict=True):
        got = _render_py(reader, expr)
        if got != want:
            mismatches.append(f"{expr}\n   helm:   {want!r}\n   pyhelm: {got!r}")
    assert not mismatches, "\n".join(mismatches)


def check_errors(tmp_path: Path, reader: Reader, exprs: list[str]) -> None:
    """Assert each expression fails in pyhelm with the reference's message."""
    mismatches = []
    for k, expr in enumerate(exprs):
        want = _ref_error(tmp_path / str(k), expr)
        try:
            got = "no error: " + repr(reader.run(expr))
        except FuncError as err:
            got = str(err)
        if got != want:
            mismatches.append(f"{expr}\n   helm:   {want!r}\n   pyhelm: {got!r}")
    assert not mismatches, "\n".join(mismatches)


# ---------------------------------------------------------------------------
# print_value / %v of every kind of value

VALUE_EXPRS = [
    ".Values.i", ".Values.n", ".Values.z", ".Values.f", ".Values.nf", ".Values.big", ".Values.huge",
    ".Values.tiny", ".Values.e6", ".Values.ratio", ".Values.fz", '(float64 "inf")',
    '(float64 "-inf")', '(float64 "nan")', ".Values.s", ".Values.u", ".Values.e", ".Values.t", ".Values.fa",
    ".Values.nil", ".Values.missing", ".Values.l", ".Values.mixed", ".Values.el", ".Values.m",
    ".Values.nested", ".Values.em", "3", "-3", "3.0", "3.5", "1e6", "1e-7", "123456.0", "1234567.0",
    "0.0001", "0.00001", "1e20", "1e21", "100000000000000000000.0", "0x1F", "'a'", "1_000",
    "(.Files.GetBytes \"bin\")", "(.Files.GetBytes \"text\")", "true", "nil",
    "\"<no value>\"", "(index .Values.mixed 2)",
]


def test_print_value(tmp_path: Path, reader: Reader) -> None:
    # a bare {{ nil }} is a Go parse error ("nil is not a command")
    check_all(tmp_path, reader, [e for e in VALUE_EXPRS if e != "nil"])


def test_printf_v_forms(tmp_path: Path, reader: Reader) -> None:
    exprs = []
    for verb in ("%v", "%+v", "%#v", "%T", "%s", "%d", "%q", "%x", "%X", "%t", "%c", "%e", "%g", "%08.3v"):
        exprs.append(f'printf "{verb}" ' + " ".join([]))  # missing operand
        for value in VALUE_EXPRS:
            exprs.append(f'printf "{verb}|" {value}')
    check_all(tmp_path, reader, exprs)


# ---------------------------------------------------------------------------
# printf verbs, flags, width and precision

INT_VERBS = ["d", "x", "X", "o", "O", "b", "c", "q", "U", "v"]
FLOAT_VERBS = ["v", "e", "E", "f", "F", "g", "G", "x", "X", "b"]
STR_VERBS = ["s", "q", "x", "X", "v"]
FLAGS = ["", "+", "-", "#", "0", " ", "+0", "-0", "# ", "#0", " 0", "+#", "-#"]
WIDTHS = ["", "8", "1", "8.3", ".0", ".3", "12.1", "03"]


def _verb_cases(verbs: list[str], values: list[str]) -> list[str]:
    exprs = []
    for verb in verbs:
        for flag in FLAGS:
            for width in WIDTHS:
                spec = f"%{flag}{width}{verb}"
                exprs.append(f'printf "[{spec}]" ' + " | ".join([]) + " ".join(values[:1]))
                exprs.append('printf "' + "|".join([spec] * len(values)) + '" ' + " ".join(values))
    return exprs


def test_printf_integers(tmp_path: Path, reader: Reader) -> None:
    values = ["0", "5", "-5", "255", "-255", "65", "0x1F600", "1234567", "8", "0x7fffffff", "-9223372036854775807"]
    check_all(tmp_path, reader, _verb_cases(INT_VERBS, values))


def test_printf_floats(tmp_path: Path, reader: Reader) -> None:
    values = [
        "0.0", "1.0", "-1.5", "3.14159", "123456.789", "1e6", "1e-7", "0.000123", "2.5", "0.5", "1e21",
        "-0.0", '(float64 "inf")', '(float64 "-inf")', '(float64 "nan")', "9.999999", "5e-324", "1.7976931348623157e308",
    ]
    check_all(tmp_path, reader, _verb_cases(FLOAT_VERBS, values))


def test_printf_strings_and_bytes(tmp_path: Path, reader: Reader) -> None:
    values = [
        '""', '"ab"', '"héllo"', ".Values.emoji", ".Values.ctl", ".Values.nbsp", '"a`b"', '"q\\"uote"',
        '(.Files.GetBytes "bin")', '(.Files.GetBytes "text")', '"\\U0001F600\\u2028\\ufeff"',
    ]
    check_all(tmp_path, reader, _verb_cases(STR_VERBS, values))


def test_printf_bools_and_nil(tmp_path: Path, reader: Reader) -> None:
    check_all(tmp_path, reader, _verb_cases(["t", "v", "d", "s"], ["true", "false", "nil"]))


def test_printf_lists_and_maps_elementwise(tmp_path: Path, reader: Reader) -> None:
    values = [".Values.l", ".Values.mixed", ".Values.m", ".Values.nested", ".Values.el", ".Values.em", ".Values.ls"]
    verbs = ["v", "d", "s", "q", "x", "X", "f", "e", "g", "t", "c", "U", "o", "b"]
    exprs = []
    for verb in verbs:
        for flag in ["", "+", "#", "05", "-6", " ", ".1", "#x"[:1] + "5"]:
            exprs.append('printf "' + "|".join([f"%{flag}{verb}"] * len(values)) + '" ' + " ".join(values))
    check_all(tmp_path, reader, exprs)


def test_printf_errors_in_output(tmp_path: Path, reader: Reader) -> None:
    exprs = [
        'printf "%d" 1.5', 'printf "%d" .Values.f', 'printf "%s" 3', 'printf "%05d" 1.5', 'printf "%-5s|" 7',
        'printf "%d %d" 1', 'printf "%d" 1 2 "x" nil', 'printf "" 1', 'printf "x" nil', 'printf "%!"',
        'printf "%z" 1', 'printf "%"', 'printf "abc%"', 'printf "%5"', 'printf "%-"', 'printf "%.3"',
        'printf "%[2]d %[1]d" 1 2', 'printf "%[3]d" 1', 'printf "%[0]d" 1', 'printf "%[x]d" 1',
        'printf "%[1]d %d %d" 1 2', 'printf "%[2]*[1]d" 12 5', 'printf "%[1]2d" 3', 'printf "%[1].2d" 3',
        'printf "%*d|%-*d|%.*f|%*d" 5 1 5 1 2 3.14159 "x" 1', 'printf "%[1]*d" 3', 'printf "%.*d" -1 5',
        'printf "%*d" -5 1', 'printf "%*d" 10000000 1', 'printf "%.*f" 1.5 2.0', 'printf "%*d"',
        'printf "%.[2]*f" 2.0 3', 'printf "%%|%5%|%-%" 1', 'printf "%é" 1', 'printf "%[2]d" 1',
        'printf "%v %v" nil nil', 'printf "%T %T %T %T %T %T" 1 1.5 "s" true nil .Values.l',
        'printf "%T|%T|%T" .Values.m (.Files.GetBytes "bin") (index "abc" 1)', 'printf "%10T|%-10T|%.3T" 1 "s" .Values.m',
        'printf "%p" 1', 'printf "%s %d" (.Files.GetBytes "bin") (index "abc" 0)', 'printf "%#v %x" (index "abc" 0) (index "abc" 0)',
        'printf "%v" "%d"', 'printf "%d%%" 50', 'printf "%3c|%-4q|%#U|%#q" 0x4E16 0x4E16 0x4E16 0x4E16',
        'printf "%c|%q|%U" -1 0x110000 0xD800', 'printf "%+q|%#+q" "é😀" "é"', 'printf "%x|% x|%#x|% #x|% X" "hé" "hé" "hé" "hé" "hé"',
        'printf "%.1x|%10.2x|%-10x|%010x" "abc" "abc" "abc" "abc"', 'printf "%x" ""', 'printf "%5x|" ""',
        'printf "%06.2f|%-8.3e|%+.0f|%#.0f|%#g|%#.3g|%#x" 3.14159 1234.5 2.5 3.0 1.0 1.0 1.0',
    ]
    check_all(tmp_path, reader, exprs)


# ---------------------------------------------------------------------------
# print / println spacing


def test_print_and_println(tmp_path: Path, reader: Reader) -> None:
    exprs = [
        "print", "print 1", "print 1 2", 'print "a" "b"', 'print 1 "a" 2', 'print "a" 1 2 "b"',
        "print nil nil", 'print nil "a" nil', "print .Values.l .Values.m", 'print .Values.s .Values.i .Values.f',
        "print true false", 'print (.Files.GetBytes "bin") 1', "print 1.5 2.5 .Values.nil",
        "println", "println 1", 'println "a" "b"', "println 1 2 nil", "println .Values.mixed .Values.huge",
    ]
    check_all(tmp_path, reader, exprs)


# ---------------------------------------------------------------------------
# Truth


def test_is_true(tmp_path: Path, reader: Reader) -> None:
    exprs = []
    for value in VALUE_EXPRS:
        exprs.append(f"not {value}")
    check_all(tmp_path, reader, exprs)


# ---------------------------------------------------------------------------
# Comparisons

COMPARE_OK = [
    "eq 1 1", "eq 1 2", "eq 1 2 3 1", "eq 1.5 1.5", "eq .Values.f 1.5", "eq .Values.i 3.0", "eq \"a\" \"a\"",
    "eq \"a\" \"b\" \"a\"", "eq true true", "eq true false", "eq nil nil", "eq .Values.missing nil",
    "eq .Values.l nil", "eq nil .Values.m", "eq nil 1", "eq 1 nil", "eq \"\" nil", "eq .Values.nil .Values.missing",
    "eq 1 1 \"x\"", "eq (index \"abc\" 1) 98", "eq 98 (index \"abc\" 1)", "eq -1 (index \"abc\" 1)",
    'eq (float64 "nan") (float64 "nan")', "eq .Values.fz -0.0",
    "ne 1 2", "ne \"a\" \"a\"", "ne nil nil", "ne nil 1",
    "lt 1 2", "lt 2 1", "lt 1.5 2.5", "lt \"a\" \"b\"", "lt \"b\" \"a\"", "lt \"Z\" \"a\"", "lt \"é\" \"z\"",
    "lt (index \"abc\" 1) 99", "lt -1 (index \"abc\" 1)", "lt (index \"abc\" 1) -1",
    "le 1 1", "le 2 1", "le \"a\" \"a\"", "le .Values.f 1.5", "gt 2 1", "gt 1 1", "gt \"b\" \"a\"",
    "ge 1 1", "ge 0 1", "ge 2.5 2.5", 'lt (float64 "nan") 1.0', 'gt (float64 "inf") 1e308',
]

COMPARE_ERRORS = [
    "eq 1", "eq 1 1.0", "eq .Values.i 3", "eq 1 \"1\"", "eq \"a\" 1", "eq true 1", "eq 1 2 \"x\"",
    "eq .Values.l .Values.l", "eq .Values.m .Values.m", "eq .Values.l .Values.m", "eq .Values.mixed .Values.ls",
    "eq .Values.nested .Values.em", "eq (.Files.GetBytes \"text\") (.Files.GetBytes \"text\")",
    "eq .Values.l 1", "eq 1 .Values.l", "eq .Values.m \"a\"",
    "ne 1 1.0", "ne .Values.l .Values.l",
    "lt nil 1", "lt 1 nil", "lt true false", "lt .Values.l 1", "lt 1 .Values.m", "lt 1 1.5", "lt \"a\" 1",
    "le 1 1.5", "le nil nil", "gt true true", "gt 1 \"a\"", "ge .Values.l .Values.l", "ge 1.5 1",
]


def test_comparisons(tmp_path: Path, reader: Reader) -> None:
    check_all(tmp_path, reader, COMPARE_OK)


def test_comparison_errors(tmp_path: Path, reader: Reader) -> None:
    check_errors(tmp_path, reader, COMPARE_ERRORS)


# ---------------------------------------------------------------------------
# len / index


def test_len_and_index(tmp_path: Path, reader: Reader) -> None:
    exprs = [
        "len .Values.l", "len .Values.m", "len .Values.el", "len .Values.em", "len .Values.s", "len .Values.u",
        "len .Values.emoji", "len \"\"", "len (.Files.GetBytes \"bin\")", "len .Values.nested",
        "index .Values.l 0", "index .Values.l 2", "index .Values.m \"a\"", "index .Values.m \"zz\"",
        "index .Values.nested \"list\" 1 \"x\"", "index .Values.nested \"map\" \"inner\" 1",
        "index .Values.mixed 5 1", "index .Values \"s\"", "index .Values.l", "index .Values.s 1",
        "index .Values.u 1", "index .Values.u 2", "index (.Files.GetBytes \"bin\") 3", "index .Values.m \"10\"",
        "typeOf (index .Values.s 0)", "kindOf (index .Values.s 0)", "index .Values.mixed 2",
    ]
    check_all(tmp_path, reader, exprs)


def test_len_and_index_errors(tmp_path: Path, reader: Reader) -> None:
    exprs = [
        "len .Values.missing", "len 3", "len .Values.f", "len true",
        "index .Values.missing \"x\"", "index nil 1", "index .Values \"missing\" \"x\"", "index .Values.mixed 2 0",
        "index .Values.l 3", "index .Values.l 4", "index .Values.l -1", "index .Values.l 1.0", "index .Values.l nil",
        "index .Values.l \"0\"", "index .Values.l true", "index .Values.s 5", "index .Values.s 6", "index \"\" 0",
        "index (.Files.GetBytes \"bin\") 4", "index .Values 1", "index .Values nil", "index .Values 1.5",
        "index 3 1", "index .Values.f 0", "index true 0", "index .Values.l 0 0", "index .Values.m \"a\" \"b\"",
    ]
    check_errors(tmp_path, reader, exprs)


# ---------------------------------------------------------------------------
# html / js / urlquery


ESCAPE_ARGS = [
    ".Values.html", ".Values.u", ".Values.ctl", ".Values.emoji", ".Values.nbsp", '"a b&c=d/e?f+g~h_i.j-k"',
    '"\\x00\\x1f\\x7f"', '"\\u2028\\u2029\\u00ad"', '"\\\\ \\" = \' < > &"', "1", "1.5", "nil", "true",
    ".Values.l", ".Values.m", ".Values.missing", '"a" "b"', "1 2", '"a" 1 nil', "nil nil", '(.Files.GetBytes "bin")',
]


def test_html_js_urlquery(tmp_path: Path, reader: Reader) -> None:
    exprs = [f"{fn} {arg}" for fn in ("html", "js", "urlquery") for arg in ESCAPE_ARGS]
    check_all(tmp_path, reader, exprs)


def test_type_kind_and_tostring(tmp_path: Path, reader: Reader) -> None:
    exprs = [f"{fn} {value}" for fn in ("typeOf", "kindOf", "toString") for value in VALUE_EXPRS]
    check_all(tmp_path, reader, exprs)


# ---------------------------------------------------------------------------
# Struct-like objects: .Capabilities (a *common.Capabilities) rebuilt in Python


class GoStruct:
    """A struct-like test object as the engine's objects present themselves to the runtime."""

    def __init__(self, go_type: str, fields: dict[str, Any]) -> None:
        self.__go_type__ = go_type
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_fields"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __go_fields__(self) -> dict[str, Any]:
        return self._fields


class PtrStringerStruct(GoStruct):
    """A struct whose String method has a pointer receiver (like common.KubeVersion)."""

    __go_string_ptr__ = True

    def __go_string__(self) -> str:
        return self._fields["Version"]


class VersionSet(list):
    __go_type__ = "common.VersionSet"


@pytest.fixture(scope="module")
def caps_reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    import json

    root = tmp_path_factory.mktemp("caps")
    raw = ref_template(root, "{{ toJson .Capabilities }}")
    data = json.loads(raw)
    kv = data["KubeVersion"]
    hv = data["HelmVersion"]
    kube = PtrStringerStruct(
        "common.KubeVersion",
        {"Version": kv["Version"], "normalizedVersion": kv["Version"], "Major": kv["Major"], "Minor": kv["Minor"]},
    )
    helm = GoStruct(
        "version.BuildInfo",
        {
            "Version": hv.get("version", ""),
            "GitCommit": hv.get("git_commit", ""),
            "GitTreeState": hv.get("git_tree_state", ""),
            "GoVersion": hv.get("go_version", ""),
            "KubeClientVersion": hv.get("kube_client_version", ""),
        },
    )
    caps = GoStruct(
        "*common.Capabilities",
        {"KubeVersion": kube, "APIVersions": VersionSet(data["APIVersions"]), "HelmVersion": helm},
    )
    return Reader(_as_go_values(ref_values_yaml(VALUES)), caps)


def test_structs(tmp_path: Path, caps_reader: Reader) -> None:
    kv, hv, caps = ".Capabilities.KubeVersion", ".Capabilities.HelmVersion", ".Capabilities"
    exprs = [kv, hv, caps, f"{kv}.Major", f"print {kv} 1", f"print {caps}", f"toString {kv}"]
    for verb in ("%v", "%+v", "%#v", "%T", "%s", "%d", "%q", "%x", "%10.3v"):
        exprs += [f'printf "{verb}" {x}' for x in (kv, hv, caps, f"{caps}.APIVersions")]
    exprs += [f"typeOf {x}" for x in (kv, caps, f"{caps}.APIVersions")]
    exprs += [f"kindOf {x}" for x in (kv, caps, f"{caps}.APIVersions")]
    exprs += [f"eq {caps} {caps}", f"eq {kv} {kv}", f"eq {hv} {hv}", f"eq {kv} nil", f"len {caps}.APIVersions"]
    exprs += [f"index {caps}.APIVersions 1", f"not {caps}", f"not {kv}"]
    check_all(tmp_path, caps_reader, exprs)


def test_struct_errors(tmp_path: Path, caps_reader: Reader) -> None:
    kv, caps = ".Capabilities.KubeVersion", ".Capabilities"
    exprs = [
        f"len {caps}",
        f"len {kv}",
        f"index {caps} 0",
        f"index {kv} 0",
        f"eq {caps}.APIVersions {caps}.APIVersions",
        f"eq {kv} 1",
        f"eq {caps} {kv}",
        f"lt {kv} {kv}",
    ]
    check_errors(tmp_path, caps_reader, exprs)


# ---------------------------------------------------------------------------
# go_slice: Helm shadows text/template's builtin ``slice`` with Sprig's, so the
# reference cannot run it; these expectations restate Go's documented rules
# (``slice x 1 2`` is ``x[1:2]``; strings slice by byte offsets).


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (([1, 2, 3],), [1, 2, 3]),
        (([1, 2, 3], 1), [2, 3]),
        (([1, 2, 3], 1, 2), [2]),
        (([1, 2, 3], 0, 1, 2), [1]),
        (([1, 2, 3], 3), []),
        (("héllo", 1, 3), "é"),
        ((b"abc", 1), b"bc"),
    ],
)
def test_go_slice(args: tuple, want: Any) -> None:
    assert rt.go_slice(*args) == want


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((None,), "slice of untyped nil"),
        (([1], 0, 1, 1, 1), "too many slice indexes: 4"),
        (("abc", 0, 1, 2), "cannot 3-index slice a string"),
        ((3, 0), "can't slice item of type int"),
        (({"a": 1}, 0), "can't slice item of type map[string]interface {}"),
        (([1, 2], 2, 1), "invalid slice index: 2 > 1"),
        (([1, 2], 0, 2, 1), "invalid slice index: 2 > 1"),
        (([1, 2], 3), "index out of range: 3"),
        (([1, 2], -1), "index out of range: -1"),
        (([1, 2], 1.0), "cannot index slice/array with type float64"),
        (([1, 2], None), "cannot index slice/array with nil"),
    ],
)
def test_go_slice_errors(args: tuple, message: str) -> None:
    with pytest.raises(FuncError) as err:
        rt.go_slice(*args)
    assert str(err.value) == message


# ---------------------------------------------------------------------------
# Seeded random combinations: printf formats and comparisons over many operands

RANDOM_OPERANDS = [e for e in VALUE_EXPRS if e != '"<no value>"'] + [
    "0.5", "2.5", "-1.5", "1e100", "1e-100", "123.456", "999999.5", "-7", "'x'", "0x10FFFF", '"a b"',
    ".Values.pi", ".Values.ratio", '(index "abc" 1)', ".Values.ls",
]  # fmt: skip


def _random_spec(rnd: random.Random) -> str:
    flags = "".join(rnd.choice("+-# 0") for _ in range(rnd.randint(0, 3)))
    index = rnd.choice(["", "", "", "[1]", "[2]", "[9]"])
    width = rnd.choice(["", "", str(rnd.randint(0, 15)), "*"])
    prec = rnd.choice(["", "", "." + str(rnd.randint(0, 12)), ".", ".*"])
    return "%" + flags + index + width + prec + rnd.choice("vdsqxXoObeEfFgGtcUTpw%z")


def test_printf_random(tmp_path: Path, reader: Reader) -> None:
    rnd = random.Random(20240611)
    exprs = []
    for _ in range(1500):
        n = rnd.randint(1, 3)
        fmt = "|".join(_random_spec(rnd) for _ in range(n))
        args = [rnd.choice(RANDOM_OPERANDS) for _ in range(rnd.randint(0, n + 1))]
        if "p" in fmt:  # %p of a reference type prints an address: keep to basic operands
            args = [a for a in args if not a.startswith((".Values.l", ".Values.m", ".Values.n", ".Values.e", "(."))]
        exprs.append(f'printf "{fmt}" ' + " ".join(args))
    check_all(tmp_path, reader, exprs)


def test_print_random(tmp_path: Path, reader: Reader) -> None:
    rnd = random.Random(7)
    exprs = []
    for _ in range(300):
        fn = rnd.choice(["print", "println"])
        exprs.append(fn + " " + " ".join(rnd.choice(RANDOM_OPERANDS) for _ in range(rnd.randint(0, 4))))
    check_all(tmp_path, reader, exprs)


def test_comparisons_random(tmp_path: Path, reader: Reader) -> None:
    rnd = random.Random(11)
    operands = [
        "1", "2", "-1", "1.5", ".Values.i", ".Values.f", '"a"', '"b"', '""', "true", "false", "nil",
        ".Values.missing", ".Values.l", ".Values.em", '(index "abc" 0)', '(index "abc" 2)',
    ]  # fmt: skip
    ok, failing = [], []
    for _ in range(400):
        fn = rnd.choice(["eq", "ne", "lt", "le", "gt", "ge"])
        nargs = rnd.randint(2, 4) if fn == "eq" else 2
        expr = fn + " " + " ".join(rnd.choice(operands) for _ in range(nargs))
        try:
            reader.run(expr)
            ok.append(expr)
        except FuncError:
            failing.append(expr)
    check_all(tmp_path, reader, ok)
    check_errors(tmp_path, reader, failing[:60])


def test_unicode_printability(tmp_path: Path) -> None:
    """``js``, ``%q`` and ``%+q`` agree with Go's unicode.IsPrint over a wide sample of code points."""
    cps = [c for c in range(0x80, 0x32400, 11) if not 0xD800 <= c <= 0xDFFF]
    cps += list(range(0x80, 0x700)) + list(range(0x1FA70, 0x1FB00)) + [0x2EBF0, 0x2FFC, 0x31EF, 0xE0001, 0x10FFFD]
    chunks = [cps[i : i + 250] for i in range(0, len(cps), 250)]
    body = ""
    for chunk in chunks:
        lit = "".join(f"\\U{c:08x}" for c in chunk)
        body += f'{{{{ js "{lit}" }}}}{SEP}{{{{ printf "%q|%+q|%#U" "{lit}" "{lit}" {chunk[-1]} }}}}{SEP}'
    out = ref_template(tmp_path, body).split(SEP)
    bad = []
    for i, chunk in enumerate(chunks):
        text = "".join(map(chr, chunk))
        if rt.js_escape(text) != out[2 * i]:
            bad.append(f"js {chunk[0]:#x}..{chunk[-1]:#x}")
        if rt.sprintf("%q|%+q|%#U", text, text, chunk[-1]) != out[2 * i + 1]:
            bad.append(f"%q {chunk[0]:#x}..{chunk[-1]:#x}")
    assert not bad, bad


def test_sized_integers(tmp_path: Path, reader: Reader) -> None:
    i64, u8 = "(add 1 2)", '(index "abc" 1)'
    exprs = [f"typeOf {i64}", f"kindOf {i64}", i64, f"print {i64} {u8}", f"eq {i64} 3", f"lt {i64} 4", f"eq {i64} {u8}"]
    exprs += [f'printf "%v|%d|%x|%#v|%T|%c|%q|%U|%5.3d|%s" {x} {x} {x} {x} {x} {x} {x} {x} {x} {x}' for x in (i64, u8)]
    check_all(tmp_path, reader, exprs)
    check_errors(tmp_path, reader, [f"eq {i64} 3.0", f"lt {u8} 1.5"])


class SemverLike:
    """Stands for Masterminds' *semver.Version: a pointer whose String() prints the normal form."""

    __go_type__ = "*semver.Version"

    def __init__(self, text: str) -> None:
        parts = (text.lstrip("v").split(".") + ["0", "0"])[:3]
        self.text = ".".join(parts)

    def __go_string__(self) -> str:
        return self.text


def test_stringer(tmp_path: Path, reader: Reader) -> None:
    v = '(semver "v1.2")'
    exprs = [v, f"print {v} 1 {v}", f"println {v}", f"toString {v}", f"typeOf {v}", f"kindOf {v}", f"not {v}"]
    exprs += [f'printf "%v|%s|%q|%x|%X|%10s|%-8v|%.2s|%T" {v} {v} {v} {v} {v} {v} {v} {v} {v}']
    exprs += [f"html {v}", f"js {v} 1", f"urlquery {v}"]
    check_all(tmp_path, reader, exprs)
