"""Compile text/template parse trees to Python functions.

Each tree becomes ``def t(E, dot) -> str`` in generated Python source that is compiled
once; ``E`` is the executing template set (for ``{{template}}`` and set-aware functions
such as ``include``).  Text is appended to a list and joined; field chains, variables,
calls and control flow are straight-line Python with no per-node dispatch.

Error positions cost nothing at run time: every node that can fail starts its own line
of generated source, and a failure is mapped back from the traceback's line number to
the node, to build Go's ``template: FILE:LINE:COL: executing "NAME" at <NODE>: MSG``.

Two back ends with the same semantics: a template first runs as a tree of Python
closures (:func:`build_closure`, cheap to build), and is compiled to Python source
(:meth:`Compiler.compile_tree`) once it has run :data:`COMPILE_AFTER` times, so the
``compile()`` cost is only paid by templates that are executed often.
"""

from __future__ import annotations

import inspect
import itertools
import re
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from pyhelm.engine import nodes as N
from pyhelm.engine import runtime as rt
from pyhelm.engine.builtins import BUILTINS, GO_PARAMS, call_named, go_params
from pyhelm.engine.errors import ArgTypeError, ExecError, FuncError, TemplateError
from pyhelm.engine.lexer import go_quote

NEEDS_SET = "__go_needs_set__"


def needs_set(fn: Callable) -> Callable:
    """Mark a template function as wanting the executing :class:`TemplateSet` as its
    first argument (used for Helm's ``include`` and ``tpl``)."""
    setattr(fn, NEEDS_SET, True)
    return fn


class TemplateRuntimeError(Exception):
    """Internal: an execution failure raised by generated code or its helpers.

    ``cause`` is the error being wrapped (Go's ``%w``), if any.
    """

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause


_Err = TemplateRuntimeError


# ---------------------------------------------------------------------------
# helpers called by generated code


def _p(v: Any) -> str:
    """Text of an action's final value (``<no value>`` for nil)."""
    if type(v) is str:
        return v
    if type(v) is complex:
        return _complex_v(v)
    return rt.print_value(v)


def _complex_v(c: complex) -> str:
    """Go's ``%v`` of a complex128: ``(1+2i)``."""
    imag = rt.format_v(c.imag)
    if not imag.startswith(("-", "+")):
        imag = "+" + imag
    return f"({rt.format_v(c.real)}{imag}i)"


def _iface_type(v: Any, iface: bool) -> str:
    return "interface {}" if iface else rt.type_name(v)


_SCALARS = (str, int, float, bool, complex, bytes, bytearray, list, tuple)
_EXACT = frozenset({str, int, float, bool, complex, bytes, bytearray, list, tuple, dict})


def _is_method(attr: Any) -> bool:
    return inspect.ismethod(attr) or inspect.isbuiltin(attr) and getattr(attr, "__self__", None) is not None


def _method_of(recv: Any, name: str) -> Any:
    attr = getattr(type(recv), name, None)
    if attr is None or not callable(attr):
        return None
    return getattr(recv, name)


def _call_method(name: str, meth: Callable, args: tuple) -> Any:
    lo, hi = arity(meth)
    n = len(args)
    if hi is None:
        if n < lo:
            raise _Err(f"wrong number of args for {name}: want at least {lo} got {n}")
    elif n < lo or n > hi:
        raise _Err(f"wrong number of args for {name}: want {hi} got {n}")
    try:
        return meth(*args)
    except TemplateRuntimeError:
        raise
    except ArgTypeError as e:
        raise _Err(str(e)) from None
    except Exception as e:  # Go recovers panics in called functions
        raise _Err(f"error calling {name}: {e}", e) from None


def _field(recv: Any, name: str, iface: bool, strict: bool, args: tuple | None) -> tuple[Any, bool]:
    """One field step on a non-plain-dict receiver: (value, value-is-interface)."""
    if recv is None:
        if iface:
            raise _Err(f"nil pointer evaluating interface {{}}.{name}")
        if strict:
            raise _Err(f"nil data; no entry for key {go_quote(name)}")
        return None, False
    exact = type(recv) in _EXACT
    if not exact and name[:1].isupper():
        meth = _method_of(recv, name)
        if meth is not None:
            return _call_method(name, meth, args or ()), False
    if isinstance(recv, _SCALARS):
        raise _Err(f"can't evaluate field {name} in type {_iface_type(recv, iface)}")
    if not name[:1].isupper():
        if isinstance(recv, dict):
            return _map_key(recv, name, strict, args), True
        raise _Err(f"can't evaluate field {name} in type {_iface_type(recv, iface)}")
    if isinstance(recv, dict):
        return _map_key(recv, name, strict, args), True
    try:
        val = getattr(recv, name)
    except AttributeError:
        raise _Err(f"can't evaluate field {name} in type {_iface_type(recv, iface)}") from None
    if args:
        raise _Err(f"{name} has arguments but cannot be invoked as function")
    return val, False


def _map_key(recv: dict, name: str, strict: bool, args: tuple | None) -> Any:
    if args:
        raise _Err(f"{name} is not a method but has arguments")
    try:
        return recv[name]
    except KeyError:
        if strict:
            raise _Err(f"map has no entry for key {go_quote(name)}") from None
        return None


def _make_field_helpers(strict: bool) -> tuple[Callable, Callable]:
    def fld(recv: Any, names: tuple, iface: bool) -> Any:
        """Evaluate a field chain ``recv.a.b`` (no arguments)."""
        for name in names:
            if type(recv) is dict:
                if name in recv:
                    recv = recv[name]
                elif strict:
                    raise _Err(f"map has no entry for key {go_quote(name)}")
                else:
                    recv = None
                iface = True
            else:
                recv, iface = _field(recv, name, iface, strict, None)
        return recv

    def fldc(recv: Any, names: tuple, iface: bool, args: tuple) -> Any:
        """Evaluate ``recv.a.b ARGS``: the last field gets the arguments."""
        last = len(names) - 1
        for i, name in enumerate(names):
            a = args if i == last else None
            if type(recv) is dict and not a:
                if name in recv:
                    recv = recv[name]
                elif strict:
                    raise _Err(f"map has no entry for key {go_quote(name)}")
                else:
                    recv = None
                iface = True
            else:
                recv, iface = _field(recv, name, iface, strict, a)
        return recv

    return fld, fldc


