"""``pyhelm version``: print the Helm version pyhelm implements."""

from __future__ import annotations

import argparse
import sys

from pyhelm.version import build_info


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``version`` command."""
    parser = sub.add_parser("version", help="print the client version information")
    parser.add_argument("--short", action="store_true", help="print the version number")
    parser.add_argument("--template", default="", help="template for version string format")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print ``version.BuildInfo{...}`` (or ``--short``: the version alone) like ``helm version``."""
    info = build_info()
    if args.short:
        sys.stdout.write(f"{info['Version']}\n")
        return 0
    if args.template:
        from pyhelm.engine.environment import TemplateSet  # noqa: PLC0415 - only needed here
        from pyhelm.engine.funcs import sprig_functions

        tset = TemplateSet(sprig_functions())
        tset.add("version", args.template)
        sys.stdout.write(tset.execute("version", info))
        return 0
    fields = ", ".join(f'{key}:"{value}"' for key, value in info.items())
    sys.stdout.write(f"version.BuildInfo{{{fields}}}\n")
    return 0
