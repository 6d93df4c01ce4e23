"""Bad input through ``pyhelm template``: Helm's message on stderr, exit code 1, nothing on stdout.

Where the reference Helm words the error (chart loading, value parsing, rendering,
schema validation) the message is compared with the reference's; CLI-level wording
(flags, paths) follows Helm's ``pkg/cmd``.
"""

from __future__ import annotations

import contextlib
import io
import json

import helm_python
import pytest
from oracle import RefError, ref_render, ref_values_yaml, write_chart

from pyhelm.cli.main import main


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def ref_error(chart_dir, values=None) -> str:
    with pytest.raises(RefError) as caught:
        ref_render(chart_dir, values)
    return str(caught.value)


def assert_fails_with(argv: list[str], message: str) -> None:
    code, out, err = run_cli(argv)
    assert code == 1
    assert out == ""
    assert err == f"Error: {message}\n"


def test_malformed_chart_yaml(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"}, chart_yaml="apiVersion: v2\nname: mychart\nversion: [1\n")
    assert_fails_with(["template", str(chart)], ref_error(chart))


def test_chart_yaml_missing_version(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"}, chart_yaml="apiVersion: v2\nname: mychart\n")
    assert_fails_with(["template", str(chart)], ref_error(chart))


def test_malformed_chart_values_yaml(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"}, values="a: b: c\n")
    assert_fails_with(["template", str(chart)], ref_error(chart))


def test_malformed_values_file_names_the_file(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"})
    bad = tmp_path / "bad.yaml"
    bad.write_text("replicas: 1\n  image: [x\n")
    with pytest.raises(RefError) as caught:
        ref_values_yaml(bad.read_text())
    assert_fails_with(["template", str(chart), "-f", str(bad)], f"failed to parse {bad}: {caught.value}")


def test_missing_values_file(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"})
    missing = tmp_path / "missing.yaml"
    assert_fails_with(["template", str(chart), "-f", str(missing)], f"open {missing}: no such file or directory")


@pytest.mark.parametrize("flag", ["a[1000000]=1", "a.=1", "a[x]=1", "a=b,c", "name", "a[-1]=1"])
def test_bad_set_names_the_flag(tmp_path, flag) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"})
    with pytest.raises(helm_python.HelmError) as caught:
        helm_python.parse_set_string(flag)
    expected = f"failed parsing --set data: {caught.value}"
    assert_fails_with(["template", str(chart), "--set", flag], expected)


def test_missing_chart_path(tmp_path) -> None:
    missing = tmp_path / "no-such-chart"
    assert_fails_with(["template", "x", str(missing)], f'path "{missing}" not found')


def test_template_parse_error(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "a: 1\nb: {{ if }}\n"})
    assert_fails_with(["template", str(chart)], ref_error(chart))


def test_template_execution_error_with_position(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "a: 1\nb: {{ .Values.a.b.c }}\n"})
    message = ref_error(chart)
    assert "mychart/templates/a.yaml:2:" in message
    assert_fails_with(["template", str(chart)], message)


def test_missing_required_value(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": 'image: {{ required "image.tag is required" .Values.image.tag }}\n'},
                        values="image: {}\n")
    assert_fails_with(["template", str(chart)], ref_error(chart))


def test_schema_violation(tmp_path) -> None:
    schema = {"type": "object", "properties": {"replicas": {"type": "integer", "minimum": 1}}, "required": ["replicas"]}
    chart = write_chart(tmp_path, {"a.yaml": "r: {{ .Values.replicas }}\n"}, values="replicas: zero\n",
                        files={"values.schema.json": json.dumps(schema)})
    assert_fails_with(["template", str(chart)], ref_error(chart))


def test_invalid_yaml_output_suggests_debug(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "a: 1\n b: 2\n"})
    code, out, err = run_cli(["template", str(chart)])
    assert code == 1 and out == ""
    assert err.startswith("Error: YAML parse error on mychart/templates/a.yaml: ")
    assert err.endswith("\n\nUse --debug flag to render out invalid YAML\n")


def test_unknown_flag() -> None:
    code, out, err = run_cli(["template", "--no-such-flag", "x"])
    assert (code, out, err) == (1, "", "Error: unknown flag: --no-such-flag\n")


def test_release_name_invalid(tmp_path) -> None:
    chart = write_chart(tmp_path, {"a.yaml": "x: 1\n"})
    try:
        helm_python.validate_release_name("Bad_Name")
    except helm_python.HelmError:
        pass
    else:
        pytest.fail("the reference accepted an invalid release name")
    code, out, err = run_cli(["template", "Bad_Name", str(chart)])
    assert code == 1 and out == ""
    assert err.startswith('Error: release name "Bad_Name": invalid release name')
