"""CLI error plumbing: Helm's ``Error: ...`` reporting and pflag-style flag spelling."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn


class CommandError(Exception):
    """A command failed: ``str(err)`` is printed after ``Error: `` on stderr.

    ``stdout`` is text to print on stdout before the error (``--debug`` output of
    an invalid render); ``exit_code`` defaults to 1 as in Helm.
    """

    def __init__(self, message: str, *, stdout: str = "", exit_code: int = 1) -> None:
        super().__init__(message)
        self.stdout = stdout
        self.exit_code = exit_code


class HelmArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that reports usage errors as Helm does (``Error: ...``, exit 1).

    Flags must be spelled in full, as with Helm's pflag (``--repo`` is not an
    abbreviation of ``--repository-config``).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._in_intermixed = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        """Parse as pflag does on a command (a parser without subcommands).

        Positionals may stand between flags (``upgrade NAME --wait CHART``), and a flag
        whose value is optional takes one only as ``--flag=value``.
        """
        if self._in_intermixed or self._has_subcommands() or self._takes_remainder():
            return super().parse_known_args(args, namespace)
        self._in_intermixed = True
        try:
            return self.parse_known_intermixed_args(self._pflag_optional_values(args), namespace)
        finally:
            self._in_intermixed = False

    def _takes_remainder(self) -> bool:
        return any(action.nargs == argparse.REMAINDER for action in self._actions)

    def _has_subcommands(self) -> bool:
        return any(isinstance(action, argparse._SubParsersAction) for action in self._actions)

    def _pflag_optional_values(self, args: Any) -> Any:
        if args is None:
            return args
        optional = {
            opt: action.const
            for action in self._actions
            if action.nargs == "?" and action.option_strings
            for opt in action.option_strings
        }
        return [f"{a}={optional[a]}" if a in optional else a for a in args]

    def error(self, message: str) -> NoReturn:
        """Raise :class:`CommandError` instead of printing argparse's usage and exiting 2."""
        if message.startswith("unrecognized arguments: "):
            flag = message.split(": ", 1)[1].split()[0]
            message = f"unknown flag: {flag}" if flag.startswith("-") else f"unknown command {flag!r}"
        raise CommandError(message)


def _bool_flags(parser: argparse.ArgumentParser) -> set[str]:
    names: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._StoreTrueAction):
            names.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names |= _bool_flags(sub)
    return names


def normalise_bool_flags(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """Accept pflag's ``--flag=true|false`` spelling for boolean flags.

    ``--flag=true`` becomes ``--flag``; ``--flag=false`` is dropped. Anything else
    is left for argparse to judge.
    """
    bools = _bool_flags(parser)
    out: list[str] = []
    for arg in argv:
        name, sep, value = arg.partition("=")
        if sep and name in bools and value.lower() in ("true", "false", "1", "0", "t", "f"):
            if value.lower() in ("true", "1", "t"):
                out.append(name)
            continue
        out.append(arg)
    return out