def _make_fast_fields(fld: Callable) -> dict[str, Callable]:
    """``_f1``..``_f4``: non-strict field chains of 1-4 names with plain-dict hops inline."""

    def f1(r: Any, a: str, iface: bool) -> Any:
        if type(r) is dict:
            return r.get(a)
        return fld(r, (a,), iface)

    def f2(r: Any, a: str, b: str, iface: bool) -> Any:
        if type(r) is dict:
            r = r.get(a)
            if type(r) is dict:
                return r.get(b)
            return fld(r, (b,), True)
        return fld(r, (a, b), iface)

    def f3(r: Any, a: str, b: str, c: str, iface: bool) -> Any:
        if type(r) is dict:
            r = r.get(a)
            if type(r) is dict:
                r = r.get(b)
                if type(r) is dict:
                    return r.get(c)
                return fld(r, (c,), True)
            return fld(r, (b, c), True)
        return fld(r, (a, b, c), iface)

    def f4(r: Any, a: str, b: str, c: str, d: str, iface: bool) -> Any:
        if type(r) is dict:
            r = r.get(a)
            if type(r) is dict:
                return f3(r, b, c, d, True)
            return fld(r, (b, c, d), True)
        return fld(r, (a, b, c, d), iface)

    return {"_f1": f1, "_f2": f2, "_f3": f3, "_f4": f4}


def _rng(val: Any, nvars: int) -> Any:
    """What ``range`` iterates: pairs (index/key, element), or None for no iteration."""
    t = type(val)
    if t is list or t is tuple:
        return enumerate(val) if val else None
    if t is dict:
        if not val:
            return None
        return [(k, val[k]) for k in _sorted_keys(val)]
    if val is None:
        return None
    if t is int:
        if nvars > 1:
            raise _Err(f"can't use {val} to iterate over more than one variable")
        return ((i, i) for i in range(val)) if val > 0 else None
    if isinstance(val, dict) or hasattr(val, "items") and hasattr(val, "keys"):
        keys = list(val.keys())
        if not keys:
            return None
        return [(k, val[k]) for k in _sorted_keys_list(keys)]
    if isinstance(val, (list, tuple, bytes, bytearray)):
        return enumerate(val) if len(val) else None
    raise _Err(f"range can't iterate over {rt.format_v(val)}")


def _sorted_keys(d: dict) -> list:
    try:
        return sorted(d)
    except TypeError:
        return sorted(d, key=lambda k: (type(k).__name__, str(k)))


def _sorted_keys_list(keys: list) -> list:
    try:
        return sorted(keys)
    except TypeError:
        return sorted(keys, key=lambda k: (type(k).__name__, str(k)))


def _raise(msg: str) -> Any:
    raise _Err(msg)


# ---------------------------------------------------------------------------
# arity (Go checks the argument count against the function's signature)

_ARITY: dict[Any, tuple[int, int | None]] = {}


def arity(fn: Callable) -> tuple[int, int | None]:
    """(minimum, maximum or None if variadic) positional arguments of ``fn``.

    Functions marked with :func:`needs_set` don't count their first parameter.
    Unknown signatures accept anything.
    """
    key = getattr(fn, "__func__", fn)
    try:
        return _ARITY[key]
    except (KeyError, TypeError):
        pass
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        res: tuple[int, int | None] = (0, None)
    else:
        lo = hi = 0
        var = False
        for p in sig.parameters.values():
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                hi += 1
                if p.default is p.empty:
                    lo += 1
            elif p.kind == p.VAR_POSITIONAL:
                var = True
        if getattr(fn, NEEDS_SET, False):
            lo, hi = max(lo - 1, 0), max(hi - 1, 0)
        res = (lo, None if var else hi)
    try:
        _ARITY[key] = res
    except TypeError:
        pass
    return res


# ---------------------------------------------------------------------------
# error construction


def location(tree: N.Tree, node: N.Node) -> tuple[str, int, int]:
    """Go's ``ErrorContext`` location: (``FILE:LINE:COL``, line, byte column)."""
    text = tree.text
    pos = node.pos
    before = text[:pos]
    nl = before.rfind("\n")
    line = before.count("\n") + 1
    col = len(before[nl + 1 :].encode("utf-8", "surrogatepass"))
    return f"{tree.parse_name}:{line}:{col}", line, col


def make_exec_error(tree: N.Tree, name: str, node: N.Node, message: str, cause: BaseException | None) -> ExecError:
    """Build Go's ExecError text and attach ``name line col node message location cause``."""
    loc, line, col = location(tree, node)
    ctx = str(node)
    text = f"template: {loc}: executing {go_quote(name)} at <{ctx}>: {message}"
    err = ExecError(text, name=name, message=message)
    err.line = line  # type: ignore[attr-defined]
    err.col = col  # type: ignore[attr-defined]
    err.node = ctx  # type: ignore[attr-defined]
    err.location = loc  # type: ignore[attr-defined]
    err.cause = cause  # type: ignore[attr-defined]
    return err


class _Info:
    """Per compiled template: its tree, name and generated-line → (node, call name) map."""

    __slots__ = ("tree", "name", "lines", "sorted_lines", "finals")

    def __init__(self, tree: N.Tree, name: str) -> None:
        self.tree = tree
        self.name = name
        self.lines: dict[int, tuple[N.Node, str | None]] = {}
        self.sorted_lines: list[int] = []
        self.finals: dict[int, bool] = {}

    def lookup(self, lineno: int) -> tuple[N.Node, str | None]:
        hit = self.lines.get(lineno)
        if hit is not None:
            return hit
        import bisect

        i = bisect.bisect_right(self.sorted_lines, lineno) - 1
        if i >= 0:
            return self.lines[self.sorted_lines[i]]
        root = self.tree.root
        return (root if root is not None else N.TextNode(0, "")), None


def _arg_node(e: ArgTypeError, cmd: N.Node, has_final: bool | None) -> N.Node:
    """The argument node Go reports a wrong-typed argument at.

    Uses ``e.arg_index`` (0-based over all arguments, the piped value last) when the
    function set it; otherwise the first non-literal argument.  A piped value is
    reported at the command's last argument (Go's last evaluated node).
    """
    if not isinstance(cmd, N.CommandNode):
        return cmd
    args = cmd.args[1:]
    idx = getattr(e, "arg_index", None)
    if idx is None:
        cands = [i for i, a in enumerate(args) if not isinstance(a, _LITERALS)]
        if has_final:
            cands.append(len(args))
        idx = cands[0] if cands else None
    if idx is None:
        return cmd
    if idx < len(args):
        return args[idx]
    return args[-1] if args else cmd.args[0]


_LITERALS = (N.StringNode, N.NumberNode, N.BoolNode, N.NilNode)


def _fail(e: BaseException, tb: TracebackType | None, info: _Info) -> BaseException:
    """Turn an exception caught in a compiled template into the ExecError to raise."""
    lineno = tb.tb_lineno if tb is not None else 0
    node, call = info.lookup(lineno)
    return error_at(e, node, call, bool(info.finals.get(lineno)), info.tree, info.name)


