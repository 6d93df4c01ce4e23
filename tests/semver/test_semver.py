"""Masterminds semver v3: pyhelm.semver against the reference Helm's sprig functions.

Versions × constraints are checked with ``semverCompare`` in one reference render
and with :class:`pyhelm.semver.Constraints`; version parsing with ``semver``.
"""

from __future__ import annotations

import json

import pytest
from oracle import ref_template

from pyhelm.semver import Constraints, SemverError, Version

VERSIONS = [
    "0.0.0", "0.0.1", "0.0.2", "0.1.0", "0.1.5", "0.2.0", "1.0.0-alpha", "1.0.0-alpha.1",
    "1.0.0-beta", "1.0.0-0", "1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.3", "1.2.3-beta.2",
    "1.2.4", "1.3.0", "1.5.0-rc.1", "1.9.9", "2.0.0-0", "2.0.0", "2.1.0", "2.3.0", "3.0.0",
    "3.1.4+build.7", "4.0.0-alpha", "11.1.0", "12.0.0", "v1.2", "1", "01.02.03",
]

CONSTRAINTS = [
    "1.2.3", "=1.2.3", "!=1.2.3", "!=1.2", "!=1.x", "!= 1.2.x", ">1.2.3", ">1.2", ">1", ">11", ">11.1",
    "<1.2.3", "<2", "<2.x", ">=1.2.3", ">=1.2", "=>1.2", "<=1.2.3", "<=1.2", "<=1", "=<1.2.x",
    "~1.2.3", "~1.2", "~1", "~>1.2", "~0", "~0.0.0", "~*", "^1.2.3", "^1.2", "^1", "^0.2.3",
    "^0.2", "^0.0.3", "^0.0", "^0", "^*", "^1.x", "^0.x", "*", "x", "X", "1.x", "1.2.x", "1.*.*",
    ">=1.2 <2", ">= 1.2, < 2", ">1.0.0-beta.1 <2", "1.2 - 2.3", "1.2.3 - 2", "1.0.0-alpha - 1.0.0",
    ">=1.0.0-0", ">=2.0.0-0 <3", "~1.2.3-beta", "^1.0.0-alpha", ">1.0.0-alpha", "<1.0.0-beta",
    "1.2.3 || 2.x", ">3 || <1", "^1.2 || ^2.1 || ^4.0.0-0", ">=1.0.0-alpha <1.0.0 || >3",
    "1.0.0-alpha", "!=1.0.0-alpha", "!=1.2.3-beta.2", ">=v1.2.0 <=v2", "=1", "1.2.3-beta.2",
    "~1.2.3-alpha", "<=1.2.3-beta.10", "1 2", ">1,<2", ">= 1.2.3, <= 1.2.3",
]


def _q(text: str) -> str:
    return json.dumps(text)


def test_constraint_table_matches_reference(tmp_path):
    lines = [
        f"{{{{ semverCompare {_q(c)} {_q(v)} }}}}" for c in CONSTRAINTS for v in VERSIONS
    ]
    ref = ref_template(tmp_path, "\n".join(lines)).split("\n")
    assert len(ref) == len(lines), ref[:3]
    mismatches = []
    for i, (c, v) in enumerate((c, v) for c in CONSTRAINTS for v in VERSIONS):
        ours = "true" if Constraints.parse(c).check(Version.parse(v)) else "false"
        if ours != ref[i]:
            mismatches.append((c, v, ref[i], ours))
    assert mismatches == []


def test_limits_accepted_by_reference(tmp_path):
    text = " || ".join(["1.0.0"] * 32)
    assert ref_template(tmp_path, '{{ semverCompare .Values.c "1.0.0" }}', "c: " + json.dumps(text)) == "true"
    assert Constraints.parse(text).check("1.0.0")


def test_validate_agrees_with_check():
    for c in CONSTRAINTS:
        cons = Constraints.parse(c)
        for v in VERSIONS:
            ok, reasons = cons.validate(v)
            assert ok == cons.check(v), (c, v)
            assert (reasons == []) == ok


PARSE_CASES = [
    "1.2.3", "v1.2.3", "1.2", "1", "v1", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-0a",
    "1.2.3-alpha..1", "1.2.3+meta..x", "1.2.3-beta+build.1", "1.2.3.4", "", "x", "1.2.3-", "1.2.3+",
    "99999999999.0.0", " 1.2.3", "1.2.3 ", "V1.2.3", "1.2.x", "1.2.3-be_ta", "=1.2.3", "1.2.3-00",
    "1.2.3-0", "0.0.0", "1..2", "1.2.3-a.01", "18446744073709551616", "1.2.3\n", "1.0.0+001",
    "1.0.0-" + "a" * 250, "1.0.0-" + "a" * 251,
]


def _ours_semver(text: str) -> str:
    try:
        v = Version.parse(text)
    except SemverError as err:
        return f"ERR {err}"
    return "|".join(str(x) for x in (v.String(), v.major, v.minor, v.patch, v.prerelease, v.metadata, v.original))


def test_version_parsing_matches_reference(tmp_path):
    body = (
        '{{ range .Values.vs }}{{ $v := semver . }}{{ $v }}|{{ $v.Major }}|{{ $v.Minor }}|{{ $v.Patch }}|'
        "{{ $v.Prerelease }}|{{ $v.Metadata }}|{{ $v.Original }}\n{{ end }}"
    )
    good = [t for t in PARSE_CASES if not _ours_semver(t).startswith("ERR")]
    ref = ref_template(tmp_path / "ok", body, "vs: " + json.dumps(good))
    assert ref.split("\n")[:-1] == [_ours_semver(t) for t in good]
    for text in PARSE_CASES:
        ours = _ours_semver(text)
        if not ours.startswith("ERR"):
            continue
        out = ref_template(tmp_path / f"e{PARSE_CASES.index(text)}", "{{ semver .Values.v }}", "v: " + json.dumps(text))
        assert out.startswith("ERROR: "), text
        assert out.endswith("error calling semver: " + ours[4:]), (text, out)


@pytest.mark.parametrize(
    "text",
    ["", " ", "foo", ">1..2", ">=1.2.3 ||", "|| 1.2", "1.2 || foo ", "^1.2.3,,1", "1.2,", "1.2 - 2.3 - 4",
     ">=1 - 2", "1.0.0-01", "1.2 -2.3", "1.2.3.4", "1.|.3", ">=1.0.0 " * 64 + "<2", " || ".join(["1"] * 33),
     "1.0.0-" + "a" * 300, "~1-" + "b" * 255],
)
def test_constraint_errors_match_reference(tmp_path, text):
    out = ref_template(tmp_path, '{{ semverCompare .Values.c "1.0.0" }}', "c: " + json.dumps(text))
    with pytest.raises(SemverError) as err:
        Constraints.parse(text)
    assert out.endswith("error calling semverCompare: " + str(err.value)), out


def test_ordering_and_strict():
    ordered = ["1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
               "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
    parsed = [Version.parse(t) for t in ordered]
    assert sorted(reversed(parsed)) == parsed
    assert Version.parse("1.0.0+a") == Version.parse("1.0.0+b")
    assert str(Version.parse("v1.2")) == "v1.2"
    assert Version.parse_strict("1.2.3-rc.1+m").String() == "1.2.3-rc.1+m"
    for bad, msg in [("v1.2.3", "invalid characters in version"), ("1.2", "invalid semantic version"),
                     ("01.2.3", "version segment starts with 0"), ("", "version string empty")]:
        with pytest.raises(SemverError, match=msg):
            Version.parse_strict(bad)
