"""``pyhelm verify PATH``: verify a chart archive's provenance signature."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.errors import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``verify`` with ``--keyring``."""
    from pyhelm.provenance import default_keyring

    parser = sub.add_parser("verify", help="verify that a chart at the given path has been signed and is valid")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--keyring", default=default_keyring(), help="keyring containing public keys")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Verify the one chart given and print Helm's report."""
    from pyhelm.action.verify import run as verify_run
    from pyhelm.provenance import ProvenanceError

    if len(args.paths) != 1:
        raise CommandError('"helm verify" requires 1 argument\n\nUsage:  helm verify PATH [flags]')
    try:
        text = verify_run(args.paths[0], args.keyring)
    except ProvenanceError as err:
        raise CommandError(str(err)) from None
    sys.stdout.write(text)
    return 0
