"""``pyhelm create NAME``: scaffold a new chart, as ``helm create`` does."""

from __future__ import annotations

import argparse
import os
import posixpath
import sys

from pyhelm.cli.errors import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``create`` command and its ``-p/--starter`` flag."""
    parser = sub.add_parser("create", help="create a new chart with the given name")
    parser.add_argument("args", nargs="*", metavar="NAME")
    parser.add_argument(
        "-p", "--starter", default="", help="the name or absolute path to Helm starter scaffold"
    )
    parser.set_defaults(handler=run)


def go_base(path: str) -> str:
    """Go's ``filepath.Base``: the last element, trailing slashes removed (``.`` for empty)."""
    if not path:
        return "."
    stripped = path.rstrip("/")
    if not stripped:
        return "/"
    return stripped.rsplit("/", 1)[-1]


def go_dir(path: str) -> str:
    """Go's ``filepath.Dir``: everything before the last slash, cleaned (``.`` when none)."""
    head = path[: path.rfind("/") + 1]
    if not head:
        return "."
    return posixpath.normpath(head) if head != "/" else "/"


def run(args: argparse.Namespace) -> int:
    """Create the chart and print ``Creating NAME``; errors are raised as :class:`CommandError`."""
    from pyhelm import helmpath
    from pyhelm.chartutil import create as scaffold

    if len(args.args) != 1:
        raise CommandError('"helm create" requires 1 argument\n\nUsage:  helm create NAME [flags]')
    name = args.args[0]
    sys.stdout.write(f"Creating {name}\n")
    sys.stdout.flush()
    chart_name = go_base(name)
    try:
        if args.starter:
            starter = args.starter
            if not os.path.isabs(starter):
                starter = os.path.normpath(os.path.join(helmpath.data_path("starters"), starter))
            scaffold.create_from(scaffold.starter_metadata(chart_name), go_dir(name), starter)
        else:
            scaffold.create(chart_name, go_dir(name), warn=sys.stdout.write)
    except scaffold.CreateError as err:
        raise CommandError(str(err)) from err
    return 0