def error_at(
    e: BaseException, node: N.Node, call: str | None, has_final: bool, tree: N.Tree, name: str
) -> BaseException:
    """The ExecError for exception ``e`` raised while evaluating ``node`` (a call of
    function ``call`` when not None) in template ``name``."""
    if isinstance(e, TemplateRuntimeError):
        return make_exec_error(tree, name, node, e.message, e.cause)
    if isinstance(e, RecursionError):
        # Go stops {{template}} recursion at its depth limit; Python's stack ends first.
        # The innermost template action reports it; everything else lets it pass.
        if isinstance(node, N.TemplateNode):
            return make_exec_error(tree, name, node, "exceeded maximum template depth (100000)", None)
        return e
    if call is None:
        if isinstance(e, ExecError):
            return e  # from a nested {{template}}: propagates unchanged
        if isinstance(e, RecursionError):
            return make_exec_error(tree, name, node, "exceeded maximum template depth (100000)", None)
        if isinstance(e, UnboundLocalError):
            return make_exec_error(tree, name, node, f"undefined variable: {e}", None)
        return make_exec_error(tree, name, node, str(e), e)
    if isinstance(e, ArgTypeError):
        return make_exec_error(tree, name, _arg_node(e, node, has_final), str(e), None)
    if isinstance(e, RecursionError):
        return make_exec_error(tree, name, node, f"error calling {call}: exceeded maximum template depth (100000)", e)
    return make_exec_error(tree, name, node, f"error calling {call}: {e}", e)


# ---------------------------------------------------------------------------
# code generation

_MARK = re.compile("\x00(\\d+)\x01")
_Mark = tuple  # (node, call name or None, has piped final argument)
_IFACE, _VALUE = "True", "False"


