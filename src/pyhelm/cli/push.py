"""``pyhelm push CHART.tgz oci://REGISTRY/PATH``: upload a packaged chart, as ``helm push`` does."""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys

from pyhelm.cli.errors import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``push`` command and its registry flags."""
    parser = sub.add_parser("push", help="push a chart to remote")
    parser.add_argument("args", nargs="*", metavar="[chart] [remote]")
    parser.add_argument("--cert-file", default="", help="identify registry client using this SSL certificate file")
    parser.add_argument("--key-file", default="", help="identify registry client using this SSL key file")
    parser.add_argument("--ca-file", default="", help="verify certificates of HTTPS-enabled servers using this CA bundle")
    parser.add_argument("--insecure-skip-tls-verify", action="store_true", help="skip tls certificate checks for the chart upload")
    parser.add_argument("--plain-http", action="store_true", help="use insecure HTTP connections for the chart upload")
    parser.add_argument("--username", default="", help="chart repository username where to locate the requested chart")
    parser.add_argument("--password", default="", help="chart repository password where to locate the requested chart")
    parser.set_defaults(handler=run)


def _check_remote(remote: str) -> None:
    """Helm ``ChartUploader.UploadTo``: the remote must parse as a URL with the ``oci`` scheme."""
    scheme, sep, _ = remote.partition("://")
    if not sep:
        first = remote.split("/", 1)[0]
        if ":" in first:
            raise CommandError(f"invalid chart URL format: {remote}")
        raise CommandError('scheme prefix missing from remote (e.g. "oci://")')
    if scheme != "oci":
        raise CommandError(f'scheme "{scheme}" not supported')


def _read_chart(path: str) -> tuple[bytes, bytes | None, str]:
    """The archive bytes, the ``.prov`` beside it (or None) and its mtime as Helm stamps it."""
    from pyhelm.chart.loader import load

    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    if os.path.isdir(path):
        raise CommandError("cannot push directory, must provide chart archive (.tgz)")
    try:
        load(path)
    except Exception as err:  # loader errors carry Helm's wording
        raise CommandError(str(err)) from err
    with open(path, "rb") as fh:
        data = fh.read()
    prov = None
    if os.path.exists(path + ".prov"):
        with open(path + ".prov", "rb") as fh:
            prov = fh.read()
    from pyhelm.registry.client import rfc3339

    created = rfc3339(_dt.datetime.fromtimestamp(info.st_mtime).astimezone())
    return data, prov, created


def run(args: argparse.Namespace) -> int:
    """Push the chart archive to ``oci://HOST/PATH/NAME:VERSION``; prints ``Pushed:`` and ``Digest:``."""
    from pyhelm.chart.loader import load_archive
    from pyhelm.cli.environment import EnvSettings
    from pyhelm.registry import RegistryError
    from pyhelm.registry.client import Client

    if len(args.args) != 2:
        raise CommandError('"helm push" requires 2 arguments\n\nUsage:  helm push [chart] [remote] [flags]')
    chart_path, remote = args.args
    _check_remote(remote)
    data, prov, created = _read_chart(chart_path)
    meta = load_archive(data).metadata
    base = remote[len("oci://") :].rstrip("/")
    ref = f"{base}/{meta.name}:{meta.version}"
    settings = EnvSettings.from_args(args)
    try:
        with Client(
            credentials_file=settings.registry_config or None, plain_http=args.plain_http,
            insecure=args.insecure_skip_tls_verify, ca_file=args.ca_file, cert_file=args.cert_file,
            key_file=args.key_file, username=args.username, password=args.password, out=sys.stdout,
        ) as client:  # fmt: skip
            client.push(data, ref, prov_bytes=prov, creation_time=created)
    except (RegistryError, OSError) as err:
        raise CommandError(str(err)) from err
    return 0
