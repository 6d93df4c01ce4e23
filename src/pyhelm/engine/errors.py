"""Errors raised by the template engine, worded as Go's text/template and Helm word them."""

from __future__ import annotations


class TemplateError(Exception):
    """Base class of every template parse or execution error.

    ``str(err)`` is the full message exactly as Helm prints it after ``Error: ``.
    """


class ParseError(TemplateError):
    """A template failed to lex or parse.

    Message shape (Go ``text/template/parse``): ``template: NAME:LINE: MESSAGE``.
    """


class ExecError(TemplateError):
    """A template failed while executing.

    Message shape (Go ``text/template.ExecError``):
    ``template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE``.
    ``name`` is the template being executed, ``message`` the bare cause.
    """

    def __init__(self, text: str, *, name: str = "", message: str = "") -> None:
        super().__init__(text)
        self.name = name
        self.message = message or text


class FuncError(Exception):
    """Raised by a template function (Sprig, Helm, builtin) to report failure.

    The engine turns it into an :class:`ExecError` whose cause reads
    ``error calling NAME: <str(err)>``, as Go does for a function's returned error
    or panic.
    """


class ArgTypeError(FuncError):
    """An argument has a type the Go function signature does not accept.

    The engine reports ``str(err)`` without the ``error calling NAME:`` prefix,
    as Go's reflection-based call does, e.g.
    ``wrong type for value; expected string; got float64``.
    """