class _Gen:
    """Generates the Python source of one template function."""

    def __init__(self, comp: Compiler, tree: N.Tree, fname: str) -> None:
        self.comp = comp
        self.tree = tree
        self.fname = fname
        self.lines: list[str] = []
        self.indent = 1
        self.marks: list[_Mark] = []
        self.vars: list[tuple[str, str, str]] = [("$", "root", _VALUE)]
        self.counter = itertools.count()

    # -- plumbing ----------------------------------------------------------------
    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def mark(self, node: N.Node, call: str | None = None, has_final: bool = False) -> str:
        self.marks.append((node, call, has_final))
        return f"\x00{len(self.marks) - 1}\x01"

    def new(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter)}"

    def lookup_var(self, name: str) -> tuple[str, str] | None:
        for go, py, kind in reversed(self.vars):
            if go == name:
                return py, kind
        return None

    # -- statements ----------------------------------------------------------------
    def block(self, lst: N.ListNode | None, dot: str, dkind: str) -> None:
        start = len(self.lines)
        if lst is not None:
            for n in lst.nodes:
                self.node(n, dot, dkind)
        if len(self.lines) == start:
            self.emit("pass")

    def node(self, n: N.Node, dot: str, dkind: str) -> None:
        if isinstance(n, N.TextNode):
            self.emit(f"_a({n.text!r})")
        elif isinstance(n, N.ActionNode):
            self.action(n, dot, dkind)
        elif isinstance(n, N.IfNode):
            self.if_(n, dot, dkind)
        elif isinstance(n, N.RangeNode):
            self.range_(n, dot, dkind)
        elif isinstance(n, N.WithNode):
            self.with_(n, dot, dkind)
        elif isinstance(n, N.TemplateNode):
            self.template(n, dot, dkind)
        elif isinstance(n, N.BreakNode):
            self.emit("break")
        elif isinstance(n, N.ContinueNode):
            self.emit("continue")
        elif isinstance(n, N.ListNode):
            self.block(n, dot, dkind)

    def action(self, n: N.ActionNode, dot: str, dkind: str) -> None:
        val = self.pipe(n.pipe, dot, dkind)
        if n.pipe.decl:
            self.emit(f"({val})")
        else:
            self.emit(f"_a(_p({val}))")

    def declare(self, pipe: N.PipeNode) -> list[str]:
        """Python names for the pipeline's declared/assigned variables (in order)."""
        names = []
        for v in pipe.decl:
            go = v.ident[0]
            if pipe.is_assign:
                found = self.lookup_var(go)
                names.append(found[0] if found else "")
            else:
                py = self.new("v")
                self.vars.append((go, py, _VALUE))
                names.append(py)
        return names

    def if_(self, n: N.IfNode, dot: str, dkind: str) -> None:
        nvars = len(self.vars)
        cond = self.pipe(n.pipe, dot, dkind)
        self._branches(f"if ({cond}):", n, (dot, dkind), (dot, dkind))
        del self.vars[nvars:]

    def with_(self, n: N.WithNode, dot: str, dkind: str) -> None:
        nvars = len(self.vars)
        d = self.new("d")
        val = self.pipe(n.pipe, dot, dkind)
        self._branches(f"if ({d} := ({val})):", n, (d, _VALUE), (dot, dkind))
        del self.vars[nvars:]

    def _branches(self, header: str, n: N.BranchNode, then_dot: tuple[str, str], else_dot: tuple[str, str]) -> None:
        """``header`` then the body with ``then_dot`` as dot, and the else list (if any) with ``else_dot``."""
        self.emit(header)
        self.indent += 1
        self.block(n.list, *then_dot)
        self.indent -= 1
        if n.else_list is not None:
            self.emit("else:")
            self.indent += 1
            self.block(n.else_list, *else_dot)
            self.indent -= 1

    def range_(self, n: N.RangeNode, dot: str, dkind: str) -> None:
        nvars = len(self.vars)
        pipe = n.pipe
        val = self.pipe(pipe, dot, dkind, decl=False)
        names = self.declare(pipe)
        rv, r, k, d, dk = self.new("rv"), self.new("r"), self.new("k"), self.new("d"), self.new("dk")
        last = _last_at(pipe)
        self.emit(f"{rv} = {_walrus([nm for nm in names if nm], val)}")
        self.emit(f"{r} = ({self.mark(last)}_rng({rv}, {len(names)}))")
        # elements of slices and maps are interface values; a range over an int is not
        self.emit(f"{dk} = type({rv}) is not int")
        if not pipe.is_assign:
            self.vars_fix_kind(names[-1:], dk)
        self.emit(f"if {r} is not None:")
        self.indent += 1
        self.emit(f"for {k}, {d} in {r}:")
        self.indent += 1
        if len(names) == 1 and names[0]:
            self.emit(f"{names[0]} = {d}")
        elif len(names) == 2:
            if names[0]:
                self.emit(f"{names[0]} = {k}")
            if names[1]:
                self.emit(f"{names[1]} = {d}")
        self.block(n.list, d, dk)
        self.indent -= 2
        if n.else_list is not None:
            self.emit("else:")
            self.indent += 1
            self.block(n.else_list, dot, dkind)
            self.indent -= 1
        del self.vars[nvars:]

    def vars_fix_kind(self, names: list[str], kind: str) -> None:
        for i, (go, py, _k) in enumerate(self.vars):
            if py in names:
                self.vars[i] = (go, py, kind)

    def template(self, n: N.TemplateNode, dot: str, dkind: str) -> None:
        m = self.mark(n)
        val = self.pipe(n.pipe, dot, dkind) if n.pipe is not None else "None"
        self.emit(f"_a({m}E.tmpl({n.name!r})(E, ({val})))")

    # -- expressions ---------------------------------------------------------------
    def pipe(self, pipe: N.PipeNode, dot: str, dkind: str, decl: bool = True) -> str:
        """Expression code of a pipeline (assigning its variables when ``decl``)."""
        val: str | None = None
        for i, cmd in enumerate(pipe.cmds):
            val = self.command(cmd, dot, dkind, val, _pipe_first_at(pipe, i))
        assert val is not None
        if decl and pipe.decl:
            names = self.declare(pipe)
            if not all(names):
                bad = next(v.ident[0] for v, nm in zip(pipe.decl, names, strict=True) if not nm)
                return f"{self.mark(_last_at(pipe))}_raise({('undefined variable: ' + bad)!r})"
            val = _walrus(names, val)
        return val

    def command(self, cmd: N.CommandNode, dot: str, dkind: str, final: str | None, at: N.Node) -> str:
        first = cmd.args[0]
        rest = cmd.args[1:]
        if isinstance(first, N.IdentifierNode):
            return self.call(first, cmd, rest, dot, dkind, final)
        if isinstance(first, N.FieldNode):
            return self.fields(first, dot, dkind, tuple(first.ident), rest, final, dot_kind=dkind)
        if isinstance(first, N.VariableNode):
            return self.variable(first, dot, dkind, rest, final)
        if isinstance(first, N.ChainNode):
            return self.chain(first, dot, dkind, rest, final)
        if rest or final is not None:
            where = at if isinstance(first, N.PipeNode) else first
            return f"{self.mark(where)}_raise({('can' + chr(39) + 't give argument to non-function ' + str(first))!r})"
        if isinstance(first, N.PipeNode):
            return f"({self.pipe(first, dot, dkind)})"
        if isinstance(first, N.NilNode):
            return f"{self.mark(first)}_raise('nil is not a command')"
        return self.arg(first, dot, dkind)

    def chain(self, a: N.ChainNode, dot: str, dkind: str, rest: list, final: str | None) -> str:
        """``(pipeline).f.g``: Go reports field errors at the receiver's last evaluated node."""
        if isinstance(a.node, N.NilNode):
            return f"{self.mark(a)}_raise({('indirection through explicit nil in ' + str(a))!r})"
        recv = self.arg(a.node, dot, dkind)
        at = _last_at(a.node) if isinstance(a.node, N.PipeNode) else a.node
        return self.fields(at, dot, dkind, tuple(a.field), rest, final, recv=recv, dot_kind=_VALUE)

    def variable(self, v: N.VariableNode, dot: str, dkind: str, rest: list, final: str | None) -> str:
        found = self.lookup_var(v.ident[0])
        py, kind = found if found else ("None", _VALUE)
        if len(v.ident) == 1:
            if rest or final is not None:
                return f"{self.mark(v)}_raise({('can' + chr(39) + 't give argument to non-function ' + str(v))!r})"
            return py
        return self.fields(v, dot, dkind, tuple(v.ident[1:]), rest, final, recv=py, dot_kind=kind)

    def fields(
        self,
        node: N.Node,
        dot: str,
        dkind: str,
        names: tuple,
        rest: list,
        final: str | None,
        recv: str | None = None,
        dot_kind: str = _VALUE,
    ) -> str:
        recv = dot if recv is None else recv
        m = self.mark(node)
        if not rest and final is None:
            if self.comp.strict or len(names) > 4:
                return f"{m}_fld({recv}, {names!r}, {dot_kind})"
            return f"{m}_f{len(names)}({recv}, {', '.join(map(repr, names))}, {dot_kind})"
        args = [self.arg(a, dot, dkind) for a in rest]
        if final is not None:
            t = self.new("_v")
            recv = f"((({t} := ({final})), {recv})[1])"
            args.append(t)
        return f"{m}_fldc({recv}, {names!r}, {dot_kind}, ({', '.join(args)},))"

    def call(self, ident: N.IdentifierNode, cmd: N.CommandNode, rest: list, dot: str, dkind: str, final: str | None) -> str:
        name = ident.ident
        fn = self.comp.funcs[name]
        n = len(rest) + (final is not None)
        err = _arity_error(name, fn, len(rest), n)
        if err:
            raise_code = f"{self.mark(ident)}_raise({err!r})"
            return raise_code if final is None else f"(({final}), {raise_code})[1]"
        params = getattr(fn, GO_PARAMS, None)
        args = [self.typed_arg(a, dot, dkind, _param_type(params, i)) for i, a in enumerate(rest)]
        builtin = BUILTINS.get(name) is fn
        if builtin and name in ("and", "or"):
            op = " and " if name == "and" else " or "
            if final is None:
                return "(" + op.join(f"({a})" for a in args) + ")"
            if not args:
                return f"({final})"
            t = self.new("_v")
            return f"((({t} := ({final})), (" + op.join(f"({a})" for a in args) + f"{op}{t}))[1])"
        self.final_first(args, final)
        if builtin and name == "not":
            return f"(not ({args[0]}))"
        m = self.mark(cmd, name, final is not None)
        if builtin and name == "call":
            return f"{m}_calln({str(rest[0]) if rest else ''!r}, {', '.join(args)})"
        fvar = self.comp.func_var(name)
        if getattr(fn, NEEDS_SET, False):
            args.insert(0, "E")
        return f"{m}{fvar}({', '.join(args)})"

    def final_first(self, args: list[str], final: str | None) -> None:
        """Append the piped value to ``args`` so that it is evaluated before them, as in Go
        (the previous command runs first)."""
        if final is None:
            return
        if not args:
            args.append(final)
            return
        t = self.new("_v")
        args[0] = f"((({t} := ({final})), {args[0]})[1])"
        args.append(t)

    def typed_arg(self, a: N.Node, dot: str, dkind: str, ptype: str | None) -> str:
        """An argument for a parameter of Go type ``ptype``: literals are checked and
        converted as Go's ``evalArg`` does (``expected string; found 1``)."""
        if ptype is None or ptype not in _LITERAL_KINDS:
            return self.arg(a, dot, dkind)
        if isinstance(a, N.NilNode):
            return f"{self.mark(a)}_raise({('cannot assign nil to ' + ptype)!r})"
        if not isinstance(a, (N.StringNode, N.NumberNode, N.BoolNode)):
            return self.arg(a, dot, dkind)
        ok, value, want = _convert_literal(a, ptype)
        if not ok:
            return f"{self.mark(a)}_raise({f'expected {want}; found {a}'!r})"
        return repr(value)

    def arg(self, a: N.Node, dot: str, dkind: str) -> str:
        """Expression code of one argument (Go's ``evalArg`` for interface{} parameters)."""
        if isinstance(a, N.StringNode):
            return repr(a.text)
        if isinstance(a, N.NumberNode):
            if isinstance(a.value, N.Overflow):
                return f"{self.mark(a)}_raise({(a.text + ' overflows int')!r})"
            return repr(a.value)
        if isinstance(a, N.BoolNode):
            return "True" if a.value else "False"
        if isinstance(a, N.NilNode):
            return "None"
        if isinstance(a, N.DotNode):
            return dot
        if isinstance(a, N.FieldNode):
            return self.fields(a, dot, dkind, tuple(a.ident), [], None, dot_kind=dkind)
        if isinstance(a, N.VariableNode):
            return self.variable(a, dot, dkind, [], None)
        if isinstance(a, N.PipeNode):
            return f"({self.pipe(a, dot, dkind)})"
        if isinstance(a, N.IdentifierNode):
            return self.call(a, N.CommandNode(a.pos, [a]), [], dot, dkind, None)
        if isinstance(a, N.ChainNode):
            return self.chain(a, dot, dkind, [], None)
        return f"{self.mark(a)}_raise({('can' + chr(39) + 't handle ' + str(a))!r})"

    # -- assembly --------------------------------------------------------------------
    def source(self, body_root: N.ListNode | None) -> tuple[str, list[_Mark]]:
        self.block(body_root, "dot", _VALUE)
        head = [
            f"def {self.fname}(E, dot):",
            "    out = []",
            "    _a = out.append",
            "    root = dot",
            "    try:",
        ]
        body = ["    " + ln for ln in self.lines]
        tail = [
            "    except Exception as e:",
            f"        raise _fail(e, e.__traceback__, {self.fname}_info) from None",
            "    return ''.join(out)",
            "",
        ]
        return "\n".join(head + body + tail), self.marks


