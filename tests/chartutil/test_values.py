"""Differential tests of values coalescing and dependency processing against Helm."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml
from chartload import load_chart
from oracle import RefError, ref_render, ref_values_files, write_chart
from testpaths import SHARED

from pyhelm.chart.model import Chart
from pyhelm.chartutil import values as chartvalues
from pyhelm.chartutil.dependencies import process_dependencies
from pyhelm.chartutil.values import coalesce_values

CHARTS = SHARED / "charts"
VALUES_TEMPLATE = "{{ toJson .Values }}"


def norm(value: Any) -> Any:
    """Compare through JSON's eyes: every number as float (the reference answers in JSON)."""
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def as_floats(value: Any) -> Any:
    """User values as Helm holds values read from files: every number a float64."""
    return norm(value)


def scoped_values(chart: Chart, values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"<chart path>/templates/v.yaml": .Values}`` for every non-library chart of the tree."""
    path = prefix + chart.name
    out = {} if chart.metadata.type == "library" else {f"{path}/templates/v.yaml": norm(values)}
    for sub in chart.dependencies:
        out.update(scoped_values(sub, values.get(sub.name) or {}, path + "/charts/"))
    return out


def ours_render_values(chart_dir: Path, user: dict[str, Any]) -> dict[str, Any]:
    chart = load_chart(chart_dir)
    process_dependencies(chart, user)
    return scoped_values(chart, coalesce_values(chart, user))


def ref_render_values(chart_dir: Path, user: dict[str, Any]) -> dict[str, Any]:
    rendered = ref_render(chart_dir, user)
    return {name: norm(json.loads(text)) for name, text in rendered.items() if name.endswith("/v.yaml")}


def values_only_copy(src: Path, dest: Path) -> None:
    """Copy a chart tree keeping only what values processing reads, plus a ``.Values`` dump template."""
    dest.mkdir(parents=True)
    for name in ("Chart.yaml", "values.yaml"):
        if (src / name).exists():
            shutil.copy(src / name, dest / name)
    (dest / "templates").mkdir()
    (dest / "templates" / "v.yaml").write_text(VALUES_TEMPLATE)
    if (src / "charts").is_dir():
        for sub in sorted((src / "charts").iterdir()):
            if sub.is_dir() and (sub / "Chart.yaml").exists():
                values_only_copy(sub, dest / "charts" / sub.name)


def _cases() -> list[dict[str, Any]]:
    path = CHARTS / "cases.json"
    return json.loads(path.read_text()) if path.exists() else []


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_real_chart_values(case: dict[str, Any], tmp_path: Path) -> None:
    """Every real chart with each CI values file: .Values of every chart equal Helm's."""
    src = CHARTS / case["chart"]
    user = as_floats(ref_values_files([src / v for v in case["values"]]))
    chart_dir = tmp_path / case["chart"]
    values_only_copy(src, chart_dir)
    expected = ref_render_values(chart_dir, user)
    assert ours_render_values(chart_dir, user) == expected
    # CoalesceValues alone (no dependency processing) on the untouched chart.
    assert _ours_coalesce(src, user) == _ref_merge(src, user)


# --------------------------------------------------------------------------- random trees

KEYS = ["a", "b", "c", "global", "child", "gc"]


def _random_value(rnd: random.Random, depth: int) -> Any:
    r = rnd.random()
    if depth < 3 and r < 0.45:
        return _random_tree(rnd, depth + 1)
    if r < 0.6:
        return None
    if r < 0.75:
        return float(rnd.randint(0, 3))
    if r < 0.9:
        return rnd.choice(["s", "t"])
    return [1.0, 2.0]


def _random_tree(rnd: random.Random, depth: int = 0) -> dict[str, Any]:
    return {k: _random_value(rnd, depth) for k in rnd.sample(KEYS, rnd.randint(0, 4))}


