"""A template set, like Go's ``*template.Template`` as Helm's engine uses it.

:class:`TemplateSet` holds named templates sharing one function map.  ``add`` parses a
file's text (its ``define``/``block`` templates become visible set-wide; a later
non-empty definition replaces an earlier one, as ``AddParseTree`` does).  Compiling
happens once per (name, text) and parsing once per text (files with the same text, such
as a library chart's in several subcharts, share parse trees); ``tpl`` texts are cached
by text.

Helm integration: :meth:`TemplateSet.include` and :meth:`TemplateSet.tpl`, and the
ready-made template functions :func:`include_func` / :func:`tpl_func` which receive the
*executing* set (a clone inside ``tpl``) as first argument.  :func:`helm_format` gives
the text Helm v4 prints for a parse or execution error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pyhelm.engine import nodes as N
from pyhelm.engine.builtins import BUILTINS
from pyhelm.engine.compiler import (
    Compiled,
    Compiler,
    TemplateRuntimeError,
    ensure_recursion_limit,
    go_params,
    needs_set,
)
from pyhelm.engine.errors import ArgTypeError, ExecError, FuncError, ParseError, TemplateError
from pyhelm.engine.lexer import go_quote
from pyhelm.engine.parser import parse_file
from pyhelm.engine.runtime import type_name

#: Helm's limit on nested ``include`` of one name (``recursionMaxNums``).
INCLUDE_MAX_DEPTH = 1000


class TemplateSet:
    """Named templates with one function map (Go's ``template.New("gotpl")`` + Funcs).

    ``funcs`` are added on top of the text/template builtins; ``strict`` is
    ``missingkey=error``.  ``name`` is the set's own name (``gotpl`` in Helm), used in
    the "no template ... associated with template" error.
    """

    def __init__(self, funcs: dict[str, Callable] | None = None, *, strict: bool = False, name: str = "gotpl") -> None:
        self.name = name
        self.funcs: dict[str, Callable] = {**BUILTINS, **(funcs or {})}
        self.strict = strict
        self.templates: dict[str, Compiled] = {}
        self._parent: TemplateSet | None = None
        self._root: TemplateSet = self
        self._compiler = Compiler(self.funcs, strict)
        self._cache: dict[tuple[str, str], dict[str, Compiled]] = {}
        self._trees: dict[str, tuple[str, dict[str, N.Tree]]] = {}
        self._include_counts: dict[str, int] = {}
        ensure_recursion_limit()

    # -- building ------------------------------------------------------------------
    def compile(self, name: str, text: str) -> dict[str, Compiled]:
        """Parse and compile ``text`` as template ``name`` (cached): ``{name: Compiled}``.

        Raises :class:`ParseError` with Go's message.
        """
        root = self._root
        key = (name, text)
        hit = root._cache.get(key)
        if hit is None:
            trees = root._parse(name, text)
            hit = root._compiler.compile_trees(trees)
            root._cache[key] = hit
        return hit

    def _parse(self, name: str, text: str) -> dict[str, N.Tree]:
        """Parse trees of ``text`` as file ``name``; a text parsed before is not parsed again.

        Parse trees depend only on the text and the function names; the file name only
        names the top-level tree and is each tree's ``parse_name``.  A tree set parsed
        under another name is renamed, unless a ``define`` could clash with either name.
        """
        hit = self._trees.get(text)
        if hit is not None:
            first, trees = hit
            if name not in trees:
                return {
                    (name if tname == first else tname): N.Tree(
                        name if tname == first else tname, name, text, tree.root
                    )
                    for tname, tree in trees.items()
                }
        trees, own_tree = parse_file(name, text, self.funcs)
        if hit is None and own_tree:
            self._trees[text] = (name, trees)
        return trees

    def add(self, name: str, text: str) -> None:
        """Parse ``text`` as template ``name`` and add it and its defines to the set.

        Go's ``t.New(name).Parse(text)``: a definition with an empty body does not replace
        an existing template; otherwise the last one added wins.  Raises ParseError.
        """
        self._associate(self.compile(name, text))

    def _associate(self, compiled: dict[str, Compiled]) -> None:
        for tname, c in compiled.items():
            if N.is_empty_tree(c.tree.root) and self.lookup(tname) is not None:
                continue
            self.templates[tname] = c

    def lookup(self, name: str) -> Compiled | None:
        """The template called ``name`` visible from this set, or None."""
        s: TemplateSet | None = self
        while s is not None:
            c = s.templates.get(name)
            if c is not None:
                return c
            s = s._parent
        return None

    def has(self, name: str) -> bool:
        """Whether a template ``name`` is defined."""
        return self.lookup(name) is not None

    def clone(self) -> TemplateSet:
        """A cheap copy-on-write child: templates added to it don't leak into this set."""
        child = TemplateSet.__new__(TemplateSet)
        child.name = self.name
        child.funcs = self.funcs
        child.strict = self.strict
        child.templates = {}
        child._parent = self
        child._root = self._root
        child._compiler = self._compiler
        child._cache = self._root._cache
        child._trees = self._root._trees
        child._include_counts = self._root._include_counts
        return child

    # -- executing -------------------------------------------------------------------
    def execute(self, name: str, data: Any) -> str:
        """Execute template ``name`` with ``data`` as dot: the output text.

        Raises :class:`ExecError` (Go's raw message; see :func:`helm_format`), or
        ExecError ``template: no template "NAME" associated with template "gotpl"``.
        """
        c = self.lookup(name)
        if c is None:
            raise _no_template(name, self.name)
        try:
            return c.fn(self, data)
        except RecursionError:
            text = f"template: {name}: exceeded maximum template depth (100000)"
            raise ExecError(text, name=name, message="exceeded maximum template depth (100000)") from None

    def tmpl(self, name: str) -> Callable[[TemplateSet, Any], str]:
        """For ``{{template "name"}}`` in generated code: the template's function."""
        c = self.lookup(name)
        if c is None:
            raise TemplateRuntimeError(f"template {go_quote(name)} not defined")
        return c.fn

    def include(self, name: Any, data: Any) -> str:
        """Helm's ``include``: execute ``name`` with ``data`` and return the text.

        Raises ArgTypeError for a non-string name, FuncError when one name is nested
        more than 1000 deep (Helm's message), or the template's ExecError.
        """
        if not isinstance(name, str):
            raise ArgTypeError(f"wrong type for value; expected string; got {type_name(name)}")
        counts = self._include_counts
        n = counts.get(name, 0)
        if n > INCLUDE_MAX_DEPTH:
            raise FuncError(f"rendering template has a nested reference name: {name}: unable to execute template")
        counts[name] = n + 1
        try:
            return self.execute(name, data)
        finally:
            counts[name] -= 1

    def tpl(self, text: str, data: Any, name: str = "gotpl") -> str:
        """Helm's ``tpl`` core: render ``text`` as template ``name`` in a clone of this set.

        Defines inside ``text`` are visible only during this call.  Parsing/compiling is
        cached by text.  Raises ParseError / ExecError as Go does (Helm wraps them).
        """
        compiled = self.compile(name, text)
        env = self.clone()
        env._associate(compiled)
        return compiled[name].fn(env, data)


def _no_template(name: str, set_name: str) -> ExecError:
    text = f"template: no template {go_quote(name)} associated with template {go_quote(set_name)}"
    err = ExecError(text, name=set_name, message=text)
    err.cause = None  # type: ignore[attr-defined]
    return err


@go_params("string", "any")
@needs_set
def include_func(env: TemplateSet, name: Any, data: Any) -> str:
    """Template function ``include NAME DATA`` (register as ``funcs["include"]``)."""
    return env.include(name, data)


@go_params("string", "any")
@needs_set
def tpl_func(env: TemplateSet, text: Any, data: Any) -> str:
    """A plain ``tpl TEXT DATA`` (without Helm's Template.Name handling and error wrap)."""
    if not isinstance(text, str):
        raise ArgTypeError(f"wrong type for value; expected string; got {type_name(text)}")
    return env.tpl(text, data)


# ---------------------------------------------------------------------------
# Helm v4's error reformatting

_WARN = re.compile(r"HELM_ERR_START(.*)HELM_ERR_END", re.S)


def helm_format(err: BaseException, filename: str = "") -> str:
    """The message Helm v4 prints for a template error (after ``Error: ``).

    ParseError → ``parse error at (FILE:LINE): MSG``; ExecError from ``required``/``fail``
    → ``execution error at (FILE:LINE:COL): MSG``; other ExecErrors whose whole cause
    chain is template errors → the multi-line trace form
    ``FILE:L:C\\n  executing "NAME" at <NODE>:\\n    MSG``; anything else → ``str(err)``.
    """
    text = str(err)
    if isinstance(err, ParseError):
        tokens = text.split(": ")
        if len(tokens) == 1:
            return f"parse error in ({filename}): {text}"
        return f"parse error at ({tokens[1]}): {tokens[-1]}"
    if not isinstance(err, ExecError):
        return text
    tokens = text.split(": ", 2)
    if len(tokens) != 3:
        return f"execution error in ({filename or err.name}): {text}"
    m = _WARN.search(tokens[2])
    if m:
        return f"execution error at ({tokens[1]}): {m.group(1)}"
    traces: list[tuple[str, str, str]] = []
    for link in _chain(err):
        t = _parse_trace(link)
        if t is None:
            return text
        if not traces or traces[-1] != t:
            traces.append(t)
    return "".join(_trace_str(t) for t in traces).strip()


def _chain(err: BaseException) -> list[str]:
    """Error strings of Go's unwrap chain for an ExecError we raised."""
    out: list[str] = []
    cur: BaseException | None = err
    seen = 0
    while cur is not None and seen < 1_000_000:
        seen += 1
        out.append(str(cur))
        if isinstance(cur, ExecError):
            cur = getattr(cur, "cause", None)
        elif isinstance(cur, TemplateError):
            cur = None
        else:
            cur = cur.__cause__
    return out


def _parse_trace(s: str) -> tuple[str, str, str] | None:
    """(location, executing-part, message) of one error string, or None if not a template error."""
    prefix = "template: "
    if not s.startswith(prefix):
        return None
    rest = s[len(prefix) :]
    if rest.startswith("no template "):
        return ("", "", s)
    idx = rest.find(": executing ")
    if idx >= 0:
        loc = rest[:idx]
        after = rest[idx + len(": executing ") :]
        if after.startswith('"'):
            q = after.find('"', 1)
            if q > 0 and after[q + 1 :].startswith(" at <"):
                fname = after[1:q]
                at = after[q + 1 + len(" at <") :]
                end = at.find(">: ")
                if end >= 0:
                    ctx = at[:end]
                    msg = at[end + 3 :]
                    cut = msg.find(" template:")
                    if cut >= 0:
                        msg = msg[:cut]
                    return (loc, f'executing "{fname}" at <{ctx}>:', msg)
        return None
    idx = rest.rfind(": ")
    if idx >= 0:
        return (rest[:idx], "", rest[idx + 2 :])
    return None


def _trace_str(t: tuple[str, str, str]) -> str:
    loc, fn, msg = t
    out = ""
    if loc:
        out += loc + "\n  "
    if fn:
        out += fn + "\n    "
    if msg:
        out += msg + "\n"
    return out


__all__ = [
    "go_params",
    "INCLUDE_MAX_DEPTH",
    "TemplateSet",
    "helm_format",
    "include_func",
    "needs_set",
    "tpl_func",
]
