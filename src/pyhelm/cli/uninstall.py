"""``pyhelm uninstall RELEASE_NAME...``: uninstall releases, as ``helm uninstall`` does."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.install import configuration, timeout_seconds, wait_enabled

USAGE = "Usage:  helm uninstall RELEASE_NAME [...] [flags]"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``uninstall`` command and its flags."""
    parser = sub.add_parser("uninstall", aliases=["del", "delete", "un"], help="uninstall a release")
    parser.add_argument("args", nargs="*", metavar="RELEASE_NAME")
    parser.add_argument("--keep-history", action="store_true")
    parser.add_argument("--cascade", default="background")
    parser.add_argument("--wait", nargs="?", const="watcher", default="")
    parser.add_argument("--ignore-not-found", action="store_true")
    parser.add_argument("--no-hooks", action="store_true")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--description", default="")
    parser.add_argument("--timeout", default="5m0s")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Uninstall each named release and print ``release "NAME" uninstalled``."""
    from pyhelm.action import uninstall as uninstall_action

    if not args.args:
        raise CommandError(f'"helm uninstall" requires at least 1 argument\n\n{USAGE}')
    if args.cascade not in ("background", "orphan", "foreground"):
        raise CommandError("invalid cascade value (" + args.cascade + "). Must be \"background\", \"foreground\", or \"orphan\"")
    cfg = configuration(args)
    options = uninstall_action.UninstallOptions(
        keep_history=args.keep_history, cascade=args.cascade, wait=wait_enabled(args.wait),
        ignore_not_found=args.ignore_not_found, no_hooks=args.no_hooks, dry_run=args.dry_run,
        description=args.description, timeout=timeout_seconds(args.timeout),
    )  # fmt: skip
    for name in args.args:
        try:
            result = uninstall_action.uninstall(cfg, name, options)
        except Exception as err:  # noqa: BLE001 - worded as Helm's
            raise CommandError(str(err)) from err
        if result.info:
            sys.stdout.write(result.info + "\n")  # Helm's Fprintln after the kept list's own newline
        sys.stdout.write(f'release "{name}" uninstalled\n')  # printed even when --ignore-not-found skipped it
    return 0