_LITERAL_KINDS = {"string", "int", "int64", "float64", "bool"}


def _param_type(params: tuple | None, i: int) -> str | None:
    if not params:
        return None
    return params[i] if i < len(params) else params[-1]


def _convert_literal(a: N.Node, ptype: str) -> tuple[bool, Any, str]:
    """(ok, converted value, Go's word for the wanted kind) for a literal argument."""
    if ptype == "string":
        return isinstance(a, N.StringNode), getattr(a, "text", None), "string"
    if ptype == "bool":
        return isinstance(a, N.BoolNode), getattr(a, "value", None), "bool"
    if not isinstance(a, N.NumberNode) or isinstance(a.value, (complex, N.Overflow)):
        return False, None, "float" if ptype == "float64" else "integer"
    v = a.value
    if ptype == "float64":
        return True, float(v), "float"
    if isinstance(v, float):
        if v.is_integer():
            return True, int(v), "integer"
        return False, None, "integer"
    return True, v, "integer"


def _walrus(names: list[str], val: str) -> str:
    """``(a := (b := (val)))``: assign ``val`` to every name, keeping its value."""
    out = f"({val})"
    for nm in reversed(names):
        out = f"({nm} := {out})"
    return out


def _arity_error(name: str, fn: Callable, nargs: int, n: int) -> str | None:
    lo, hi = arity(fn)
    if hi is None:
        if n < lo:
            return f"wrong number of args for {name}: want at least {lo} got {nargs}"
        return None
    if n < lo or n > hi:
        return f"wrong number of args for {name}: want {hi} got {n}"
    return None


def _last_at(pipe: N.PipeNode) -> N.Node:
    """The node Go's executor last pointed at after evaluating ``pipe`` (for errors)."""
    return _cmd_last_at(pipe.cmds[-1])


def _cmd_last_at(cmd: N.CommandNode) -> N.Node:
    """The node Go's executor last pointed at after evaluating command ``cmd``."""
    first = cmd.args[0]
    if isinstance(first, N.IdentifierNode):
        if len(cmd.args) > 1:
            last = cmd.args[-1]
            if isinstance(last, N.PipeNode):
                return _last_at(last)
            return last
        return first
    if isinstance(first, N.PipeNode):
        return _last_at(first)
    if len(cmd.args) > 1:
        return cmd.args[-1]
    return first


def _pipe_first_at(pipe: N.PipeNode, i: int) -> N.Node:
    """Where Go points when command ``i`` of ``pipe`` starts with a parenthesized pipeline
    given arguments: the pipeline itself, or the previous command's last node."""
    return pipe if i == 0 else _cmd_last_at(pipe.cmds[i - 1])


# ---------------------------------------------------------------------------
# closure backend: cold templates run as a tree of Python closures (no compile())


class _Located(Exception):
    """Internal: exception ``exc`` raised at ``node`` (a call of ``call`` if not None)."""

    def __init__(self, node: N.Node, call: str | None, has_final: bool, exc: BaseException) -> None:
        super().__init__()
        self.node = node
        self.call = call
        self.has_final = has_final
        self.exc = exc


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _located(node: N.Node, call: str | None = None, has_final: bool = False) -> Callable:
    """Closure raising the given message at ``node`` (build-time detected errors)."""

    def raiser(msg: str) -> Callable:
        def ev(dot: Any, f: list, final: Any = None) -> Any:
            raise _Located(node, call, has_final, _Err(msg))

        return ev

    return raiser


