"""The ``pyhelm`` command line: Helm's commands and flags, parsed here and handed to actions.

Each command lives in its own module exposing ``register(subparsers)``; the module's
handler receives the parsed arguments and returns an exit code. Output and errors are
printed the way Helm prints them (``Error: <message>`` on stderr, exit code 1).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from pyhelm.cli.errors import CommandError, HelmArgumentParser, normalise_bool_flags

# Command modules under pyhelm.cli, each with register(subparsers); in `helm --help` order.
COMMAND_MODULES = (
    "complete", "completion", "create", "dependency", "env", "get", "history", "install", "lint", "list",
    "package", "plugin", "pull", "push", "registry", "repo", "rollback", "search", "serve", "show",
    "status", "template", "test", "uninstall", "upgrade", "verify", "version",
)  # fmt: skip


def command_modules() -> list[ModuleType]:
    """The command modules that exist (a module not written yet is skipped)."""
    found = []
    for name in COMMAND_MODULES:
        qualified = f"pyhelm.cli.{name}"
        try:
            found.append(importlib.import_module(qualified))
        except ModuleNotFoundError as err:
            if err.name != qualified:
                raise
    return found


def build_parser() -> HelmArgumentParser:
    """Build the root parser with every command registered."""
    parser = HelmArgumentParser(prog="pyhelm", description="The Kubernetes package manager (Helm, in Python)")
    add_global_flags(parser)
    sub = parser.add_subparsers(dest="command", parser_class=HelmArgumentParser)
    for module in command_modules():
        module.register(sub)
    for command in _leaf_parsers(parser):
        add_global_flags(command, suppress_defaults=True)
    return parser


def _leaf_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every command parser below ``parser`` (commands and their subcommands)."""
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found.append(child)
                found.extend(_leaf_parsers(child))
    return found


def add_global_flags(parser: argparse.ArgumentParser, *, suppress_defaults: bool = False) -> None:
    """Flags every Helm command accepts (``helm --help`` "Global Flags"), before or after the command.

    On command parsers the defaults are suppressed so a flag given before the
    command is not reset by the command's parser.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress_defaults else value

    parser.add_argument("--debug", action="store_true", default=default(False), help="enable verbose output")
    parser.add_argument("-n", "--namespace", default=default(None), help="namespace scope for this request")
    parser.add_argument("--kube-context", default=default(None), help="name of the kubeconfig context to use")
    parser.add_argument("--kubeconfig", default=default(None), help="path to the kubeconfig file")
    parser.add_argument("--burst-limit", type=int, default=default(100), help="client-side default throttling limit")
    parser.add_argument("--qps", type=float, default=default(0), help="queries per second used when talking to the Kubernetes API")
    for flag in ("--kube-apiserver", "--kube-as-user", "--kube-ca-file", "--kube-tls-server-name", "--kube-token",
                 "--registry-config", "--repository-cache", "--repository-config", "--content-cache"):
        parser.add_argument(flag, default=default(None))
    parser.add_argument("--kube-as-group", action="append", default=default([]))
    parser.add_argument("--kube-insecure-skip-tls-verify", action="store_true", default=default(False))
    parser.add_argument("--color", "--colour", default=default("auto"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``); returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _raw_bytes_output()
    parser = build_parser()
    try:
        args = parser.parse_args(normalise_bool_flags(parser, args_list))
        if not getattr(args, "handler", None):
            parser.print_help()
            return 0
        return int(args.handler(args) or 0)
    except CommandError as err:
        if err.stdout:
            sys.stdout.write(err.stdout)
            sys.stdout.flush()
        sys.stderr.write(f"Error: {err}\n")
        return err.exit_code
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


def _raw_bytes_output() -> None:
    """Let text carrying raw bytes (``b64dec`` of binary data) reach stdout as those bytes, as in Go."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="surrogateescape")


if __name__ == "__main__":
    raise SystemExit(main())
