"""Flag groups that several commands share (not a command module itself).

Helm adds the same groups from ``cmd/helm/flags.go`` (``addChartPathOptionsFlags``) and
from each command's own TLS/credential flags; here each group is one function.
"""

from __future__ import annotations

import argparse

from pyhelm.cli.errors import CommandError


def add_tls_flags(parser: argparse.ArgumentParser, *, plain_http: bool = True) -> None:
    """Add the repository credential and TLS flags.

    Adds ``--username``, ``--password``, ``--cert-file``, ``--key-file``, ``--ca-file``
    (strings, default ``""``), ``--insecure-skip-tls-verify`` and, unless ``plain_http`` is
    False, ``--plain-http`` (booleans). The parsed values land on ``args.username``,
    ``args.cert_file``, ``args.insecure_skip_tls_verify``... as argparse names them.
    """
    for flag in ("--username", "--password", "--cert-file", "--key-file", "--ca-file"):
        parser.add_argument(flag, default="")
    parser.add_argument("--insecure-skip-tls-verify", action="store_true")
    if plain_http:
        parser.add_argument("--plain-http", action="store_true")


def add_chart_path_flags(parser: argparse.ArgumentParser) -> None:
    """Add Helm's ``ChartPathOptions`` flags (``addChartPathOptionsFlags``) plus ``--devel``.

    Adds ``--version`` (stored as ``args.chart_version``), ``--devel``, ``--repo``,
    ``--verify``, ``--keyring`` (default ``""``: callers pick the default keyring),
    ``--pass-credentials`` and the :func:`add_tls_flags` group.
    """
    parser.add_argument(
        "--version", dest="chart_version", default="", help="specify a version constraint for the chart version to use"
    )
    parser.add_argument("--devel", action="store_true")
    parser.add_argument("--repo", default="")
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--keyring", default="")
    parser.add_argument("--pass-credentials", action="store_true")
    add_tls_flags(parser)


def output_format(text: str) -> str:
    """Validate an ``-o/--output`` value (Helm ``output.ParseFormat``): ``table``, ``json`` or ``yaml``.

    Returns ``text``; raises :class:`~pyhelm.cli.errors.CommandError` worded as pflag
    reports a bad flag value (``invalid argument "X" for "-o, --output" flag: ...``).
    """
    if text not in ("table", "json", "yaml"):
        raise CommandError(f'invalid argument "{text}" for "-o, --output" flag: invalid format type')
    return text