class _Build:
    """Builds the closure tree of one template (same semantics as :class:`_Gen`)."""

    def __init__(self, comp: Compiler, tree: N.Tree, name: str) -> None:
        self.comp = comp
        self.tree = tree
        self.name = name
        self.vars: list[tuple[str, int, Any]] = [("$", 1, False)]
        self.nslots = 2  # 0: executing set, 1: $

    def lookup_var(self, name: str) -> tuple[int, Any] | None:
        for go, slot, kind in reversed(self.vars):
            if go == name:
                return slot, kind
        return None

    def new_slot(self) -> int:
        self.nslots += 1
        return self.nslots - 1

    # -- statements ----------------------------------------------------------------
    def block(self, lst: N.ListNode | None) -> Callable:
        fs = [self.node(n) for n in (lst.nodes if lst is not None else [])]
        fs = [x for x in fs if x is not None]
        if not fs:
            return _nop
        if len(fs) == 1:
            return fs[0]
        fst = tuple(fs)

        def run(dot: Any, f: list, a: Callable) -> None:
            for st in fst:
                st(dot, f, a)

        return run

    def node(self, n: N.Node) -> Callable | None:
        if isinstance(n, N.TextNode):
            text = n.text

            def st_text(dot: Any, f: list, a: Callable) -> None:
                a(text)

            return st_text
        if isinstance(n, N.ActionNode):
            return self.action(n)
        if isinstance(n, N.IfNode):
            return self.if_(n)
        if isinstance(n, N.RangeNode):
            return self.range_(n)
        if isinstance(n, N.WithNode):
            return self.with_(n)
        if isinstance(n, N.TemplateNode):
            return self.template(n)
        if isinstance(n, N.BreakNode):
            return _st_break
        if isinstance(n, N.ContinueNode):
            return _st_continue
        if isinstance(n, N.ListNode):
            return self.block(n)
        return None

    def action(self, n: N.ActionNode) -> Callable:
        ev = self.pipe(n.pipe)
        if n.pipe.decl:

            def st_decl(dot: Any, f: list, a: Callable) -> None:
                ev(dot, f)

            return st_decl

        def st_print(dot: Any, f: list, a: Callable) -> None:
            v = ev(dot, f)
            a(v if type(v) is str else _p(v))

        return st_print

    def if_(self, n: N.IfNode) -> Callable:
        nvars = len(self.vars)
        cond = self.pipe(n.pipe)
        body = self.block(n.list)
        other = self.block(n.else_list)
        del self.vars[nvars:]

        def st_if(dot: Any, f: list, a: Callable) -> None:
            if cond(dot, f):
                body(dot, f, a)
            else:
                other(dot, f, a)

        return st_if

    def with_(self, n: N.WithNode) -> Callable:
        nvars = len(self.vars)
        val = self.pipe(n.pipe)
        body = self.with_dot_kind(False, lambda: self.block(n.list))
        other = self.block(n.else_list)
        del self.vars[nvars:]

        def st_with(dot: Any, f: list, a: Callable) -> None:
            v = val(dot, f)
            if v:
                body(v, f, a)
            else:
                other(dot, f, a)

        return st_with

    def range_(self, n: N.RangeNode) -> Callable:
        nvars = len(self.vars)
        pipe = n.pipe
        val = self.pipe(pipe, decl=False)
        slots = self.declare(pipe)
        kslot = self.new_slot()
        kind = _DynKind(kslot)
        if not pipe.is_assign and slots:
            go, slot, _k = self.vars[-1]
            self.vars[-1] = (go, slot, kind)
        body = self.with_dot_kind(kind, lambda: self.block(n.list))
        other = self.block(n.else_list) if n.else_list is not None else None
        del self.vars[nvars:]
        at = _last_at(pipe)
        count = len(slots)
        s0 = slots[0] if slots else None
        s1 = slots[1] if count > 1 else None

        def st_range(dot: Any, f: list, a: Callable) -> None:
            v = val(dot, f)
            for s in slots:
                if s is not None:
                    f[s] = v
            try:
                it = _rng(v, count)
            except Exception as e:
                raise _Located(at, None, False, e) from None
            if it is None:
                if other is not None:
                    other(dot, f, a)
                return
            f[kslot] = type(v) is not int
            for k, d in it:
                if count == 1:
                    if s0 is not None:
                        f[s0] = d
                elif count == 2:
                    if s0 is not None:
                        f[s0] = k
                    if s1 is not None:
                        f[s1] = d
                try:
                    body(d, f, a)
                except _Continue:
                    continue
                except _Break:
                    break

        return st_range

    def template(self, n: N.TemplateNode) -> Callable:
        name = n.name
        pipe = self.pipe(n.pipe) if n.pipe is not None else None

        def st_template(dot: Any, f: list, a: Callable) -> None:
            env = f[0]
            try:
                fn = env.tmpl(name)
            except Exception as e:
                raise _Located(n, None, False, e) from None
            v = pipe(dot, f) if pipe is not None else None
            try:
                a(fn(env, v))
            except RecursionError as e:
                # the running template's handler reports it (see error_at)
                raise _Located(n, None, False, e) from None

        return st_template

    # -- expressions ---------------------------------------------------------------
    def declare(self, pipe: N.PipeNode) -> list[int | None]:
        out: list[int | None] = []
        for v in pipe.decl:
            go = v.ident[0]
            if pipe.is_assign:
                found = self.lookup_var(go)
                out.append(found[0] if found else None)
            else:
                slot = self.new_slot()
                self.vars.append((go, slot, False))
                out.append(slot)
        return out

    def pipe(self, pipe: N.PipeNode, decl: bool = True) -> Callable:
        """Closure ``ev(dot, f)`` of a pipeline (assigning its variables when ``decl``)."""
        cmds = [self.command(c, i > 0, _pipe_first_at(pipe, i)) for i, c in enumerate(pipe.cmds)]
        first, rest = cmds[0], tuple(cmds[1:])
        if rest:

            def ev(dot: Any, f: list) -> Any:
                v = first(dot, f, None)
                for c in rest:
                    v = c(dot, f, v)
                return v

        else:

            def ev(dot: Any, f: list) -> Any:
                return first(dot, f, None)

        if not (decl and pipe.decl):
            return ev
        slots = self.declare(pipe)
        if any(s is None for s in slots):
            bad = next(v.ident[0] for v, s in zip(pipe.decl, slots, strict=True) if s is None)
            return _drop_final(_located(_last_at(pipe))("undefined variable: " + bad))
        inner = ev

        def ev_decl(dot: Any, f: list) -> Any:
            v = inner(dot, f)
            for s in slots:
                f[s] = v
            return v

        return ev_decl

    def command(self, cmd: N.CommandNode, has_final: bool, at: N.Node) -> Callable:
        """Closure ``c(dot, f, final)`` of one command."""
        first = cmd.args[0]
        rest = cmd.args[1:]
        if isinstance(first, N.IdentifierNode):
            return self.call(first, cmd, rest, has_final)
        if isinstance(first, N.FieldNode):
            recv = _ev_dot
            return self.fields(first, recv, first.ident, rest, has_final, iface=None)
        if isinstance(first, N.VariableNode):
            return self.variable(first, rest, has_final)
        if isinstance(first, N.ChainNode):
            return self.chain(first, rest, has_final)
        if rest or has_final:
            where = at if isinstance(first, N.PipeNode) else first
            return _located(where)("can't give argument to non-function " + str(first))
        if isinstance(first, N.NilNode):
            return _located(first)("nil is not a command")
        ev = self.arg(first)
        return lambda dot, f, final: ev(dot, f)

    def variable(self, v: N.VariableNode, rest: list, has_final: bool) -> Callable:
        found = self.lookup_var(v.ident[0])
        slot, kind = found if found else (None, False)
        if slot is None:
            recv = _ev_none
        else:

            def recv(dot: Any, f: list, _s: int = slot) -> Any:
                return f[_s]

        if len(v.ident) == 1:
            if rest or has_final:
                return _located(v)("can't give argument to non-function " + str(v))
            return lambda dot, f, final: recv(dot, f)
        return self.fields(v, recv, v.ident[1:], rest, has_final, iface=kind)

    def chain(self, a: N.ChainNode, rest: list, has_final: bool) -> Callable:
        if isinstance(a.node, N.NilNode):
            return _located(a)("indirection through explicit nil in " + str(a))
        recv = self.arg(a.node)
        at = _last_at(a.node) if isinstance(a.node, N.PipeNode) else a.node
        return self.fields(at, recv, a.field, rest, has_final, iface=False)

    def fields(
        self, node: N.Node, recv: Callable, names: list, rest: list, has_final: bool, iface: Any
    ) -> Callable:
        """Field chain closure; ``iface`` None means "whatever kind dot has here" (dot
        kinds are known while building: range elements are interface values)."""
        names_t = tuple(names)
        fld = self.comp.ns["_fld"]
        fldc = self.comp.ns["_fldc"]
        kind = self.dot_kind if iface is None else iface
        if isinstance(kind, _DynKind):
            ks = kind.slot
            kind_of: Callable[[list], Any] = lambda f: f[ks]  # noqa: E731
        else:
            kind_of = _const_kind(kind)
        if not rest and not has_final:

            def ev(dot: Any, f: list, final: Any = None) -> Any:
                try:
                    return fld(recv(dot, f), names_t, kind_of(f))
                except (_Located, RecursionError):
                    raise
                except Exception as e:
                    raise _Located(node, None, False, e) from None

            return ev
        args = tuple(self.arg(x) for x in rest)

        def ev_args(dot: Any, f: list, final: Any = None) -> Any:
            r = recv(dot, f)
            vals = [x(dot, f) for x in args]
            if has_final:
                vals.append(final)
            try:
                return fldc(r, names_t, kind_of(f), tuple(vals))
            except (_Located, RecursionError):
                raise
            except Exception as e:
                raise _Located(node, None, False, e) from None

        return ev_args

    def call(self, ident: N.IdentifierNode, cmd: N.CommandNode, rest: list, has_final: bool) -> Callable:
        name = ident.ident
        fn = self.comp.funcs[name]
        err = _arity_error(name, fn, len(rest), len(rest) + has_final)
        if err:
            return _located(ident)(err)
        params = getattr(fn, GO_PARAMS, None)
        args = tuple(self.typed_arg(a, _param_type(params, i)) for i, a in enumerate(rest))
        builtin = BUILTINS.get(name) is fn
        if builtin and name in ("and", "or"):
            want = name == "or"

            def ev_andor(dot: Any, f: list, final: Any) -> Any:
                v = None
                for x in args:
                    v = x(dot, f)
                    if bool(v) == want:
                        return v
                return final if has_final else v

            return ev_andor
        if builtin and name == "not":
            only = args[0] if args else None

            def ev_not(dot: Any, f: list, final: Any) -> Any:
                return not (only(dot, f) if only is not None else final)

            return ev_not
        set_first = bool(getattr(fn, NEEDS_SET, False))
        if builtin and name == "call":
            callee = str(rest[0]) if rest else ""
            target: Callable = lambda *xs: call_named(callee, *xs)  # noqa: E731
        else:
            target = fn

        def ev_call(dot: Any, f: list, final: Any) -> Any:
            vals = [x(dot, f) for x in args]
            if has_final:
                vals.append(final)
            if set_first:
                vals.insert(0, f[0])
            try:
                return target(*vals)
            except RecursionError:
                raise
            except Exception as e:
                raise _Located(cmd, name, has_final, e) from None

        return ev_call

    def typed_arg(self, a: N.Node, ptype: str | None) -> Callable:
        if ptype is None or ptype not in _LITERAL_KINDS:
            return self.arg(a)
        if isinstance(a, N.NilNode):
            return _drop_final(_located(a)("cannot assign nil to " + ptype))
        if not isinstance(a, (N.StringNode, N.NumberNode, N.BoolNode)):
            return self.arg(a)
        ok, value, want = _convert_literal(a, ptype)
        if not ok:
            return _drop_final(_located(a)(f"expected {want}; found {a}"))
        return _const(value)

    def arg(self, a: N.Node) -> Callable:
        """Closure ``ev(dot, f)`` of one argument (Go's ``evalArg`` for interface{})."""
        if isinstance(a, N.StringNode):
            return _const(a.text)
        if isinstance(a, N.NumberNode):
            if isinstance(a.value, N.Overflow):
                return _drop_final(_located(a)(a.text + " overflows int"))
            return _const(a.value)
        if isinstance(a, N.BoolNode):
            return _const(a.value)
        if isinstance(a, N.NilNode):
            return _const(None)
        if isinstance(a, N.DotNode):
            return _ev_dot
        if isinstance(a, N.FieldNode):
            return _drop_final(self.fields(a, _ev_dot, a.ident, [], False, iface=None))
        if isinstance(a, N.VariableNode):
            return _drop_final(self.variable(a, [], False))
        if isinstance(a, N.PipeNode):
            return self.pipe(a)
        if isinstance(a, N.IdentifierNode):
            return _drop_final(self.call(a, N.CommandNode(a.pos, [a]), [], False))
        if isinstance(a, N.ChainNode):
            return _drop_final(self.chain(a, [], False))
        return _drop_final(_located(a)("can't handle " + str(a)))

    dot_kind: Any = False

    def with_dot_kind(self, kind: Any, build: Callable[[], Callable]) -> Callable:
        saved = self.dot_kind
        self.dot_kind = kind
        try:
            return build()
        finally:
            self.dot_kind = saved


