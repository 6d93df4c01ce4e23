"""``pyhelm test RELEASE``: run a release's tests, as ``helm test`` does."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.install import configuration, timeout_seconds

USAGE = "Usage:  helm test [RELEASE] [flags]"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``test`` command and its flags."""
    parser = sub.add_parser("test", help="run tests for a release")
    parser.add_argument("args", nargs="*", metavar="RELEASE")
    parser.add_argument("--timeout", default="5m0s")
    parser.add_argument("--logs", action="store_true", help="dump the logs from test pods")
    parser.add_argument("--filter", action="append", default=[], help="name=NAME or !name=NAME (repeatable)")
    parser.add_argument("--hide-notes", action="store_true")
    parser.set_defaults(handler=run)


def parse_filters(items: list[str]) -> dict[str, list[str]]:
    """``--filter name=a,!name=b`` into ``{"name": [...], "!name": [...]}``."""
    filters: dict[str, list[str]] = {}
    for item in items:
        for part in item.split(","):
            key, sep, value = part.partition("=")
            if sep and key in ("name", "!name"):
                filters.setdefault(key, []).append(value)
    return filters


def run(args: argparse.Namespace) -> int:
    """Run the tests, print the release status and (``--logs``) the test pods' logs."""
    from pyhelm.action import release_testing
    from pyhelm.action.printer import format_release

    if len(args.args) != 1:
        raise CommandError(f'"helm test" requires 1 argument\n\n{USAGE}')
    cfg = configuration(args)
    options = release_testing.TestOptions(timeout=timeout_seconds(args.timeout), filters=parse_filters(args.filter))
    failure: Exception | None = None
    try:
        rel = release_testing.run_tests(cfg, args.args[0], options)
    except release_testing.ReleaseTestError as err:
        if err.release is None:
            raise CommandError(str(err)) from err
        rel, failure = err.release, err
    except Exception as err:  # noqa: BLE001 - storage and cluster errors
        raise CommandError(str(err)) from err
    sys.stdout.write(format_release(rel, "table", debug=args.debug, hide_notes=args.hide_notes))
    if args.logs:
        sys.stdout.write("\n")
        try:
            sys.stdout.write(release_testing.pod_logs(cfg, rel, options.filters))
        except Exception as err:  # noqa: BLE001
            raise CommandError(str(err)) from err
    if failure is not None:
        raise CommandError(str(failure))
    return 0
