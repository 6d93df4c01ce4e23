"""``pyhelm dependency list|update|build`` (alias ``dep``): manage a chart's dependencies."""

from __future__ import annotations

import argparse
import os
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_tls_flags

USAGE = {
    "list": "helm dependency list CHART [flags]",
    "update": "helm dependency update CHART [flags]",
    "build": "helm dependency build CHART [flags]",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``dependency`` (alias ``dep``) with ``list`` (``ls``), ``update`` (``up``) and ``build``."""
    from pyhelm.provenance import default_keyring

    parser = sub.add_parser("dependency", aliases=["dep", "dependencies"], help="manage a chart's dependencies")
    dep_sub = parser.add_subparsers(dest="dep_what", parser_class=type(parser))
    lister = dep_sub.add_parser("list", aliases=["ls"], help="list the dependencies for the given chart")
    lister.add_argument("chart", nargs="*")
    lister.add_argument("--max-col-width", type=int, default=80)
    lister.set_defaults(handler=run_list, dep_what="list")
    for name, aliases in (("update", ["up"]), ("build", [])):
        child = dep_sub.add_parser(name, aliases=aliases)
        child.add_argument("chart", nargs="*")
        child.add_argument("--verify", action="store_true", help="verify the packages against signatures")
        child.add_argument("--keyring", default=default_keyring(), help="keyring containing public keys")
        child.add_argument("--skip-refresh", action="store_true", help="do not refresh the local repository cache")
        add_tls_flags(child)
        child.set_defaults(handler=run_manager, dep_what=name)
    parser.set_defaults(handler=_needs_subcommand)


def _needs_subcommand(args: argparse.Namespace) -> int:
    raise CommandError('"helm dependency" requires a subcommand: build, list, update')


def _chart_arg(args: argparse.Namespace) -> str:
    if len(args.chart) > 1:
        raise CommandError(
            f'"helm dependency {args.dep_what}" accepts at most 1 argument\n\nUsage:  {USAGE[args.dep_what]}'
        )
    return os.path.normpath(args.chart[0]) if args.chart else "."


def run_list(args: argparse.Namespace) -> int:
    """Print the dependency table as ``helm dependency list`` does."""
    from pyhelm.action.dependency import list_report
    from pyhelm.chart.archive import ChartLoadError

    path = _chart_arg(args)
    try:
        text = list_report(path, args.max_col_width)
    except ChartLoadError as err:
        raise CommandError(str(err)) from None
    sys.stdout.write(text)
    return 0


def run_manager(args: argparse.Namespace) -> int:
    """``dependency update`` / ``dependency build`` through the dependency manager."""
    from pyhelm.cli.environment import EnvSettings
    from pyhelm.downloader.chart_downloader import VERIFY_ALWAYS, VERIFY_NEVER
    from pyhelm.downloader.manager import Manager, ManagerError
    from pyhelm.provenance import ProvenanceError

    path = _chart_arg(args)
    settings = EnvSettings.from_args(args)
    manager = Manager(
        chart_path=path, out=sys.stdout, keyring=args.keyring, skip_update=args.skip_refresh,
        verify=VERIFY_ALWAYS if args.verify else VERIFY_NEVER, debug=settings.debug,
        repository_config=settings.repository_config, repository_cache=settings.repository_cache,
        content_cache=settings.content_cache, registry_config=settings.registry_config,
        plain_http=args.plain_http,
    )  # fmt: skip
    try:
        if args.dep_what == "update":
            manager.update()
        else:
            manager.build()
    except (ManagerError, ProvenanceError) as err:
        raise CommandError(str(err)) from None
    return 0