def _three_level_chart(root: Path, pv: dict, cv: dict, gv: dict) -> Path:
    chart_yaml = "apiVersion: v2\nname: {}\nversion: 0.1.0\n"
    dep = "dependencies:\n- name: {}\n  version: 0.1.0\n"
    parent = write_chart(
        root,
        {"v.yaml": VALUES_TEMPLATE},
        yaml.safe_dump(pv),
        name="parent",
        chart_yaml=chart_yaml.format("parent") + dep.format("child"),
    )
    child = write_chart(
        parent / "charts",
        {"v.yaml": VALUES_TEMPLATE},
        yaml.safe_dump(cv),
        name="child",
        chart_yaml=chart_yaml.format("child") + dep.format("gc"),
    )
    write_chart(
        child / "charts",
        {"v.yaml": VALUES_TEMPLATE},
        yaml.safe_dump(gv),
        name="gc",
        chart_yaml=chart_yaml.format("gc"),
    )
    return parent


def _outcome(func, *args) -> Any:
    try:
        return func(*args)
    except (helm.HelmError, RefError, chartvalues.ValuesError) as err:
        return "ERROR: " + str(err)


def _ref_merge(chart_dir: Path, user: dict[str, Any]) -> Any:
    ref_chart = helm.Chart.load(str(chart_dir))
    try:
        return norm(ref_chart.merge_values(user))
    finally:
        ref_chart.close()


def _ours_coalesce(chart_dir: Path, user: dict[str, Any]) -> Any:
    return norm(coalesce_values(load_chart(chart_dir), user))


def test_random_trees_with_nulls_and_globals(tmp_path: Path) -> None:
    """Nulls, globals and type conflicts at three levels: coalesce and render agree with Helm."""
    rnd = random.Random(20260521)
    mismatches = []
    for i in range(120):
        pv, cv, gv, user = (_random_tree(rnd) for _ in range(4))
        parent = _three_level_chart(tmp_path / f"c{i}", pv, cv, gv)
        expected = _outcome(_ref_merge, parent, user)
        got = _outcome(_ours_coalesce, parent, user)
        if expected != got:
            mismatches.append(("coalesce", pv, cv, gv, user, expected, got))
        expected = _outcome(ref_render_values, parent, user)
        got = _outcome(ours_render_values, parent, user)
        if expected != got:
            mismatches.append(("render", pv, cv, gv, user, expected, got))
    assert not mismatches, "\n".join(map(repr, mismatches[:3]))


# --------------------------------------------------------------------------- dependencies

