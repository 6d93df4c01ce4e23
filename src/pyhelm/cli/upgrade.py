"""``pyhelm upgrade RELEASE CHART``: upgrade a release, as ``helm upgrade`` does."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.install import (
    add_output_flags,
    configuration,
    dry_run_mode,
    locate,
    parse_labels,
    print_release,
    run_install,
    server_side_flag,
    timeout_seconds,
    update_dependencies,
    user_values,
    wait_enabled,
    wait_progress,
)
from pyhelm.cli.template import add_install_render_flags

USAGE = "Usage:  helm upgrade [RELEASE] [CHART] [flags]"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``upgrade`` command and its flags."""
    parser = sub.add_parser("upgrade", help="upgrade a release")
    parser.add_argument("args", nargs="*", metavar="RELEASE CHART")
    add_install_render_flags(parser)
    add_output_flags(parser)
    parser.add_argument("-i", "--install", action="store_true", help="install the release when it does not exist")
    parser.add_argument("--reuse-values", action="store_true")
    parser.add_argument("--reset-values", action="store_true")
    parser.add_argument("--reset-then-reuse-values", action="store_true")
    parser.add_argument("--cleanup-on-fail", action="store_true")
    parser.add_argument("--history-max", type=int, default=None)
    parser.set_defaults(handler=run)


def _release_absent(cfg: object, name: str) -> bool:
    """True when ``name`` has no history or its latest revision is uninstalled."""
    from pyhelm.release.model import Status

    try:
        history = cfg.storage.history(name)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - not found
        return True
    if not history:
        return True
    return max(history, key=lambda r: r.version).status == Status.UNINSTALLED


def run(args: argparse.Namespace) -> int:
    """Upgrade (or install with ``--install``) and print the release."""
    from pyhelm.action import upgrade as upgrade_action
    from pyhelm.action.resources import ResourceError, load_chart

    if len(args.args) != 2:
        raise CommandError(f'"helm upgrade" requires 2 arguments\n\n{USAGE}')
    name, chart_ref = args.args
    history_max = args.history_max
    cfg = configuration(args, max_history=history_max)
    if history_max is None:
        history_max = cfg.storage.max_history
    if args.install and _release_absent(cfg, name):
        if args.output == "table":
            sys.stdout.write(f'Release "{name}" does not exist. Installing it now.\n')
        try:
            rel = run_install(args, [name, chart_ref], replace=True)
        except CommandError as err:
            raise CommandError(f"INSTALLATION FAILED: {err}") from err
        print_release(rel, args)
        return 0
    values = user_values(args)
    chart_path = locate(chart_ref, args)
    try:
        chart = load_chart(chart_path)
    except ResourceError as err:
        raise CommandError(str(err)) from err
    chart = update_dependencies(chart, chart_path, args, quote="'")
    options = upgrade_action.UpgradeOptions(
        namespace=cfg.namespace, values=values, dry_run=dry_run_mode(args.dry_run), wait=wait_enabled(args.wait),
        wait_for_jobs=args.wait_for_jobs, timeout=timeout_seconds(args.timeout), progress=wait_progress, atomic=args.atomic,
        no_hooks=args.no_hooks, reuse_values=args.reuse_values, reset_values=args.reset_values,
        reset_then_reuse_values=args.reset_then_reuse_values, force_replace=args.force_replace,
        cleanup_on_fail=args.cleanup_on_fail, history_max=history_max, description=args.description,
        labels=parse_labels(args.labels), take_ownership=args.take_ownership,
        render_subchart_notes=args.render_subchart_notes, skip_schema_validation=args.skip_schema_validation,
        hide_secret=args.hide_secret, server_side=server_side_flag(args.server_side),
    )  # fmt: skip
    try:
        rel = upgrade_action.upgrade(cfg, name, chart, options)
    except Exception as err:  # noqa: BLE001 - action, cluster and storage errors carry Helm's words
        raise CommandError(f"UPGRADE FAILED: {err}") from err
    if args.output == "table":
        sys.stdout.write(f'Release "{name}" has been upgraded. Happy Helming!\n')
    print_release(rel, args)
    return 0