class _DynKind:
    """A dot/variable whose interface-ness is known only when the range runs (frame slot)."""

    __slots__ = ("slot",)

    def __init__(self, slot: int) -> None:
        self.slot = slot


def _const_kind(kind: bool) -> Callable[[list], bool]:
    def kind_of(f: list) -> bool:
        return kind

    return kind_of


def _nop(dot: Any, f: list, a: Callable) -> None:
    return None


def _st_break(dot: Any, f: list, a: Callable) -> None:
    raise _Break


def _st_continue(dot: Any, f: list, a: Callable) -> None:
    raise _Continue


def _ev_dot(dot: Any, f: list) -> Any:
    return dot


def _ev_none(dot: Any, f: list) -> Any:
    return None


def _const(value: Any) -> Callable:
    def ev(dot: Any, f: list) -> Any:
        return value

    return ev


def _drop_final(c: Callable) -> Callable:
    """Adapt a command closure ``c(dot, f, final)`` to an argument closure ``ev(dot, f)``."""

    def ev(dot: Any, f: list) -> Any:
        return c(dot, f, None)

    return ev


def build_closure(comp: Compiler, name: str, tree: N.Tree) -> Callable[[Any, Any], str]:
    """The template as ``fn(E, dot) -> str`` built from closures (cheap to build).

    The closure tree depends only on the parse tree, so files sharing a text (and so
    their parse trees) share it; the template's name only enters error reports.
    """
    hit = comp.bodies.get(id(tree.root))
    if hit is not None and hit[0] is tree.root:
        body, nslots = hit[1], hit[2]
    else:
        b = _Build(comp, tree, name)
        body = b.block(tree.root)
        nslots = b.nslots
        comp.bodies[id(tree.root)] = (tree.root, body, nslots)

    def run(env: Any, dot: Any) -> str:
        f = [None] * nslots
        f[0] = env
        f[1] = dot
        out: list[str] = []
        try:
            body(dot, f, out.append)
        except _Located as loc:
            raise error_at(loc.exc, loc.node, loc.call, loc.has_final, tree, name) from None
        return "".join(out)

    return run