CHILD = "apiVersion: v2\nname: {}\nversion: {}\n"
DEP_CASES = {
    "condition-false": (
        "- name: child\n  version: 0.1.0\n  condition: child.enabled\n",
        "child:\n  enabled: false\n",
        {"child": "enabled: true\nq: 1\n"},
        {},
    ),
    "condition-user-true": (
        "- name: child\n  version: 0.1.0\n  condition: child.enabled\n",
        "child:\n  enabled: false\n",
        {"child": "enabled: true\nq: 1\n"},
        {"child": {"enabled": True}},
    ),
    "condition-first-resolvable-wins": (
        "- name: child\n  version: 0.1.0\n  condition: missing.path,notbool,child.enabled,other\n",
        "notbool: 1\nother: true\nchild:\n  enabled: false\n",
        {"child": "q: 1\n"},
        {},
    ),
    "condition-expression-unsupported": (
        "- name: child\n  version: 0.1.0\n  condition: (a && !b)\n",
        "a: false\nb: false\n",
        {"child": "q: 1\n"},
        {},
    ),
    "tags": (
        "- name: child\n  version: 0.1.0\n  tags: [t1, t2]\n"
        "- name: other\n  version: 0.1.0\n  tags: [t3]\n  condition: other.enabled\n"
        "- name: third\n  version: 0.1.0\n  tags: [t4, t5]\n",
        "tags:\n  t1: false\n  t2: 'x'\n  t3: false\n  t4: false\n  t5: true\nother:\n  enabled: true\n",
        {"child": "q: 1\n", "other": "q: 3\n", "third": "q: 4\n"},
        {},
    ),
    "tags-user-override": (
        "- name: child\n  version: 0.1.0\n  tags: [front]\n",
        "tags:\n  front: false\n",
        {"child": "q: 1\n"},
        {"tags": {"front": True}},
    ),
    "alias-twice": (
        "- name: child\n  version: 0.1.0\n  alias: c1\n"
        "- name: child\n  alias: c2\n  version: '>0.0.1'\n  condition: c2.enabled\n",
        "c1:\n  q: 5\nc2:\n  enabled: true\n",
        {"child": "q: 1\n"},
        {},
    ),
    "alias-disabled": (
        "- name: child\n  version: 0.1.0\n  alias: c1\n  condition: c1.enabled\n"
        "- name: child\n  version: ~0.1.0\n  alias: c2\n",
        "c1:\n  enabled: false\n",
        {"child": "q: 1\n"},
        {},
    ),
    "version-mismatch-kept": (
        "- name: child\n  version: 9.9.9\n  condition: child.enabled\n",
        "child:\n  enabled: false\n",
        {"child": "q: 1\n"},
        {},
    ),
    "missing-subchart": (
        "- name: child\n  version: 0.1.0\n- name: absent\n  version: 1.0.0\n",
        "",
        {"child": "q: 1\n"},
        {},
    ),
    "import-values": (
        "- name: child\n  version: 0.1.0\n  import-values:\n  - child: a\n    parent: a\n  - data\n"
        "  - child: deep.er\n    parent: into.here\n  - child: nothere\n    parent: x\n  - notexported\n",
        "a:\n  x: parent\n  nul: null\nd1: fromparent\n",
        {
            "child": "a:\n  x: child\n  z: child\n  nul: 3\n  cn: null\nexports:\n  data:\n    d1: c\n    d2: c\n"
            "    d3: null\ndeep:\n  er:\n    k: v\n"
        },
        {"d2": "user"},
    ),
    "import-values-two-children-same-table": (
        "- name: child\n  version: 0.1.0\n  import-values:\n  - child: t\n    parent: shared\n"
        "- name: other\n  version: 0.1.0\n  import-values:\n  - child: t\n    parent: shared\n",
        "",
        {"child": "t:\n  a: 1\n  b: 1\n", "other": "t:\n  b: 2\n  c: 2\n"},
        {},
    ),
    "import-from-disabled": (
        "- name: child\n  version: 0.1.0\n  condition: child.enabled\n  import-values:\n  - data\n",
        "child:\n  enabled: false\n",
        {"child": "exports:\n  data:\n    d: 1\n"},
        {},
    ),
    "globals-and-subchart-nulls": (
        "- name: child\n  version: 0.1.0\n",
        "global:\n  g1: p\n  gm:\n    a: 1\nchild:\n  global:\n    g2: c\n  k: {a: 1, b: null}\n  nn: null\n",
        {
            "child": "global:\n  g1: child\n  gm:\n    b: 2\nk:\n  c: 3\n  b: 4\nnn: 5\nmm: null\nkk:\n  z: null\n"
        },
        {"child": {"k": {"a": None}, "u": None}, "top": None},
    ),
}


@pytest.mark.parametrize("name", sorted(DEP_CASES))
def test_dependency_processing(name: str, tmp_path: Path) -> None:
    deps, values, children, user = DEP_CASES[name]
    chart_yaml = "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n" + deps
    parent = write_chart(tmp_path, {"v.yaml": VALUES_TEMPLATE}, values, name="parent", chart_yaml=chart_yaml)
    for child, child_values in children.items():
        write_chart(
            parent / "charts",
            {"v.yaml": VALUES_TEMPLATE},
            child_values,
            name=child,
            chart_yaml=CHILD.format(child, "0.1.0"),
        )
    user = as_floats(user)
    assert _outcome(ours_render_values, parent, user) == _outcome(ref_render_values, parent, user)


