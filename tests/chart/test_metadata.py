"""Chart.yaml decoding, validation and JSON shape compared with the reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from _util import make_dir, my_load, ref_load

B = "apiVersion: v2\nname: x\nversion: 1.0.0\n"

CHART_YAMLS = [
    "name: x\nversion: 1.0.0\n",
    "apiVersion: v3\nname: x\nversion: 1.0.0\n",
    "apiVersion: v2\nversion: 1.0.0\n",
    "apiVersion: v2\nname: a/b\nversion: 1.0.0\n",
    "apiVersion: v2\nname: ..\nversion: 1.0.0\n",
    "apiVersion: v2\nname: .\nversion: 1.0.0\n",
    "apiVersion: v2\nname: /a\nversion: 1.0.0\n",
    "apiVersion: v2\nname: 'a\\b'\nversion: 1.0.0\n",
    'apiVersion: v2\nname: "x\\u0001"\nversion: 1.0.0\n',
    'apiVersion: v2\nname: "\\u0001"\nversion: 1.0.0\n',
    'apiVersion: v2\nname: "a\\tb"\nversion: 1.0.0\n',
    "apiVersion: v2\nname: y\nversion: 1.0.0\n",
    "apiVersion: v2\nname: x\n",
    "",
    "null\n",
    "foo\n",
    "- a\n",
    B + "---\nname: other\n",
    B + "type: foo\n",
    B + "type: library\n",
    B + "dependencies:\n- name: a\n  alias: a.b\n  repository: x\n",
    B + "dependencies:\n- name: a\n  repository: x\n- name: b\n  alias: a\n",
    B + "dependencies:\n- \n",
    B + "maintainers:\n- \n",
    B + "foo: [\n",
    B + "keywords: 3\n",
    B + "keywords: [1, 2.5, true, null, a]\nannotations:\n  a: 1\n  b: 2.50\n  c: null\n  '1': x\n",
    B + "annotations:\n  1: x\n",
    B + "annotations: [1]\n",
    B + "annotations: {a: [1]}\n",
    B + "deprecated: 'true'\n",
    B + "deprecated: yes\n",
    B + "deprecated: 1\n",
    B + "maintainers:\n- name: a\n  email: 1\n  foo: 2\n- {}\n",
    B + "maintainers: a\n",
    B + "maintainers: [{name: [1]}]\n",
    B + "maintainers: [{name: null}]\n",
    B + "dependencies: [1]\n",
    B + "dependencies: [{name: a, tags: 1}]\n",
    B + "dependencies: [{name: a, tags: [[1]]}]\n",
    B + "dependencies: [{name: a, enabled: 'x'}]\n",
    B + "dependencies: [{name: a, import-values: 1}]\n",
    B + "dependencies: [{name: a, Import-Values: [x]}]\n",
    B + "dependencies:\n- name: a\n  version: 1.0\n  tags: [1]\n  enabled: true\n  import-values: [a, {child: b, parent: c}, 1]\n- name: b\n",
    B + "keywords: 1\nsources: 2\n",
    "apiVersion: v2\nName: x\nversion: 1.0.0\n",
    "apiVersion: v2\nNAME: z\nname: x\nnAmE: w\nversion: 1.0.0\n",
    B + "appversion: 5\n",
    B + "tags: [a]\n",
    B + "tags: a\ncondition: b\nkubeVersion: '>=1'\nicon: i\nhome: h\nsources: [s]\ndescription: ' d\\u00a0e\\u2028f '\n",
    B + "a: &x 1\nappVersion: *x\n",
    B + "annotations: {1.5: x, true: y, null: z}\n",
    "apiVersion: v1\nname: x\nversion: 1.0.0\ndependencies: [{name: a, alias: 'a b'}]\n",
    B + "deprecated: .nan\n",
    B + "foo: .nan\n",
    B + "foo: -.inf\n",
    B + "dependencies: [{name: a, import-values: [.inf]}]\n",
    B + "dependencies: [{name: a, foo: .nan}]\n",
    B + "keywords: [.inf, .nan]\nannotations: {a: .nan}\n",
    B + "icon: !!binary aGVsbG8=\n",
    B + "foo: {null: 1}\n",
    B + "maintainers: [{1: x, name: y}]\n",
    B + "appVersion: !!str 1.0\n",
]

APP_VERSIONS = [
    "3.14159265358979", "0.1", "1.0e+3", "123456789012345678901", "-1", ".inf", "-.inf", ".nan", "~",
    "2001-12-14", "0o17", "0b101", "+1", "1:20", "[1]", "{a: 1}", "1234567.0", "123456789012", "0.00001",
    "1e-5", "20230101", "010", "0x1F", "1_000", "true", "n", "off", "1.10", "18446744073709551615", "-0.0", "16777217", "16777217.0",
]  # fmt: skip

VERSIONS = [
    "v1.0.0", "1.0.0-rc.1+b", "01.0.0", "1", "1e3", "'1.0'", "true", "1.2.3.4", "=1.0.0", "' 1.0.0'",
    "'1.0.0 '", "1.10", "0x10", "010", ".5", "1.5e-7", "1e20", "1.0.0-01", "1.0.0-0a", "1.0.0+01",
    "1.0.0-", "v", "1.2.3-alpha..1", "99999999999999999999.0.0",
]  # fmt: skip

CASES = (
    CHART_YAMLS
    + [B + f"appVersion: {v}\n" for v in APP_VERSIONS]
    + [f"apiVersion: v2\nname: x\nversion: {v}\n" for v in VERSIONS]
)


@pytest.mark.parametrize("chart_yaml", CASES)
def test_chart_yaml(tmp_path: Path, chart_yaml: str) -> None:
    chart_dir = make_dir(tmp_path / "c", {"Chart.yaml": chart_yaml})
    mine, ref = my_load(chart_dir), ref_load(chart_dir)
    assert mine.get("error") == ref.get("error")
    assert mine.get("metadata") == ref.get("metadata")


def test_template_chart_shape() -> None:
    from pyhelm.chart.metadata import parse_metadata, template_chart

    md = parse_metadata(B.encode() + b"maintainers: [{name: m}]\n")
    value = template_chart(md)
    assert list(value) == sorted(value)
    assert value["Maintainers"] == [{"Email": "", "Name": "m", "URL": ""}]
    assert value["IsRoot"] is True


TEMPLATE_CHART_YAML = """apiVersion: v2
name: mychart
version: 1.0.0
appVersion: "2.0"
description: d
kubeVersion: ">=1.20"
keywords: [a, b]
sources: [https://s]
maintainers:
- name: m
  email: e
- name: n
annotations:
  z: "1"
  a: "2"
"""

CHART_EXPRS = [
    "{{ .Chart }}",
    "{{ .Chart.Name }}-{{ .Chart.Version }}-{{ .Chart.AppVersion }}-{{ .Chart.APIVersion }}",
    "{{ .Chart.Maintainers }}",
    "{{ (index .Chart.Maintainers 0).Email }}",
    "{{ .Chart.Annotations.z }}{{ .Chart.IsRoot }}{{ .Chart.Deprecated }}",
    "{{ printf \"%T %T %T\" .Chart .Chart.Keywords .Chart.Maintainers }}",
    "{{ .Chart.KubeVersion }}|{{ .Chart.Dependencies }}|{{ .Chart.Sources }}",
]


def test_template_chart_through_the_engine(tmp_path: Path) -> None:
    """``.Chart`` as pyhelm's engine prints :func:`template_chart` equals what Helm's templates see."""
    from oracle import ref_render, write_chart

    from pyhelm.chart import loader
    from pyhelm.chart.metadata import template_chart
    from pyhelm.engine.environment import TemplateSet

    text = "\n".join(CHART_EXPRS)
    chart_dir = write_chart(tmp_path, {"t.yaml": text}, chart_yaml=TEMPLATE_CHART_YAML)
    ref = ref_render(chart_dir)["mychart/templates/t.yaml"]
    templates = TemplateSet()
    templates.add("t", text)
    mine = templates.execute("t", {"Chart": template_chart(loader.load(chart_dir).metadata)})
    assert mine == ref
