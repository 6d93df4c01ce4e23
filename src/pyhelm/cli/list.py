"""``pyhelm list`` (``ls``): list releases (Helm ``helm list``)."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.status import add_output_flag, call_action, int_flag, open_release_store

__all__ = ["register", "run"]

_HEADERS = ("NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION")
_KEYS = ("name", "namespace", "revision", "updated", "status", "chart", "app_version")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``list``/``ls`` with Helm's flags."""
    parser = sub.add_parser("list", aliases=["ls"], help="list releases")
    parser.add_argument("extra", nargs="*")
    parser.add_argument("-q", "--short", action="store_true")
    parser.add_argument("--no-headers", action="store_true")
    parser.add_argument("--time-format", default="")
    parser.add_argument("-d", "--date", action="store_true")
    parser.add_argument("-r", "--reverse", action="store_true")
    parser.add_argument("-a", "--all", action="store_true")
    for flag in ("uninstalled", "superseded", "uninstalling", "deployed", "failed", "pending"):
        parser.add_argument(f"--{flag}", action="store_true")
    parser.add_argument("-A", "--all-namespaces", action="store_true")
    parser.add_argument("-m", "--max", type=int_flag("-m, --max"), default=256)
    parser.add_argument("--offset", type=int_flag("--offset"), default=0)
    parser.add_argument("-f", "--filter", default="")
    parser.add_argument("-l", "--selector", default="")
    add_output_flag(parser)
    parser.set_defaults(handler=run)


def _options(args: argparse.Namespace):  # noqa: ANN202 - ListOptions
    from pyhelm.action.list import ListOptions

    return ListOptions(
        all=args.all, by_date=args.date, sort_reverse=args.reverse, limit=args.max,
        offset=args.offset, filter=args.filter, selector=args.selector,
        uninstalled=args.uninstalled, superseded=args.superseded, uninstalling=args.uninstalling,
        deployed=args.deployed, failed=args.failed, pending=args.pending,
    )


def run(args: argparse.Namespace) -> int:
    """List releases in Helm's table, ``-q`` names, or JSON/YAML elements."""
    from pyhelm.action.list import list_releases, release_elements
    from pyhelm.action.release_printer import encode_json, encode_yaml, uitable

    if args.extra:
        raise CommandError('"helm list" accepts no arguments\n\nUsage:  helm list [flags]')
    store = open_release_store(args, all_namespaces=args.all_namespaces)
    store.check_reachable()
    releases = call_action(list_releases, store.storage, _options(args))
    if args.short:
        names = [r.name for r in releases]
        if args.output == "json":
            sys.stdout.write(encode_json(names))
        elif args.output == "yaml":
            sys.stdout.write(encode_yaml(names))
        else:
            sys.stdout.write("".join(n + "\n" for n in names))
        return 0
    elements = release_elements(releases, args.time_format)
    if args.output == "json":
        from pyhelm.codec.json import Struct

        sys.stdout.write(encode_json([Struct(list(e.items())) for e in elements]))
    elif args.output == "yaml":
        sys.stdout.write(encode_yaml(elements))
    else:
        rows = [] if args.no_headers else [list(_HEADERS)]
        rows += [[e[k] for k in _KEYS] for e in elements]
        sys.stdout.write(uitable(rows))
    return 0