def test_nested_condition_paths(tmp_path: Path) -> None:
    """A grandchild's condition is resolved against the top-level values under its parent's name."""
    parent = write_chart(
        tmp_path,
        {"v.yaml": VALUES_TEMPLATE},
        "mid:\n  leaf:\n    enabled: false\n",
        name="parent",
        chart_yaml="apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: mid\n  version: 0.1.0\n",
    )
    mid = write_chart(
        parent / "charts",
        {"v.yaml": VALUES_TEMPLATE},
        "leaf:\n  enabled: true\n",
        name="mid",
        chart_yaml="apiVersion: v2\nname: mid\nversion: 0.1.0\ndependencies:\n"
        "- name: leaf\n  version: 0.1.0\n  condition: leaf.enabled\n- name: leaf2\n  version: 0.1.0\n"
        "  condition: leaf2.enabled\n",
    )
    for leaf in ("leaf", "leaf2"):
        write_chart(
            mid / "charts",
            {"v.yaml": VALUES_TEMPLATE},
            "enabled: false\nz: 1\n",
            name=leaf,
            chart_yaml=CHILD.format(leaf, "0.1.0"),
        )
    for user in ({}, {"mid": {"leaf": {"enabled": True}, "leaf2": {"enabled": True}}}):
        assert ours_render_values(parent, user) == ref_render_values(parent, user)


# --------------------------------------------------------------------------- warnings and helpers


