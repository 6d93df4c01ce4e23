"""Helm's rendering engine (``pkg/engine``): every template of a chart tree, each with its scope.

:class:`Engine` gathers the templates of a chart and its subcharts, parses them into one
template set in Helm's order (deepest paths first, so a parent chart's ``define``
overrides a subchart's), then executes every non-partial template with the values of
the chart it belongs to. Templates are compiled once per text and kept for the whole
process, so rendering the same chart again compiles nothing.
"""

from __future__ import annotations

import gc
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyhelm.chart.model import Chart
from pyhelm.engine.builtins import go_params
from pyhelm.engine.compiler import needs_set
from pyhelm.engine.environment import TemplateSet, helm_format, include_func
from pyhelm.engine.errors import ArgTypeError, ExecError, FuncError, ParseError
from pyhelm.engine.lexer import go_quote
from pyhelm.engine.runtime import type_name

WARN_START = "HELM_ERR_START"
WARN_END = "HELM_ERR_END"
NO_VALUE = "<no value>"


class RenderError(Exception):
    """A template failed to parse or execute; ``str(err)`` is Helm's message."""


@dataclass
class Renderable:
    """One template to render: its text, the values map it sees, and its ``.Template.BasePath``."""

    text: str
    vals: dict[str, Any]
    base_path: str


def _warn_wrap(message: str) -> str:
    return f"{WARN_START}{message}{WARN_END}"


def _lint_tolerant(lint_mode: bool) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Helm's ``required`` and ``fail``, which only report (not fail) in lint mode."""

    @go_params("string", "any")
    def required(warn: Any, value: Any) -> Any:
        if not isinstance(warn, str):
            raise ArgTypeError(f"wrong type for value; expected string; got {type_name(warn)}")
        if value is None or value == "" and isinstance(value, str):
            if lint_mode:
                return ""
            raise FuncError(_warn_wrap(warn))
        return value

    @go_params("string")
    def fail(message: Any) -> str:
        if not isinstance(message, str):
            raise ArgTypeError(f"wrong type for value; expected string; got {type_name(message)}")
        if lint_mode:
            return ""
        raise FuncError(_warn_wrap(message))

    return required, fail


@go_params("string", "any")
@needs_set
def tpl(env: TemplateSet, text: Any, data: Any) -> str:
    """Helm's ``tpl``: render ``text`` in a clone of the executing set, errors wrapped as Helm wraps them."""
    if not isinstance(text, str):
        raise ArgTypeError(f"wrong type for value; expected string; got {type_name(text)}")
    try:
        return env.tpl(text, data).replace(NO_VALUE, "")
    except ParseError as err:
        raise FuncError(f"cannot parse template {go_quote(text)}: {err}") from err
    except ExecError as err:
        raise FuncError(f"error during tpl function execution for {go_quote(text)}: {err}") from err


@go_params("string", "string", "string", "string")
def _empty_lookup(api_version: Any, kind: Any, namespace: Any, name: Any) -> dict[str, Any]:
    """``lookup`` without a cluster: always an empty map, as in ``helm template``."""
    return {}


@go_params("string")
def _no_dns(name: Any) -> str:
    """``getHostByName`` when DNS lookups are not enabled (Helm's default): empty."""
    return ""


def helm_functions(
    *, lint_mode: bool = False, lookup: Callable[..., Any] | None = None, enable_dns: bool = False
) -> dict[str, Callable[..., Any]]:
    """The function map Helm installs: Sprig (less env/expandenv) plus Helm's own.

    Follows Helm's ``funcMap`` and ``initFunMap``. ``lookup`` is a cluster-backed
    ``lookup(apiVersion, kind, namespace, name)``; without it lookups are empty.
    """
    from pyhelm.engine import helmfuncs
    from pyhelm.engine.funcs import sprig_functions

    funcs = sprig_functions()
    funcs.update(helmfuncs.FUNCS)
    required, fail = _lint_tolerant(lint_mode)
    funcs.update(
        include=include_func,
        tpl=tpl,
        required=required,
        fail=fail,
        lookup=lookup or _empty_lookup,
    )
    if enable_dns:
        from pyhelm.engine.funcs import network

        funcs.update(network.DNS_FUNCS)
    else:
        funcs["getHostByName"] = _no_dns
    return funcs


_BASE_SETS: dict[tuple[Any, ...], TemplateSet] = {}

#: Cyclic-GC thresholds while rendering (see :func:`tune_gc_for_rendering`).
GC_THRESHOLDS = (100_000, 50, 100)


