"""The ``pyhelm`` command line: Helm's commands and flags, parsed here and handed to actions.

Each command lives in its own module exposing ``register(subparsers)``; the module's
handler receives the parsed arguments and returns an exit code. Output and errors are
printed the way Helm prints them (``Error: <message>`` on stderr, exit code 1).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pyhelm.cli import show, template, version
from pyhelm.cli.errors import CommandError, HelmArgumentParser, normalise_bool_flags

COMMANDS = (template, show, version)


def build_parser() -> HelmArgumentParser:
    """Build the root parser with every command registered."""
    parser = HelmArgumentParser(prog="pyhelm", description="The Kubernetes package manager (Helm, in Python)")
    add_global_flags(parser)
    sub = parser.add_subparsers(dest="command", parser_class=HelmArgumentParser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def add_global_flags(parser: argparse.ArgumentParser) -> None:
    """Flags every Helm command accepts (``helm --help`` "Global Flags")."""
    parser.add_argument("--debug", action="store_true", default=False, help="enable verbose output")
    parser.add_argument("-n", "--namespace", default=None, help="namespace scope for this request")
    parser.add_argument("--kube-context", default=None, help="name of the kubeconfig context to use")
    parser.add_argument("--kubeconfig", default=None, help="path to the kubeconfig file")
    parser.add_argument("--burst-limit", type=int, default=100, help="client-side default throttling limit")
    parser.add_argument("--qps", type=float, default=0, help="queries per second used when communicating with the Kubernetes API")
    for flag in ("--kube-apiserver", "--kube-as-user", "--kube-ca-file", "--kube-tls-server-name", "--kube-token",
                 "--registry-config", "--repository-cache", "--repository-config", "--content-cache"):
        parser.add_argument(flag, default=None)
    parser.add_argument("--kube-as-group", action="append", default=[])
    parser.add_argument("--kube-insecure-skip-tls-verify", action="store_true", default=False)
    parser.add_argument("--color", "--colour", default="auto")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``); returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
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


if __name__ == "__main__":
    raise SystemExit(main())