#: Executions of a template run by closures before it is compiled to Python code
#: (0: compile on first use).  Cold templates never pay for ``compile()``.
COMPILE_AFTER = 16


class Compiled:
    """A template: ``fn(E, dot) -> str`` plus its tree.

    The first call builds a closure tree (cheap); after :data:`COMPILE_AFTER` calls the
    template is compiled to Python code, which replaces ``fn``.
    """

    __slots__ = ("name", "tree", "fn", "_comp", "_calls", "_interp")

    def __init__(self, name: str, tree: N.Tree, comp: Compiler) -> None:
        self.name = name
        self.tree = tree
        self._comp = comp
        self._calls = 0
        self._interp: Callable[[Any, Any], str] | None = None
        self.fn: Callable[[Any, Any], str] = self._first_call

    def _first_call(self, env: Any, dot: Any) -> str:
        if COMPILE_AFTER <= 0:
            return self.compile()(env, dot)
        self._interp = build_closure(self._comp, self.name, self.tree)
        self.fn = self._counting
        return self._counting(env, dot)

    def _counting(self, env: Any, dot: Any) -> str:
        self._calls += 1
        if self._calls >= COMPILE_AFTER:
            return self.compile()(env, dot)
        return self._interp(env, dot)  # type: ignore[misc]

    def compile(self) -> Callable[[Any, Any], str]:
        """Compile to Python code now (if not yet) and return the function."""
        fn = self.fn
        if fn == self._first_call or fn == self._counting:
            fn = self.fn = self._comp.compile_tree(self.name, self.tree)
        return fn


class Compiler:
    """Compiles trees for one function map and strictness; owns the shared namespace."""

    def __init__(self, funcs: dict[str, Callable], strict: bool = False) -> None:
        self.funcs = funcs
        self.strict = strict
        fld, fldc = _make_field_helpers(strict)
        self.ns: dict[str, Any] = {
            "_p": _p,
            "_fld": fld,
            "_fldc": fldc,
            "_rng": _rng,
            "_raise": _raise,
            "_fail": _fail,
            "_calln": call_named,
            "__builtins__": __builtins__,
        }
        self.ns.update(_make_fast_fields(fld))
        self._fvars: dict[str, str] = {}
        self._ids = itertools.count()
        #: closure bodies by parse tree root (see build_closure): id → (root, body, slots)
        self.bodies: dict[int, tuple[N.ListNode | None, Callable, int]] = {}

    def func_var(self, name: str) -> str:
        """Namespace variable bound to template function ``name``."""
        var = self._fvars.get(name)
        if var is None:
            var = f"F_{len(self._fvars)}_{name}"
            self._fvars[name] = var
            self.ns[var] = self.funcs[name]
        return var

    def compile_trees(self, trees: dict[str, N.Tree]) -> dict[str, Compiled]:
        """Wrap every tree as a lazily compiled :class:`Compiled`."""
        return {name: Compiled(name, tree, self) for name, tree in trees.items()}

    def compile_tree(self, name: str, tree: N.Tree) -> Callable[[Any, Any], str]:
        """Generate, ``compile()`` and return the Python function for one tree."""
        fname = f"t{next(self._ids)}"
        src, marks = _Gen(self, tree, fname).source(tree.root)
        source, line_maps = _assemble([src], [marks])
        lines = line_maps[0]
        info = _Info(tree, name)
        info.lines = {ln: (m[0], m[1]) for ln, m in lines.items()}
        info.finals = {ln: m[2] for ln, m in lines.items() if m[2]}
        info.sorted_lines = sorted(lines)
        self.ns[fname + "_info"] = info
        exec(compile(source, f"<template {name}>", "exec"), self.ns)
        return self.ns[fname]


def _assemble(
    sources: list[str], marks: list[list[_Mark]]
) -> tuple[str, list[dict[int, _Mark]]]:
    """Join function sources, turning node markers into line breaks and recording them."""
    out: list[str] = []
    maps: list[dict[int, _Mark]] = []
    line = 1
    for src, mk in zip(sources, marks, strict=True):
        parts = _MARK.split(src)
        lines: dict[int, _Mark] = {}
        out.append(parts[0])
        line += parts[0].count("\n")
        for i in range(1, len(parts), 2):
            line += 1
            lines[line] = mk[int(parts[i])]
            out.append("\n")
            out.append(parts[i + 1])
            line += parts[i + 1].count("\n")
        out.append("\n")
        line += 1
        maps.append(lines)
    return "".join(out), maps


def ensure_recursion_limit(limit: int = 20000) -> None:
    """Raise Python's recursion limit so deep ``include`` chains work as in Go."""
    if sys.getrecursionlimit() < limit:
        sys.setrecursionlimit(limit)


__all__ = [
    "go_params",
    "Compiled",
    "Compiler",
    "TemplateError",
    "TemplateRuntimeError",
    "arity",
    "location",
    "make_exec_error",
    "needs_set",
    "FuncError",
]
