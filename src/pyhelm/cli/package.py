"""``pyhelm package CHART_PATH...``: package chart directories into versioned archives."""

from __future__ import annotations

import argparse
import os
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_tls_flags


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``package`` with Helm's flags."""
    from pyhelm.provenance import default_keyring

    parser = sub.add_parser("package", help="package a chart directory into a chart archive")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--sign", action="store_true", help="use a PGP private key to sign this package")
    parser.add_argument("--key", default="", help="name of the key to use when signing")
    parser.add_argument("--keyring", default=default_keyring(), help="location of a public keyring")
    parser.add_argument("--passphrase-file", default="", help="location of a file which contains the passphrase")
    parser.add_argument("--version", dest="chart_version", default="", help="set the version on the chart")
    parser.add_argument("--app-version", default="", help="set the appVersion on the chart")
    parser.add_argument("-d", "--destination", default=".", help="location to write the chart.")
    parser.add_argument("-u", "--dependency-update", action="store_true")
    add_tls_flags(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Package each path in turn, printing Helm's ``Successfully packaged...`` line for each."""
    from pyhelm.action.package import PackageError, PackageOptions, package, source_date_epoch
    from pyhelm.provenance import ProvenanceError
    from pyhelm.provenance.common import go_os_error

    if not args.paths:
        raise CommandError("need at least one argument, the path to the chart")
    if args.sign:
        if not args.key:
            raise CommandError("--key is required for signing a package")
        if not args.keyring:
            raise CommandError("--keyring is required for signing a package")
    opts = PackageOptions(
        destination=args.destination, version=args.chart_version, app_version=args.app_version,
        sign=args.sign, key=args.key, keyring=args.keyring, passphrase_file=args.passphrase_file,
        mtime=source_date_epoch(),
    )  # fmt: skip
    for raw in args.paths:
        path = os.path.abspath(raw)
        try:
            os.stat(raw)
        except OSError as err:
            raise CommandError(go_os_error("stat", raw, err)) from None
        try:
            if args.dependency_update:
                _dependency_update(args, path)
            target = package(path, opts)
        except (PackageError, ProvenanceError) as err:
            raise CommandError(str(err)) from None
        sys.stdout.write(f"Successfully packaged chart and saved it to: {target}\n")
    return 0


def _dependency_update(args: argparse.Namespace, path: str) -> None:
    """``--dependency-update``: Helm runs the dependency manager with its output discarded."""
    import io

    from pyhelm.cli.environment import EnvSettings
    from pyhelm.downloader.manager import Manager, ManagerError

    settings = EnvSettings.from_args(args)
    manager = Manager(
        out=io.StringIO(), chart_path=path, keyring=args.keyring, debug=settings.debug,
        repository_config=settings.repository_config, repository_cache=settings.repository_cache,
        content_cache=settings.content_cache, registry_config=settings.registry_config,
        plain_http=args.plain_http,
    )  # fmt: skip
    try:
        manager.update()
    except ManagerError as err:
        raise CommandError(str(err)) from None
