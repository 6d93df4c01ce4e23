"""Shared harness for the template-language differential tests.

Renders the same chart templates with the reference Helm (``oracle.ref_render``) and with
pyhelm's :class:`TemplateSet` holding the text/template builtins plus a few trivial test
functions (``include``, ``required``, ``fail``, ``list``), mimicking the parts of Helm's
engine the language tests touch: parse order, ``.Template``, ``<no value>`` stripping,
and error reformatting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oracle import NAMESPACE, RELEASE, RefError, ref_render, write_chart

from pyhelm.codec.yaml import load as load_yaml
from pyhelm.engine import compiler
from pyhelm.engine.environment import TemplateSet, go_params, helm_format, include_func, needs_set
from pyhelm.engine.errors import ExecError, FuncError, ParseError, TemplateError
from pyhelm.engine.lexer import go_quote

CHART = "mychart"


def _required(warn: Any, val: Any) -> Any:
    if val is None or val == "":
        raise FuncError("HELM_ERR_START" + str(warn) + "HELM_ERR_END")
    return val


def _fail(msg: Any) -> Any:
    raise FuncError("HELM_ERR_START" + str(msg) + "HELM_ERR_END")


def _list(*items: Any) -> list:
    return list(items)


TEST_FUNCS = {"include": include_func, "required": _required, "fail": _fail, "list": _list}


def sprig_test_funcs() -> dict:
    """Sprig (pyhelm's) plus the Helm-like test functions, for tests that need Sprig."""
    from pyhelm.engine.funcs import sprig_functions

    return {**sprig_functions(), **TEST_FUNCS, "tpl": helm_like_tpl}


def _sort_key(name: str) -> tuple[int, str]:
    return (name.count("/"), name)


def _helm_order(names: list[str]) -> list[str]:
    """Helm's sortTemplates: deeper paths first, then reverse lexical order."""
    return sorted(names, key=_sort_key, reverse=True)


@go_params("string", "any")
@needs_set
def helm_like_tpl(env: TemplateSet, text: str, data: Any) -> str:
    """Helm v4's ``tpl`` error wrapping and ``<no value>`` removal around ``TemplateSet.tpl``."""
    try:
        env.compile("gotpl", text)
    except ParseError as e:
        raise FuncError(f"cannot parse template {go_quote(text)}: {e}") from e
    try:
        out = env.tpl(text, data)
    except ExecError as e:
        raise FuncError(f"error during tpl function execution for {go_quote(text)}: {e}") from e
    return out.replace("<no value>", "")


#: Execution back ends to test: closures only (never compile) and compiled Python code.
MODES = {"closures": 10**9, "compiled": 0}


def py_render_modes(templates: dict[str, str], values_text: str, **kw: Any) -> dict[str, Any]:
    """:func:`py_render` once per execution back end: ``{mode: result}``."""
    return {mode: py_render(templates, values_text, compile_after=n, **kw) for mode, n in MODES.items()}


def py_render(
    templates: dict[str, str],
    values_text: str,
    *,
    strict: bool = False,
    funcs: dict | None = None,
    compile_after: int | None = None,
) -> dict[str, str] | str:
    """Render like Helm's engine with pyhelm: ``{path: text}`` or ``"ERROR: " + message``."""
    saved = compiler.COMPILE_AFTER
    if compile_after is not None:
        compiler.COMPILE_AFTER = compile_after
    try:
        return _py_render(templates, values_text, strict=strict, funcs=funcs)
    finally:
        compiler.COMPILE_AFTER = saved


def _py_render(templates: dict[str, str], values_text: str, *, strict: bool, funcs: dict | None) -> dict[str, str] | str:
    values = load_yaml(values_text) if values_text.strip() else {}
    full = {f"{CHART}/templates/{k}": v for k, v in templates.items()}
    ts = TemplateSet(funcs if funcs is not None else TEST_FUNCS, strict=strict)
    order = _helm_order(list(full))
    release = {
        "Name": RELEASE,
        "Namespace": NAMESPACE,
        "IsInstall": True,
        "IsUpgrade": False,
        "Revision": 1,
        "Service": "Helm",
    }
    try:
        for name in order:
            ts.add(name, full[name])
        out = {}
        for name in order:
            if Path(name).name.startswith("_"):
                continue
            data = {
                "Values": values,
                "Release": release,
                "Template": {"Name": name, "BasePath": f"{CHART}/templates"},
            }
            text = ts.execute(name, data)
            out[name] = text.replace("<no value>", "")
    except TemplateError as e:
        return "ERROR: " + helm_format(e)
    return out


def ref(tmp: Path, templates: dict[str, str], values_text: str) -> dict[str, str] | str:
    """Render with the reference Helm: ``{path: text}`` or ``"ERROR: " + message``."""
    chart = write_chart(tmp, templates, values_text)
    try:
        out = ref_render(chart)
    except RefError as e:
        return f"ERROR: {e}"
    return {k: v for k, v in out.items() if "/templates/" in k}


VALUES = """\
s: str
num: 3
neg: -2
f: 1.5
big: 1000000
small: 0.000001
b: true
bf: false
z: 0
e: ""
l: [1, 2, 3]
el: []
m: {a: 1, b: x, c: {d: deep}}
em: {}
nul: null
ls: [a, b, c]
lm: [{name: x}, {name: y}]
nested: {list: [{k: v}], "key with space": 1}
html: "<a href='x'>&amp;</a>"
multi: "line1\\nline2"
unicode: "héllo"
"""
