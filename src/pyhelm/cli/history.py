"""``pyhelm history RELEASE_NAME`` (``hist``): a release's revisions (Helm ``helm history``)."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.status import add_output_flag, call_action, exact_one, int_flag, open_release_store

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``history``/``hist`` with ``--max`` and ``-o``."""
    parser = sub.add_parser("history", aliases=["hist"], help="fetch release history")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--max", type=int_flag("--max"), default=256)
    add_output_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the revisions oldest first: a table (local ANSIC times) or JSON/YAML."""
    from pyhelm.action.history import history_entries
    from pyhelm.action.release_printer import encode_json, encode_yaml, format_ansic, uitable

    name = exact_one(args, "history", "history RELEASE_NAME")
    store = open_release_store(args)
    store.check_reachable()
    entries = call_action(history_entries, store.storage, name, args.max)
    if args.output == "json":
        sys.stdout.write(encode_json([e.to_go_json() for e in entries]))
        return 0
    if args.output == "yaml":
        sys.stdout.write(encode_yaml([e.to_go_json() for e in entries]))
        return 0
    rows = [["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"]]
    for e in entries:
        updated = format_ansic(e.updated) if e.updated is not None else _zero_ansic()
        rows.append([str(e.revision), updated, e.status, e.chart, e.app_version, e.description])
    sys.stdout.write(uitable(rows))
    return 0


def _zero_ansic() -> str:
    from pyhelm.action.release_printer import ANSIC
    from pyhelm.engine.funcs.dates import GoTime

    return GoTime.zero().Format(ANSIC)
