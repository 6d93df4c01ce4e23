"""``pyhelm rollback RELEASE [REVISION]``: roll a release back, as ``helm rollback`` does."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.install import (
    configuration,
    server_side_flag,
    timeout_seconds,
    wait_enabled,
    wait_progress,
)

USAGE = "Usage:  helm rollback <RELEASE> [REVISION] [flags]"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``rollback`` command and its flags."""
    parser = sub.add_parser("rollback", help="roll back a release to a previous revision")
    parser.add_argument("args", nargs="*", metavar="RELEASE [REVISION]")
    parser.add_argument("--dry-run", nargs="?", const="client", default="none")
    parser.add_argument("--wait", nargs="?", const="watcher", default="")
    parser.add_argument("--wait-for-jobs", action="store_true")
    parser.add_argument("--timeout", default="5m0s")
    parser.add_argument("--force-replace", "--force", dest="force_replace", action="store_true")
    parser.add_argument("--no-hooks", action="store_true")
    parser.add_argument("--cleanup-on-fail", action="store_true")
    parser.add_argument("--history-max", type=int, default=None)
    parser.add_argument("--description", default="")
    parser.add_argument("--server-side", default="auto")
    parser.add_argument("--force-conflicts", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Roll back and print Helm's success line."""
    from pyhelm.action import rollback as rollback_action

    if not args.args:
        raise CommandError(f'"helm rollback" requires at least 1 argument\n\n{USAGE}')
    if len(args.args) > 2:
        raise CommandError(f'"helm rollback" accepts at most 2 arguments\n\n{USAGE}')
    version = 0
    if len(args.args) == 2:
        try:
            version = int(args.args[1])
        except ValueError as err:
            raise CommandError(f'could not convert revision to a number: strconv.Atoi: parsing "{args.args[1]}": invalid syntax') from err
    cfg = configuration(args, max_history=args.history_max)
    options = rollback_action.RollbackOptions(
        version=version, dry_run=args.dry_run not in ("none", "false", ""), wait=wait_enabled(args.wait),
        wait_for_jobs=args.wait_for_jobs, timeout=timeout_seconds(args.timeout), progress=wait_progress, force_replace=args.force_replace,
        no_hooks=args.no_hooks, cleanup_on_fail=args.cleanup_on_fail,
        history_max=cfg.storage.max_history if args.history_max is None else args.history_max,
        description=args.description, server_side=server_side_flag(args.server_side),
    )  # fmt: skip
    try:
        rollback_action.rollback(cfg, args.args[0], options)
    except Exception as err:  # noqa: BLE001 - worded as Helm's
        raise CommandError(str(err)) from err
    sys.stdout.write("Rollback was a success! Happy Helming!\n")
    return 0