def tune_gc_for_rendering() -> None:
    """Make Python's cyclic garbage collector run less often (process-wide; thresholds only rise).

    The one place pyhelm tunes the collector.  Parsing and the first executions allocate
    hundreds of thousands of long-lived objects (parse trees, template closures); with
    the default thresholds every young collection re-scans them, and one middle-generation
    collection over them costs about a second.  Called when the first engine
    configuration is set up.
    """
    old = gc.get_threshold()
    gc.set_threshold(*(max(o, n) for o, n in zip(old, GC_THRESHOLDS, strict=True)))


def _base_set(strict: bool, lint_mode: bool, lookup: Callable[..., Any] | None, enable_dns: bool) -> TemplateSet:
    """A process-wide template set per engine configuration; renders use clones of it.

    The set's compile cache is what makes a second render of a chart parse nothing.
    """
    key = (strict, lint_mode, id(lookup) if lookup else None, enable_dns)
    base = _BASE_SETS.get(key)
    if base is None:
        tune_gc_for_rendering()
        funcs = helm_functions(lint_mode=lint_mode, lookup=lookup, enable_dns=enable_dns)
        base = TemplateSet(funcs, strict=strict)
        _BASE_SETS[key] = base
    return base


class Engine:
    """Renders charts like Helm's ``engine.Engine``.

    ``strict`` makes a missing map key an error (``missingkey=error``); ``lint_mode``
    lets ``required``/``fail`` pass; ``lookup`` connects ``lookup`` to a cluster;
    ``enable_dns`` lets ``getHostByName`` resolve names.
    """

    def __init__(
        self,
        *,
        strict: bool = False,
        lint_mode: bool = False,
        lookup: Callable[..., Any] | None = None,
        enable_dns: bool = False,
    ) -> None:
        self.strict = strict
        self.lint_mode = lint_mode
        self.lookup = lookup
        self.enable_dns = enable_dns

    def render(self, chart: Chart, top: dict[str, Any]) -> dict[str, str]:
        """Render every template of ``chart`` and its subcharts.

        ``top`` is the render values map (``Values``, ``Release``, ``Capabilities``...)
        from :func:`pyhelm.chartutil.values.values_for_render`. Returns
        ``{"<chart>/templates/<file>": text}`` for every non-partial template, with
        ``<no value>`` removed as Helm removes it. Raises :class:`RenderError` with
        Helm's message (``parse error at (...)``, ``execution error at (...)``...).
        """
        templates: dict[str, Renderable] = {}
        _collect(chart, top, templates)
        keys = sort_templates(templates)
        tset = _base_set(self.strict, self.lint_mode, self.lookup, self.enable_dns).clone()
        for name in keys:
            try:
                tset.add(name, templates[name].text)
            except ParseError as err:
                raise RenderError(helm_format(err, name)) from err
        rendered: dict[str, str] = {}
        for name in keys:
            if posixpath.basename(name).startswith("_"):
                continue
            item = templates[name]
            item.vals["Template"] = {"Name": name, "BasePath": item.base_path}
            try:
                text = tset.execute(name, item.vals)
            except ExecError as err:
                raise RenderError(helm_format(err, name)) from err
            rendered[name] = text.replace(NO_VALUE, "")
        return rendered


def sort_templates(templates: dict[str, Any]) -> list[str]:
    """Helm's parse order: more path segments first, then reverse lexical order."""
    return sorted(templates, key=lambda name: (name.count("/"), name), reverse=True)


def _collect(chart: Chart, parent_vals: dict[str, Any], out: dict[str, Renderable]) -> dict[str, Any]:
    """Helm's ``recAllTpls``: the values map of ``chart`` and its templates, recursively."""
    from pyhelm.chart.metadata import template_chart
    from pyhelm.engine.files import Files

    subcharts: dict[str, Any] = {}
    vals: dict[str, Any] = {
        "Chart": template_chart(chart.metadata, is_root=chart.is_root()),
        "Files": Files.from_chart_files(chart.files),
        "Release": parent_vals.get("Release"),
        "Capabilities": parent_vals.get("Capabilities"),
        "Values": {},
        "Subcharts": subcharts,
    }
    if chart.is_root():
        vals["Values"] = parent_vals.get("Values")
    else:
        scoped = (parent_vals.get("Values") or {}).get(chart.name)
        if isinstance(scoped, dict):
            vals["Values"] = scoped
    for sub in chart.dependencies:
        subcharts[sub.name] = _collect(sub, vals, out)
    full_path = chart.chart_full_path()
    library = chart.metadata.type.lower() == "library"
    for template in chart.templates:
        if library and not posixpath.basename(template.name).startswith("_"):
            continue
        out[posixpath.join(full_path, template.name)] = Renderable(
            text=template.data.decode("utf-8", "replace"),
            vals=vals,
            base_path=posixpath.join(full_path, "templates"),
        )
    return vals
