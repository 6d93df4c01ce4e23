"""Differential tests of pyhelm.strvals against Helm's strvals (the reference)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python as helm
import pytest

from pyhelm.strvals import parser as strvals

CASES = [
    "a=1",
    "a=1,b=2",
    "a.b=c",
    "a[0]=x",
    "a={x,y}",
    "a",
    "a,",
    "a=",
    "a.b",
    "a[1].b=1",
    "name1.name2=value1,name1.name3=value3",
    "a=0,b=01,c=-1,d=1.5,e=TRUE,f=Null,g=9999999999999999999999,h=+5,i=1e3,j=0x10",
    "a=9223372036854775807,b=9223372036854775808,c=-9223372036854775808",
    "a\\.b=1",
    "a=x\\,y",
    "a[0][1]=2",
    "a[-1]=1",
    "a[70000]=1",
    "a[65536]=1",
    "a[x]=1",
    "a[0]b=1",
    "a={1,2",
    "a=1,a=2",
    "a.b=1,a=2",
    "a=2,a.b=1",
    "=1",
    "a..b=1",
    " a = b ",
    "a[0]=1,a.b=2",
    "a.b=1,a[0]=2",
    "x." + "y." * 29 + "z=1",
    "x." + "y." * 30 + "z=1",
    "a={}",
    "a={,}",
    "a={a,b},c=1",
    "a[0]={x}",
    "a=null",
    "a[0]=null",
    "a.b=null",
    "a[0",
    "a[",
    "a.",
    "a[0].",
    "a[0][",
    "a[0]",
    "a[0][1",
    "b=1,a[0",
    "x.a[0",
    "a=1,b.",
    "a[0]=",
    "a[0]={1,2",
    "a[0].b=",
    "a=1,,b=2",
    ",a=1",
    "a.b=1,a.c",
    "a[0]=1,a=null,a[1]=2",
    "a=null,a.b=1",
    "a.b=1,a[0].c=2",
    "a={b}c",
    "a=\\",
    "\\=x",
    "a[1]=1,a[0]=2",
    "a[2].b=1,a[1].c=2,a[2].d=3",
    "a[0][1]=1,a[0][0]=2",
    "a=é,ö=1",
    "a[01]=1",
    "a[+1]=1",
    "a[ 1]=1",
    "a[0]b=1,c=2",
    "a[0]\nb=1",
    "a=x\ny",
    "a\\[0]=1",
    "a=\\{x,y}",
    "a={x\\,y,z}",
    "a={x,y},b",
    "a={x}y=2",
    "a=true,b=false,c=nuLL",
    "a[0][0][0]=1",
    "a[1][0]=1,a[0]=2",
    "a=[1,2]",
    "a=1x",
    'a=[1,2],b={"c":null}',
    'a= ,b="x"',
    "a=x",
    'a="x',
    "a=01",
    "a.b=tru",
    'a={"x":1} , b=2',
    "a=NaN",
    "a=1.5e3",
    "a=12345678901234567890",
    '{"a":1}',
    'a="\\u00e9"',
    'a.b[1]="z"',
    "a=[1,",
    'a={"x"}',
    'a={"x":1,}',
    "a=trux",
    "a=nul",
    "a=-",
    "a=-x",
    "a=[-]",
    "a=[1 2]",
    'a={"k":[true,false,null,"s",1.5]}',
    "a[0].b[1].c=1,a[0].b[0]=2",
]


def _norm(value: Any) -> Any:
    """Compare through JSON's eyes: every number as float (the reference returns JSON)."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _outcome(func, text: str) -> Any:
    try:
        return _norm(func(text))
    except (helm.HelmError, strvals.StrvalsError) as err:
        return "ERROR: " + str(err)


PAIRS = [
    (helm.parse_set_string, strvals.parse_set),
    (helm.parse_set_string_values, strvals.parse_set_string),
    (helm.parse_set_literal, strvals.parse_set_literal),
    (helm.parse_set_json, strvals.parse_json),
]


@pytest.mark.parametrize("ref, ours", PAIRS, ids=["set", "set-string", "set-literal", "set-json"])
def test_parser_table(ref, ours) -> None:
    mismatches = []
    for text in CASES:
        expected = _outcome(ref, text)
        got = _outcome(ours, text)
        if expected != got:
            mismatches.append((text, expected, got))
    assert not mismatches, "\n".join(f"{t!r}: ref={e!r} ours={g!r}" for t, e, g in mismatches)


def test_set_types_are_go_types() -> None:
    """--set integers are int64 (Python int), not float; the reference agrees on the JSON."""
    got = strvals.parse_set("a=5,b=-3,c=0,d=05")
    assert got == helm.parse_set_string("a=5,b=-3,c=0,d=05")
    assert [type(got[k]) for k in "abcd"] == [int, int, int, str]


def test_set_file(tmp_path: Path) -> None:
    (tmp_path / "f1.txt").write_text("hello\nworld")
    (tmp_path / "sub").mkdir()
    f1, missing, folder = tmp_path / "f1.txt", tmp_path / "nope", tmp_path / "sub"
    cases = [
        f"a={f1}",
        f"a={missing}",
        f"a={{{f1},{f1}}}",
        f"a[0]={f1}",
        f"a={folder}",
        "a=",
        f"x.y={f1},z={f1}",
    ]
    for text in cases:
        expected = _outcome(helm.parse_set_file, text)
        got = _outcome(lambda t: strvals.parse_set_file(t, strvals.read_file_text), text)
        assert got == expected, text


def test_parse_into_accumulates() -> None:
    """Several --set flags accumulate into one map, later flags overwriting earlier keys."""
    into: dict[str, Any] = {}
    strvals.parse_set("a.b=1,c={1,2}", into)
    strvals.parse_set("a.d=x,c[2]=3", into)
    strvals.parse_set_string("e=5", into)
    expected = helm.parse_set_string("a.b=1,c={1,2},a.d=x,c[2]=3")
    expected.update(helm.parse_set_string_values("e=5"))
    assert _norm(into) == _norm(expected)
