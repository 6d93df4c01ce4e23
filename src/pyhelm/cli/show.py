"""``pyhelm show all|chart|values|readme|crds CHART``: print parts of a chart (a path, repo/chart, URL or oci://)."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_chart_path_flags

SUBCOMMANDS = {
    "all": "show all information of the chart",
    "chart": "show the chart's definition",
    "values": "show the chart's values",
    "readme": "show the chart's README",
    "crds": "show the chart's CRDs",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``show`` (alias ``inspect``) with its five subcommands."""
    parser = sub.add_parser("show", aliases=["inspect"], help="show information of a chart")
    show_sub = parser.add_subparsers(dest="show_what", parser_class=type(parser))
    for name, summary in SUBCOMMANDS.items():
        child = show_sub.add_parser(name, help=summary)
        child.add_argument("chart", nargs="?")
        add_chart_path_flags(child)
        child.add_argument("--jsonpath", default="")
        child.set_defaults(handler=run, show_what=name)
    parser.set_defaults(handler=_needs_subcommand)


def _needs_subcommand(args: argparse.Namespace) -> int:
    raise CommandError('"helm show" requires a subcommand: all, chart, crds, readme, values')


def run(args: argparse.Namespace) -> int:
    """Print the requested part of the chart, as ``helm show`` prints it."""
    from pyhelm.action import show as show_action

    if not args.chart:
        raise CommandError(f'"helm show {args.show_what}" requires 1 argument\n\nUsage:  helm show {args.show_what} [CHART] [flags]')
    from pyhelm.cli.install import locate

    chart = locate(args.chart, args)  # repo/chart, URLs, --repo and oci:// are downloaded first
    try:
        text = show_action.show(args.show_what, chart, jsonpath=args.jsonpath)
    except Exception as err:  # loader and show errors carry Helm's wording
        raise CommandError(str(err)) from err
    sys.stdout.write(text)
    return 0