def test_coalesce_warnings_match_helm_log(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """The warnings Helm logs while coalescing are the ones pyhelm reports."""
    parent = _three_level_chart(
        tmp_path,
        {
            "a": {"x": 1.0},
            "b": 1.0,
            "child": {"m": "s"},
            "global": {"t": {"k": 1.0}},
            "nums": {"big": 1234567.5, "huge": 1e21, "tiny": 0.00001, "frac": 0.25, "plain": 123456.0},
        },
        {"m": {"n": 1.0}, "global": {"t": 2.0}},
        {"global": "str"},
    )
    user = {
        "a": "flat",
        "b": {"nested": 1.0},
        "child": {"m": {"deep": [1.0, 2.0]}},
        "nums": {k: {"x": 1.0} for k in ("big", "huge", "tiny", "frac", "plain")},
    }
    ref_chart = helm.Chart.load(str(parent))
    capfd.readouterr()
    ref_chart.merge_values(user)
    logged = capfd.readouterr().err.splitlines()
    ref_chart.close()
    expected = sorted(line.split(" ", 2)[2] for line in logged if line[:2] == "20")
    warnings: list[str] = []
    coalesce_values(load_chart(parent), user, warnings=warnings)
    assert expected and sorted(warnings) == expected


def test_merge_values_files_matches_helm_merge_maps() -> None:
    docs = [
        {"a": {"b": 1, "c": [1]}, "d": 1},
        {"a": {"c": 2, "e": {"f": 1}}, "d": {"x": 1}},
        {"a": None},
        {"a": {"z": 1}},
    ]
    from oracle import merge_maps

    expected: dict[str, Any] = {}
    for doc in docs:
        expected = merge_maps(expected, doc)
    assert chartvalues.merge_values_files(docs) == expected


def test_build_user_values_flag_order(tmp_path: Path) -> None:
    """-f, then --set-json, --set, --set-string, --set-file, --set-literal: later wins."""
    (tmp_path / "f.txt").write_text("from-file")
    got = chartvalues.build_user_values(
        [{"a": 1.0, "b": {"c": 1.0}}],
        set_json=['a={"j":1}', "b.j=[1,2]"],
        set_values=["a.s=1,b.c=2", "e=x"],
        set_string=["e=5"],
        set_file=[f"f={tmp_path / 'f.txt'}"],
        set_literal=["f=lit,eral"],
        file_reader=lambda p: Path(p).read_text(),
    )
    expected = {"a": {"j": 1.0, "s": 1}, "b": {"c": 2, "j": [1.0, 2.0]}}
    expected.update(helm.parse_set_string_values("e=5"))
    expected.update(helm.parse_set_literal("f=lit,eral"))
    assert norm(got) == norm(expected)


def test_build_user_values_errors() -> None:
    from pyhelm.strvals.parser import StrvalsError

    with pytest.raises(StrvalsError, match=r'^failed parsing --set data: key "a" has no value$'):
        chartvalues.build_user_values(set_values=["a"])
    with pytest.raises(StrvalsError, match=r"^failed parsing --set-json data a=x$"):
        chartvalues.build_user_values(set_json=["a=x"])
    with pytest.raises(StrvalsError, match=r"^failed parsing --set-json data JSON: \{bad$"):
        chartvalues.build_user_values(set_json=["{bad"])
    with pytest.raises(StrvalsError, match=r'^failed parsing --set-string data: key "b" has no value'):
        chartvalues.build_user_values(set_string=["b"])


def test_path_value_and_table() -> None:
    vals = {"a": {"b": {"c": 1}, "n": None}, "t": True}
    assert chartvalues.path_value(vals, "a.b.c") == 1
    assert chartvalues.path_value(vals, "t") is True
    assert chartvalues.path_value(vals, "a.n") is None
    with pytest.raises(chartvalues.NoValueError):
        chartvalues.path_value(vals, "a.b")
    with pytest.raises(chartvalues.NoValueError):
        chartvalues.path_value(vals, "x.y")
    assert chartvalues.table(vals, "a.b") == {"c": 1}
    with pytest.raises(chartvalues.NoTableError):
        chartvalues.table(vals, "a.b.c")


def test_check_dependencies_matches_install(tmp_path: Path) -> None:
    """A Chart.yaml dependency without a charts/ entry fails the install as Helm's CheckDependencies does."""
    from oracle import ref_manifest

    from pyhelm.chartutil.dependencies import DependencyError, check_dependencies

    chart_yaml = (
        "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: child\n  version: 0.1.0\n"
        "  alias: c1\n- name: absent\n  version: 1.0.0\n- name: gone\n  version: 1.0.0\n  condition: gone.enabled\n"
    )
    parent = write_chart(
        tmp_path, {"t.yaml": "a: b"}, "gone:\n  enabled: false\n", name="parent", chart_yaml=chart_yaml
    )
    write_chart(
        parent / "charts", {"t.yaml": "a: b"}, "", name="child", chart_yaml=CHILD.format("child", "0.1.0")
    )
    with pytest.raises(RefError) as ref_err:
        ref_manifest(parent)
    with pytest.raises(DependencyError) as err:
        check_dependencies(load_chart(parent))
    assert str(ref_err.value).endswith(": " + str(err.value))


def _random_dependency_chart(rnd: random.Random, root: Path) -> tuple[Path, dict[str, Any]]:
    """A parent with aliased/conditioned/tagged/importing subcharts and random switches."""
    flags = ["x.on1", "x.on2", "c1.enabled", "child.enabled", "other.enabled", "nb"]
    deps = []
    for name, alias in (("child", ""), ("child", "c1"), ("child", "c2"), ("other", "")):
        dep = f"- name: {name}\n  version: '{rnd.choice(['0.1.0', '>=0.1.0', '~0.1', '9.9.9'])}'\n"
        if alias:
            dep += f"  alias: {alias}\n"
        if rnd.random() < 0.7:
            dep += f"  condition: {','.join(rnd.sample(flags, rnd.randint(1, 3)))}\n"
        if rnd.random() < 0.5:
            dep += f"  tags: [{', '.join(rnd.sample(['t1', 't2', 't3'], rnd.randint(1, 2)))}]\n"
        if rnd.random() < 0.6:
            dep += "  import-values:\n" + "".join(
                rnd.sample(
                    [
                        "  - data\n",
                        "  - child: tbl\n    parent: got\n",
                        "  - child: tbl.in\n    parent: got.deep\n",
                        "  - missing\n",
                    ],
                    rnd.randint(1, 3),
                )
            )
        deps.append(dep)

    def switches() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for flag in flags:
            if rnd.random() < 0.5:
                node = out
                *head, last = flag.split(".")
                for part in head:
                    node = node.setdefault(part, {})
                node[last] = rnd.choice([True, False, "yes"])
        if rnd.random() < 0.5:
            out["tags"] = {
                t: rnd.choice([True, False]) for t in rnd.sample(["t1", "t2", "t3"], rnd.randint(1, 3))
            }
        if rnd.random() < 0.5:
            out["got"] = {"a": "parent", "n": None}
        return out

    parent_values = yaml.safe_dump(switches())
    chart_yaml = "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n" + "".join(deps)
    parent = write_chart(
        root, {"v.yaml": VALUES_TEMPLATE}, parent_values, name="parent", chart_yaml=chart_yaml
    )
    child_values = "enabled: true\nexports:\n  data:\n    d: 1\n    dn: null\ntbl:\n  a: child\n  b: 2\n  in:\n    z: 1\n"
    for name in ("child", "other"):
        write_chart(
            parent / "charts",
            {"v.yaml": VALUES_TEMPLATE},
            child_values,
            name=name,
            chart_yaml=CHILD.format(name, "0.1.0"),
        )
    return parent, as_floats(switches())


def test_random_dependency_switches(tmp_path: Path) -> None:
    """Aliases, conditions, tags and import-values in random combinations: .Values equal Helm's."""
    rnd = random.Random(424242)
    mismatches = []
    for i in range(80):
        parent, user = _random_dependency_chart(rnd, tmp_path / f"d{i}")
        expected = _outcome(ref_render_values, parent, user)
        got = _outcome(ours_render_values, parent, user)
        if expected != got:
            mismatches.append(((parent / "Chart.yaml").read_text(), user, expected, got))
    assert not mismatches, "\n".join(map(repr, mismatches[:2]))


def test_values_for_render(tmp_path: Path) -> None:
    """The top-level map: coalesced .Values, Helm's .Release keys, schema failures with Helm's message."""
    from pyhelm.chartutil.schema import SchemaError

    schema = '{"properties": {"replicas": {"type": "integer"}}}'
    chart_dir = write_chart(
        tmp_path, {"v.yaml": VALUES_TEMPLATE}, "replicas: 1\nname: x\n", files={"values.schema.json": schema}
    )
    chart = load_chart(chart_dir)
    user = {"name": "y"}
    top = chartvalues.values_for_render(
        chart, user, release={"Name": "rel", "Namespace": "ns", "IsInstall": True}
    )
    assert norm(top["Values"]) == ref_render_values(chart_dir, user)["mychart/templates/v.yaml"]
    assert top["Release"] == {
        "Name": "rel",
        "Namespace": "ns",
        "IsUpgrade": False,
        "IsInstall": True,
        "Revision": 0,
        "Service": "Helm",
    }
    assert top["Capabilities"].KubeVersion.Version.startswith("v1.")
    bad = {"replicas": "three"}
    with pytest.raises(RefError) as ref_err:
        ref_render(chart_dir, bad)
    with pytest.raises(SchemaError) as err:
        chartvalues.values_for_render(chart, bad)
    assert str(err.value) == str(ref_err.value)
    assert (
        chartvalues.values_for_render(chart, bad, skip_schema_validation=True)["Values"]["replicas"]
        == "three"
    )


@pytest.mark.parametrize("bad", [None, True, "s", [1.0, "a", None, True], 2.5])
def test_subchart_type_mismatch_message(bad: Any, tmp_path: Path) -> None:
    parent = write_chart(
        tmp_path,
        {"v.yaml": VALUES_TEMPLATE},
        "a: 1\n",
        name="parent",
        chart_yaml="apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: child\n  version: 0.1.0\n",
    )
    write_chart(
        parent / "charts",
        {"v.yaml": VALUES_TEMPLATE},
        "q: 1\n",
        name="child",
        chart_yaml=CHILD.format("child", "0.1.0"),
    )
    user = {"child": bad}
    assert _outcome(_ours_coalesce, parent, user) == _outcome(_ref_merge, parent, user)
