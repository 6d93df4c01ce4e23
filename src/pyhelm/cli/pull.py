"""``pyhelm pull CHART``: download a chart from a repository (Helm ``helm pull``, alias ``fetch``)."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.environment import EnvSettings
from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_chart_path_flags


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pull`` and its flags."""
    parser = sub.add_parser("pull", aliases=["fetch"], help="download a chart from a repository")
    parser.add_argument("charts", nargs="*", metavar="[chart URL | repo/chartname]")
    parser.add_argument("--untar", action="store_true")
    parser.add_argument("--prov", action="store_true")
    parser.add_argument("--untardir", default=".")
    parser.add_argument("-d", "--destination", default=".")
    add_chart_path_flags(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Pull each chart; Helm's verification lines are printed."""
    from pyhelm.action.pull import PullError, PullOptions, pull

    if not args.charts:
        raise CommandError(
            '"helm pull" requires at least 1 argument\n\nUsage:  helm pull [chart URL | repo/chartname] [...] [flags]'
        )
    settings = EnvSettings.from_args(args)
    keyring = args.keyring or _default_keyring()
    options = PullOptions(
        version=args.chart_version, devel=args.devel, repo_url=args.repo, username=args.username,
        password=args.password, pass_credentials_all=args.pass_credentials, ca_file=args.ca_file,
        cert_file=args.cert_file, key_file=args.key_file,
        insecure_skip_tls_verify=args.insecure_skip_tls_verify, plain_http=args.plain_http,
        verify=args.verify, verify_later=args.prov, keyring=keyring, untar=args.untar,
        untar_dir=args.untardir, dest_dir=args.destination,
        repository_config=settings.repository_config, repository_cache=settings.repository_cache,
        content_cache=settings.content_cache,
    )  # fmt: skip
    for chart in args.charts:
        try:
            output = pull(chart, options)
        except PullError as err:
            raise CommandError(str(err), stdout=err.output) from err
        sys.stdout.write(output)
    return 0


def _default_keyring() -> str:
    import os

    gnupghome = os.environ.get("GNUPGHOME") or os.path.join(os.path.expanduser("~"), ".gnupg")
    return os.path.join(gnupghome, "pubring.gpg")
