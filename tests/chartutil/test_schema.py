"""values.schema.json validation messages compared with Helm's (santhosh-tekuri/jsonschema v6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
from chartload import load_chart
from oracle import RefError, ref_render, write_chart
from testpaths import SHARED

from pyhelm.chartutil import schema as chartschema
from pyhelm.chartutil.dependencies import process_dependencies
from pyhelm.chartutil.values import coalesce_values


def canonical(report: str) -> Any:
    """The report as a tree with sorted siblings: Helm lists properties in Go's random map order.

    Lines before the first ``- at`` item (chart names, the metaschema header) stay in place.
    """
    lines = report.rstrip("\n").split("\n")
    head = []
    while lines and not lines[0].startswith(("-", " ")):
        head.append(lines.pop(0))
    if head:
        return head, canonical("\n".join(lines)) if lines else []

    def build(i: int, depth: int) -> tuple[list, int]:
        nodes = []
        while i < len(lines):
            line = lines[i]
            level = (len(line) - len(line.lstrip(" "))) // 2
            if level < depth:
                break
            i += 1
            children, i = build(i, depth + 1)
            nodes.append((line.strip(), children))
        return sorted(nodes, key=repr), i

    return build(0, 0)[0]


def ref_report(chart_dir: Path, values: dict[str, Any]) -> str:
    chart = helm.Chart.load(str(chart_dir))
    try:
        chart.validate_schema(values)
        return ""
    except helm.HelmError as err:
        return str(err)
    finally:
        chart.close()


def ours_report(chart_dir: Path, values: dict[str, Any]) -> str:
    chart = load_chart(chart_dir)
    return chartschema.schema_errors(chart, coalesce_values(chart, values))


D7 = "http://json-schema.org/draft-07/schema#"
CASES: dict[str, tuple[Any, list[dict[str, Any]]]] = {
    "draft7-keywords": (
        {
            "$schema": D7,
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 5},
                "replicas": {"type": "integer", "minimum": 1, "maximum": 3},
                "mode": {"enum": ["a", "b"]},
                "c": {"const": 5},
                "list": {
                    "type": "array",
                    "items": {"type": "string"},
                    "minItems": 1,
                    "uniqueItems": True,
                    "maxItems": 2,
                },
                "obj": {
                    "type": "object",
                    "properties": {"x": {"type": "number", "multipleOf": 2, "exclusiveMinimum": 0}},
                    "required": ["x", "y"],
                },
                "f": {"type": "string", "format": "email"},
                "any": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "one": {"oneOf": [{"type": "string"}, {"minLength": 1}]},
                "not": {"not": {"type": "string"}},
                "dep": {"type": ["string", "null"]},
            },
        },
        [
            {"name": "abc"},
            {"name": 5, "replicas": "2"},
            {
                "name": "ABCDEFG",
                "replicas": 7,
                "mode": "z",
                "c": 4,
                "extra": 1,
                "list": [1, 1, "a"],
                "obj": {"x": 3},
                "f": "nope",
                "any": 1.5,
                "one": "x",
                "not": "s",
                "dep": 3,
            },
            {"name": "a", "replicas": 0, "list": [], "obj": {"x": -2, "y": 1}},
            {"name": "abc", "replicas": 1.5},
            {"name": "abc", "obj": "str"},
            {"name": 'it\'s\n"q"'},
        ],
    ),
    "default-draft-keywords": (
        {
            "definitions": {"pos": {"type": "integer", "minimum": 1}},
            "properties": {
                "r": {"$ref": "#/definitions/pos"},
                "s": {"allOf": [{"type": "string"}, {"minLength": 3}]},
                "t": {"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"minimum": 5}},
                "u": {"additionalProperties": {"type": "string"}, "properties": {"k": {}}},
                "w": {"minProperties": 2, "maxProperties": 1, "propertyNames": {"pattern": "^[a-z]$"}},
                "d": {"dependencies": {"a": ["b", "c"]}},
                "z": {"const": {"a": [1, "x"]}},
                "e": {"enum": [1, "two", None, True, {"a": 1}, [1]]},
                "e2": {"enum": [1, "two", None, True]},
                "n": {
                    "type": "object",
                    "properties": {"m": {"type": "object", "properties": {"o": {"type": "integer"}}}},
                },
                "b": False,
                "one": {"oneOf": [{"type": "integer"}, {"type": "boolean"}]},
                "ms": {"multipleOf": 0.1},
                "big": {"maximum": 1e21},
                "req": {"required": ["a", "b", "c"]},
                "pp": {"patternProperties": {"^x": {"type": "integer"}}},
            },
        },
        [
            {
                "r": 0,
                "s": 5,
                "t": "ab",
                "u": {"k": 1, "l": 2, "m": "x"},
                "w": {"A": 1, "bb": 2},
                "d": {"a": 1},
                "z": {"a": [1]},
                "e": "x",
                "e2": 2.5,
                "n": {"m": {"o": "s"}},
                "b": 1,
                "one": "s",
                "ms": 0.3,
                "big": 2e21,
                "req": {"b": 1},
                "pp": {"xa": "s"},
            },
            {"r": "x", "s": "ab", "t": 3},
            {"t": "abc", "z": {"a": [1, "x"]}, "e": {"a": 1}},
        ],
    ),
    "draft2020": (
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": {"pos": {"type": "integer", "minimum": 1}},
            "properties": {
                "r": {"$ref": "#/$defs/pos", "maximum": 0},
                "f": {"format": "email"},
                "pi": {"prefixItems": [{"type": "string"}], "items": False},
                "un": {"properties": {"a": {}}, "unevaluatedProperties": False},
                "dr": {"dependentRequired": {"a": ["b"]}},
                "c": {"contains": {"type": "string"}, "minContains": 2},
                "c2": {"contains": {"type": "string"}, "maxContains": 1},
                "c3": {"contains": {"type": "string"}},
            },
        },
        [
            {
                "r": 0,
                "f": "nope",
                "pi": [1, 2],
                "un": {"a": 1, "b": 2},
                "dr": {"a": 1},
                "c": [1, "x"],
                "c2": ["a", "b"],
                "c3": [1, 2],
            }
        ],
    ),
    "draft4": (
        {
            "$schema": "http://json-schema.org/draft-04/schema#",
            "properties": {
                "r": {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
                "f": {"format": "email"},
            },
        },
        [{"r": 1, "f": "nope"}, {"r": 2, "f": "a@b"}],
    ),
    "refs": (
        {
            "$defs": {
                "p": {"type": "object", "required": ["a", "b"], "properties": {"c": {"type": "string"}}},
                "m": {"minimum": 5},
                "x": {"type": "string"},
            },
            "properties": {
                "r": {"$ref": "#/$defs/p", "maxProperties": 0},
                "q": {"$ref": "#/$defs/m", "maximum": 0},
                "a": {"allOf": [{"$ref": "#/$defs/x"}]},
                "u": {"$ref": "urn:example:unresolved"},
            },
        },
        [{"r": {"c": 1}, "q": 3, "a": 1, "u": 1}, {"q": 3}],
    ),
    "draft7-refs-and-items": (
        {
            "$schema": D7,
            "definitions": {
                "p": {"type": "object", "required": ["a", "b"], "properties": {"c": {"type": "string"}}}
            },
            "properties": {
                "r": {"$ref": "#/definitions/p"},
                "i": {"items": [{"type": "string"}], "additionalItems": False},
                "j": {"items": {"type": "string"}},
            },
        },
        [{"r": {"c": 1}, "i": [1, "x", 2], "j": [1, "x", 2]}],
    ),
    "numbers": (
        {
            "properties": {
                **{f"v{i}": {"maximum": -1e15} for i in range(13)},
                "s": {"maxLength": 1},
                "l": {"minItems": 1500},
            }
        },
        [
            {
                **{
                    f"v{i}": v
                    for i, v in enumerate(
                        [
                            123456,
                            1234567,
                            1000000,
                            999999.5,
                            0.0001,
                            0.00001,
                            -1234.5,
                            1e21,
                            12345.678,
                            100,
                            1e100,
                            -0.5,
                            3.0000001,
                        ]
                    )
                },
                "s": "x" * 1234,
                "l": [],
            }
        ],
    ),
    **{
        f"schema-url-{i}": (
            {
                "$schema": url,
                "properties": {
                    "f": {"format": "email"},
                    "d": {"dependentRequired": {"a": ["b"]}},
                    "t": {"if": {"type": "string"}, "then": {"minLength": 3}},
                    "dep": {"dependencies": {"a": ["c"]}},
                },
            },
            [{"f": "nope", "d": {"a": 1}, "t": "x", "dep": {"a": 1}}],
        )
        for i, url in enumerate(
            [
                "http://json-schema.org/schema#",
                "https://json-schema.org/draft-07/schema#",
                "http://json-schema.org/draft-07/schema",
                "http://json-schema.org/draft-06/schema#",
                "http://json-schema.org/draft-04/schema",
                "https://json-schema.org/draft/2019-09/schema",
            ]
        )
    },
    "root-errors": ({"required": ["zz"], "minProperties": 3}, [{}, {"zz": 1}]),
    "formats-draft7": (
        {
            "$schema": D7,
            "properties": {
                "a": {"format": "date-time"},
                "b": {"format": "ipv4"},
                "c": {"format": "uri"},
                "d": {"format": "unknown-format"},
            },
        },
        [{"a": "x", "b": "1.2.3", "c": "x y", "d": "anything"}],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_schema_messages(name: str, tmp_path: Path) -> None:
    schema, values_list = CASES[name]
    chart_dir = write_chart(tmp_path, {"t.yaml": "x"}, files={"values.schema.json": json.dumps(schema)})
    for values in values_list:
        assert canonical(ours_report(chart_dir, values)) == canonical(ref_report(chart_dir, values)), values


BAD_SCHEMA_PROPS = {
    "a": {"enum": [1, 1]},
    "b": {"enum": []},
    "c": {"required": ["x", "x"]},
    "d": {"required": []},
    "e": {"type": []},
    "f": {"format": 5},
    "g": {"pattern": "("},
    "h": {"pattern": "a**"},
    "i": {"pattern": "[a-"},
    "j": {"pattern": "a)"},
    "k": {"minLength": -1},
    "l": {"type": "nonsense"},
    "m": {"items": {"type": 3}},
    "n": {"minimum": "x"},
}


@pytest.mark.parametrize(
    "draft",
    [
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-07/schema#",
        "https://json-schema.org/draft/2019-09/schema",
        None,
    ],
)
def test_invalid_schema_against_metaschema(draft: str | None, tmp_path: Path) -> None:
    """A schema breaking its draft's metaschema: Helm's compile error, tree for tree."""
    schema: dict[str, Any] = {"properties": BAD_SCHEMA_PROPS}
    if draft:
        schema["$schema"] = draft
    chart_dir = write_chart(tmp_path, {"t.yaml": "x"}, files={"values.schema.json": json.dumps(schema)})
    expected = ref_report(chart_dir, {})
    assert "is not valid against metaschema" in expected
    assert canonical(ours_report(chart_dir, {})) == canonical(expected)


def test_broken_schema_json(tmp_path: Path) -> None:
    chart_dir = write_chart(tmp_path, {"t.yaml": "x"}, files={"values.schema.json": '{"type": "object", '})
    assert ours_report(chart_dir, {}) == ref_report(chart_dir, {})


def test_subcharts_and_render_message(tmp_path: Path) -> None:
    """Each chart's schema sees its own scope; the render error carries Helm's header."""
    parent_schema = {"properties": {"top": {"type": "integer"}}}
    child_schema = {"$schema": D7, "required": ["port"], "properties": {"port": {"type": "integer"}}}
    parent = write_chart(
        tmp_path,
        {"t.yaml": "x"},
        "top: 1\n",
        name="parent",
        chart_yaml="apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n"
        "- name: child\n  version: 0.1.0\n- name: other\n  version: 0.1.0\n",
        files={"values.schema.json": json.dumps(parent_schema)},
    )
    write_chart(
        parent / "charts",
        {"t.yaml": "x"},
        "port: 80\n",
        name="child",
        chart_yaml="apiVersion: v2\nname: child\nversion: 0.1.0\n",
        files={"values.schema.json": json.dumps(child_schema)},
    )
    write_chart(
        parent / "charts",
        {"t.yaml": "x"},
        "",
        name="other",
        chart_yaml="apiVersion: v2\nname: other\nversion: 0.1.0\n",
        files={"values.schema.json": json.dumps({"properties": {"k": {"type": "string"}}})},
    )
    for user in (
        {},
        {"top": "x", "child": {"port": "http"}},
        {"child": {"port": None}},
        {"other": {"k": 1}, "child": {"port": 1.5}},
        {"top": "y", "other": {"k": True}},
    ):
        try:
            ref_render(parent, user)
            expected = ""
        except RefError as err:
            expected = str(err)
        chart = load_chart(parent)
        process_dependencies(chart, user)
        try:
            chartschema.validate_against_schema(chart, coalesce_values(chart, user))
            got = ""
        except chartschema.SchemaError as err:
            got = str(err)
        assert got.startswith(chartschema.HEADER) == expected.startswith(chartschema.HEADER)
        assert _chart_blocks(got) == _chart_blocks(expected), user


def _chart_blocks(message: str) -> list:
    body = message.removeprefix(chartschema.HEADER)
    blocks: list = []
    for line in body.splitlines():
        if not line.startswith(("-", " ")):
            blocks.append([line, []])
        elif blocks:
            blocks[-1][1].append(line)
    return sorted((name, canonical("\n".join(lines))) for name, lines in blocks)


def test_non_map_subchart_values() -> None:
    from pyhelm.chart.model import Chart, Metadata

    parent = Chart(metadata=Metadata(name="parent"))
    parent.add_dependency(Chart(metadata=Metadata(name="child")))
    assert chartschema.schema_errors(parent, {"child": "text"}) == (
        "child:\ninvalid type for values: expected object (map), got string\n"
    )


# --------------------------------------------------------------------------- real charts

CHARTS = SHARED / "charts"
WRONG = {
    "string": 12345,
    "integer": "not-a-number",
    "number": "nan",
    "boolean": "yes",
    "object": 7,
    "array": "x",
}


def _schema_charts() -> list[Path]:
    return sorted(p.parent for p in CHARTS.glob("*/values.schema.json")) if CHARTS.is_dir() else []


@pytest.mark.parametrize("chart_dir", _schema_charts(), ids=lambda p: p.name)
def test_real_chart_schemas(chart_dir: Path) -> None:
    """Real charts' schemas: defaults pass, and wrong-typed values give Helm's report."""
    assert canonical(ours_report(chart_dir, {})) == canonical(ref_report(chart_dir, {}))
    schema = json.loads((chart_dir / "values.schema.json").read_text())
    subcharts = {sub.name for sub in load_chart(chart_dir).dependencies}
    mutated: dict[str, Any] = {}
    for key, prop in (schema.get("properties") or {}).items():
        prop = _deref(schema, prop)
        if key in subcharts or not isinstance(prop, dict):
            continue
        kind = prop.get("type")
        if isinstance(kind, str) and kind in WRONG:
            mutated[key] = WRONG[kind]
        if kind == "object" and isinstance(prop.get("properties"), dict):
            inner = {}
            for k, v in prop["properties"].items():
                v = _deref(schema, v)
                if isinstance(v, dict) and isinstance(v.get("type"), str) and v["type"] in WRONG:
                    inner[k] = WRONG[v["type"]]
            if inner:
                mutated[key] = inner
    if not mutated:
        return
    expected = ref_report(chart_dir, mutated)
    assert expected
    assert canonical(ours_report(chart_dir, mutated)) == canonical(expected)


def _deref(schema: dict[str, Any], prop: Any) -> Any:
    """Follow a local ``$ref`` (``#/a/b``) of a property schema."""
    for _ in range(5):
        if not (
            isinstance(prop, dict) and isinstance(prop.get("$ref"), str) and prop["$ref"].startswith("#/")
        ):
            return prop
        node: Any = schema
        for token in prop["$ref"][2:].split("/"):
            node = node.get(token) if isinstance(node, dict) else None
        prop = node
    return prop


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "dependencies": {"a": {"required": ["b"]}}},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "dependentSchemas": {"a": {"required": ["b"]}}},
        {"type": "object", "dependencies": {"a": ["b"]}},
    ],
)
@pytest.mark.parametrize("values", ["a: x\n", "a: x\nb: y\n", "c: 1\n"])
def test_schema_dependencies_match_reference(tmp_path, schema, values) -> None:
    """Schema-form ``dependencies`` / ``dependentSchemas`` validate as Helm's validator does."""
    import pyhelm
    from pyhelm.action.resources import ResourceError

    chart = write_chart(tmp_path, {"t.yaml": "x: 1\n"}, values=values, files={"values.schema.json": json.dumps(schema)})
    try:
        expected = ref_render(chart)
    except RefError as err:
        with pytest.raises(ResourceError) as ours:
            pyhelm.render(chart)
        assert str(ours.value) == str(err)
        return
    assert pyhelm.render(chart) == expected
