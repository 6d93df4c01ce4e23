"""The builtin functions of Go's text/template (``text/template/funcs.go``).

Value semantics live in :mod:`pyhelm.engine.runtime`; this module only gives them
Go's names and signatures (the compiler checks argument counts against these
Python signatures, so they mirror Go's: ``and(arg0, *args)``, ``len(item)``...).
``and``/``or`` are also compiled inline (short-circuit); the functions here serve
``call`` and function values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyhelm.engine import runtime as rt
from pyhelm.engine.errors import FuncError

GO_PARAMS = "__go_params__"


def go_params(*types: str) -> Callable[[Callable], Callable]:
    """Declare a function's Go parameter types for the compiler's literal-argument check
    (see :func:`pyhelm.engine.compiler.go_params`)."""

    def deco(fn: Callable) -> Callable:
        setattr(fn, GO_PARAMS, tuple(types))
        return fn

    return deco



def go_and(arg0: Any, *args: Any) -> Any:
    """Go ``and``: the first falsy argument, else the last one."""
    if not rt.is_true(arg0):
        return arg0
    for a in args:
        if not rt.is_true(a):
            return a
    return args[-1] if args else arg0


def go_or(arg0: Any, *args: Any) -> Any:
    """Go ``or``: the first truthy argument, else the last one."""
    if rt.is_true(arg0):
        return arg0
    for a in args:
        if rt.is_true(a):
            return a
    return args[-1] if args else arg0


def go_not(arg: Any) -> bool:
    """Go ``not``: the boolean negation of the argument's truth."""
    return not rt.is_true(arg)


def go_len(item: Any) -> int:
    """Go ``len``; FuncError ``len of type T`` / ``len of nil pointer``."""
    return rt.go_len(item)


def go_index(item: Any, *indexes: Any) -> Any:
    """Go ``index item i j...``; FuncError with Go's wording on bad keys/indexes."""
    return rt.go_index(item, *indexes)


def go_slice(item: Any, *indexes: Any) -> Any:
    """Go ``slice item i j k``; FuncError with Go's wording."""
    return rt.go_slice(item, *indexes)


def go_print(*args: Any) -> str:
    """Go ``print`` (fmt.Sprint)."""
    return rt.sprint(*args)


@go_params("string", "any")
def go_printf(fmt: Any, *args: Any) -> str:
    """Go ``printf`` (fmt.Sprintf); the format must be a string."""
    if not isinstance(fmt, str):
        from pyhelm.engine.errors import ArgTypeError

        raise ArgTypeError(f"wrong type for value; expected string; got {rt.type_name(fmt)}")
    return rt.sprintf(fmt, *args)


def go_println(*args: Any) -> str:
    """Go ``println`` (fmt.Sprintln)."""
    return rt.sprintln(*args)


def go_html(*args: Any) -> str:
    """Go ``html`` escaper."""
    return rt.html_escape(*args)


def go_js(*args: Any) -> str:
    """Go ``js`` escaper."""
    return rt.js_escape(*args)


def go_urlquery(*args: Any) -> str:
    """Go ``urlquery`` escaper."""
    return rt.urlquery(*args)


def go_eq(arg1: Any, *arg2: Any) -> bool:
    """Go ``eq arg1 arg2...`` (true if arg1 equals any of the others)."""
    return rt.eq(arg1, *arg2)


def go_ne(arg1: Any, arg2: Any) -> bool:
    """Go ``ne``."""
    return rt.ne(arg1, arg2)


def go_lt(arg1: Any, arg2: Any) -> bool:
    """Go ``lt``."""
    return rt.lt(arg1, arg2)


def go_le(arg1: Any, arg2: Any) -> bool:
    """Go ``le``."""
    return rt.le(arg1, arg2)


def go_gt(arg1: Any, arg2: Any) -> bool:
    """Go ``gt``."""
    return rt.gt(arg1, arg2)


def go_ge(arg1: Any, arg2: Any) -> bool:
    """Go ``ge``."""
    return rt.ge(arg1, arg2)


def go_call(fn: Any, *args: Any) -> Any:
    """Go ``call fn args...``: call a function value.

    The compiler passes the callee's node text as ``__name__`` through
    :func:`call_named`; called directly, errors name the value ``fn``.
    """
    return call_named("fn", fn, *args)


def call_named(name: str, fn: Any, *args: Any) -> Any:
    """Go's ``call`` with the callee's node text ``name`` for error messages.

    Raises FuncError ``call of nil`` / ``non-function NAME of type T``; the callee's
    own FuncError propagates (reported as ``error calling call: MSG``).
    """
    if fn is None:
        raise FuncError("call of nil")
    if not callable(fn) or isinstance(fn, type):
        raise FuncError(f"non-function {name} of type {rt.type_name(fn)}")
    return fn(*args)


BUILTINS: dict[str, Callable[..., Any]] = {
    "and": go_and,
    "or": go_or,
    "not": go_not,
    "len": go_len,
    "index": go_index,
    "slice": go_slice,
    "print": go_print,
    "printf": go_printf,
    "println": go_println,
    "html": go_html,
    "js": go_js,
    "urlquery": go_urlquery,
    "eq": go_eq,
    "ne": go_ne,
    "lt": go_lt,
    "le": go_le,
    "gt": go_gt,
    "ge": go_ge,
    "call": go_call,
}
