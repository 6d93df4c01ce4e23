"""``pyhelm registry login|logout HOST``: store or remove registry credentials, as ``helm registry`` does."""

from __future__ import annotations

import argparse
import getpass
import sys

from pyhelm.cli.errors import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``registry`` with its ``login`` and ``logout`` subcommands."""
    parser = sub.add_parser("registry", help="login to or logout from a registry")
    reg_sub = parser.add_subparsers(dest="registry_what", parser_class=type(parser))
    login = reg_sub.add_parser("login", help="login to a registry")
    login.add_argument("hosts", nargs="*", metavar="host")
    login.add_argument("-u", "--username", default="", help="registry username")
    login.add_argument("-p", "--password", default="", help="registry password or identity token")
    login.add_argument("--password-stdin", action="store_true", help="read password or identity token from stdin")
    login.add_argument("--insecure", action="store_true", help="allow connections to TLS registry without certs")
    login.add_argument("--cert-file", default="", help="identify registry client using this SSL certificate file")
    login.add_argument("--key-file", default="", help="identify registry client using this SSL key file")
    login.add_argument("--ca-file", default="", help="verify certificates of HTTPS-enabled servers using this CA bundle")
    login.add_argument("--plain-http", action="store_true", help="use insecure HTTP connections for the chart upload")
    login.set_defaults(handler=run_login)
    logout = reg_sub.add_parser("logout", help="logout from a registry")
    logout.add_argument("hosts", nargs="*", metavar="host")
    logout.set_defaults(handler=run_logout)
    parser.set_defaults(handler=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _host(args: argparse.Namespace, what: str) -> str:
    if not args.hosts:
        raise CommandError(
            f'"helm registry {what}" requires at least 1 argument\n\nUsage:  helm registry {what} [host] [flags]'
        )
    return str(args.hosts[0])


def _read_line(prompt: str, secret: bool) -> str:
    """Helm ``readLine``: prompt on stdout, read from the terminal (no echo for secrets) or stdin."""
    if secret and sys.stdin.isatty():
        return getpass.getpass(prompt)
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if secret:
        sys.stdout.write("\n")
    return line.rstrip("\n").rstrip("\r")


def username_password(username: str, password: str, from_stdin: bool) -> tuple[str, str]:
    """Helm ``getUsernamePassword``: flags, ``--password-stdin``, or interactive prompts.

    Returns ``(username, password)``. Raises :class:`CommandError` ``password required``
    (or ``token required``-style, as Helm words it) when a prompt is answered empty.
    """
    if from_stdin:
        password = sys.stdin.read()
        password = password.removesuffix("\n").removesuffix("\r")
    elif not password:
        if not username:
            username = _read_line("Username: ", False).strip()
        password = _read_line("Token: " if not username else "Password: ", True)
        if not password:
            raise CommandError("password required")
    else:
        sys.stderr.write("WARNING: Using --password via the CLI is insecure. Use --password-stdin.\n")
    return username, password


def run_login(args: argparse.Namespace) -> int:
    """``helm registry login HOST``: check the credential with the registry, then store it."""
    from pyhelm.cli.environment import EnvSettings
    from pyhelm.registry import RegistryError
    from pyhelm.registry.client import Client

    host = _host(args, "login")
    settings = EnvSettings.from_args(args)
    username, password = username_password(args.username, args.password, args.password_stdin)
    try:
        with Client(credentials_file=settings.registry_config or None, out=sys.stdout) as client:
            client.login(
                host, username, password, insecure=args.insecure, plain_http=args.plain_http,
                ca_file=args.ca_file, cert_file=args.cert_file, key_file=args.key_file,
            )  # fmt: skip
    except (RegistryError, OSError) as err:
        raise CommandError(str(err)) from err
    return 0


def run_logout(args: argparse.Namespace) -> int:
    """``helm registry logout HOST``: remove the stored credential."""
    from pyhelm.cli.environment import EnvSettings
    from pyhelm.registry import RegistryError
    from pyhelm.registry.client import Client

    host = _host(args, "logout")
    settings = EnvSettings.from_args(args)
    try:
        Client(credentials_file=settings.registry_config or None, out=sys.stdout).logout(host)
    except (RegistryError, OSError) as err:
        raise CommandError(str(err)) from err
    return 0
