"""``pyhelm repo add|list|update|remove|index``: manage chart repositories (Helm ``helm repo``)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from pyhelm.cli.environment import EnvSettings
from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_tls_flags, output_format
from pyhelm.cli.install import timeout_seconds
from pyhelm.cli.search import GoStruct, add_output_flag, encode, uitable

# Repositories that were permanently deleted (Helm's deprecatedRepos).
DEPRECATED_REPOS = {
    "//kubernetes-charts.storage.googleapis.com": "https://charts.helm.sh/stable",
    "//kubernetes-charts-incubator.storage.googleapis.com": "https://charts.helm.sh/incubator",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``repo`` and its subcommands."""
    parser = sub.add_parser("repo", help="add, list, remove, update, and index chart repositories")
    repo_sub = parser.add_subparsers(dest="repo_what", parser_class=type(parser))

    add = repo_sub.add_parser("add", help="add a chart repository")
    add.add_argument("args", nargs="*", metavar="[NAME] [URL]")
    add_tls_flags(add, plain_http=False)
    for flag in ("--password-stdin", "--force-update", "--no-update", "--allow-deprecated-repos", "--pass-credentials"):
        add.add_argument(flag, action="store_true")
    add.add_argument("--timeout", default="2m0s")
    add.set_defaults(handler=run_add)

    lst = repo_sub.add_parser("list", aliases=["ls"], help="list chart repositories")
    lst.add_argument("args", nargs="*")
    lst.add_argument("--no-headers", action="store_true")
    add_output_flag(lst)
    lst.set_defaults(handler=run_list)

    update = repo_sub.add_parser("update", aliases=["up"], help="update information of available charts locally")
    update.add_argument("names", nargs="*")
    update.add_argument("--fail-on-repo-update-fail", action="store_true")
    update.add_argument("--timeout", default="2m0s")
    update.set_defaults(handler=run_update)

    remove = repo_sub.add_parser("remove", aliases=["rm"], help="remove one or more chart repositories")
    remove.add_argument("names", nargs="*")
    remove.set_defaults(handler=run_remove)

    index = repo_sub.add_parser("index", help="generate an index file given a directory containing packaged charts")
    index.add_argument("args", nargs="*", metavar="DIR")
    index.add_argument("--url", default="")
    index.add_argument("--merge", default="")
    index.add_argument("--json", action="store_true")
    index.set_defaults(handler=run_index)
    parser.set_defaults(handler=_needs_subcommand)


def _needs_subcommand(args: argparse.Namespace) -> int:
    sys.stdout.write(
        "\nThis command consists of multiple subcommands to interact with chart repositories.\n\n"
        "It can be used to add, remove, list, and index chart repositories.\n\n"
        "Usage:\n  helm repo [command]\n\nAvailable Commands:\n"
        "  add         add a chart repository\n"
        "  index       generate an index file given a directory containing packaged charts\n"
        "  list        list chart repositories\n"
        "  remove      remove one or more chart repositories\n"
        "  update      update information of available charts locally from chart repositories\n"
    )
    return 0


def _exact_args(args: list[str], n: int, usage: str) -> None:
    if len(args) != n:
        raise CommandError(
            f'"helm {usage.split(" [")[0]}" requires {n} argument{"s" if n != 1 else ""}\n\nUsage:  helm {usage} [flags]'
        )


def _q(text: str) -> str:
    from pyhelm.codec.json import marshal_string

    return marshal_string(text, escape_html=False)


def _http_timeout(text: str) -> float | None:
    """``--timeout`` for the repository HTTP client, in seconds (None: no limit, as Go's zero or negative ``Client.Timeout``).

    Raises CommandError for text that is not a Go duration (pflag's wording).
    """
    seconds = timeout_seconds(text)
    return seconds if seconds > 0 else None


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        data = sys.stdin.read()
        return data.removesuffix("\n").removesuffix("\r")
    sys.stdout.write("Password: ")
    sys.stdout.flush()
    if not sys.stdin.isatty():
        sys.stdout.write("\n")
        raise CommandError("inappropriate ioctl for device")
    import getpass

    password = getpass.getpass("")
    return password


def run_add(args: argparse.Namespace) -> int:
    """Add (or, with ``--force-update``, replace) a repository after downloading its index."""
    from pyhelm.getter.http import GetterError
    from pyhelm.repo import repositories as rf
    from pyhelm.repo.chartrepo import ChartRepository, RepoError
    from pyhelm.repo.index import IndexError_

    _exact_args(args.args, 2, "repo add [NAME] [URL]")
    name, url = args.args
    settings = EnvSettings.from_args(args)
    timeout = _http_timeout(args.timeout)
    if not args.allow_deprecated_repos:
        for old, new in DEPRECATED_REPOS.items():
            if old in url:
                raise CommandError(f"repo {_q(url)} is no longer available; try {_q(new)} instead")
    repo_file = settings.repository_config
    os.makedirs(os.path.dirname(os.path.abspath(repo_file)), exist_ok=True)
    try:
        with rf.file_lock(repo_file):
            try:
                current = rf.parse(Path(repo_file).read_bytes()) if os.path.exists(repo_file) else rf.RepoFile()
            except rf.RepoFileError as err:
                raise CommandError(str(err)) from err
            password = args.password
            if args.username and not password:
                password = _read_password(args)
            entry = rf.Entry(
                name=name, url=url, username=args.username, password=password,
                pass_credentials_all=args.pass_credentials, cert_file=args.cert_file, key_file=args.key_file,
                ca_file=args.ca_file, insecure_skip_tls_verify=args.insecure_skip_tls_verify,
            )  # fmt: skip
            if "/" in name:
                raise CommandError(
                    f"repository name ({name}) contains '/', please specify a different name without '/'"
                )
            if not args.force_update and current.has(name):
                if entry != current.get(name):
                    raise CommandError(f"repository name ({name}) already exists, please specify a different name")
                sys.stdout.write(f"{_q(name)} already exists with the same configuration, skipping\n")
                return 0
            try:
                repo = ChartRepository(entry, settings.repository_cache)
            except RepoError as err:
                raise CommandError(str(err)) from err
            try:
                repo.download_index_file(timeout=timeout)
            except (GetterError, IndexError_, OSError) as err:
                raise CommandError(f"looks like {_q(url)} is not a valid chart repository or cannot be reached: {err}") from err
            current.update(entry)
            current.write_file(repo_file, 0o600)
    except rf.RepoFileError as err:
        raise CommandError(str(err)) from err
    sys.stdout.write(f"{_q(name)} has been added to your repositories\n")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List configured repositories (table, JSON or YAML)."""
    from pyhelm.repo import repositories as rf

    if args.args:
        raise CommandError('"helm repo list" accepts no arguments\n\nUsage:  helm repo list [flags]')
    fmt = output_format(args.output)
    settings = EnvSettings.from_args(args)
    try:
        repos = rf.load_file(settings.repository_config).repositories
    except (FileNotFoundError, rf.RepoFileError):
        repos = []
    if not repos and fmt == "table":
        sys.stdout.write("no repositories to show\n")
        return 0
    if fmt == "table":
        rows = [] if args.no_headers else [["NAME", "URL"]]
        rows += [[r.name, r.url] for r in repos]
        sys.stdout.write(uitable(rows))
        return 0
    sys.stdout.write(encode([GoStruct(name=r.name, url=r.url) for r in repos], fmt))
    return 0


def run_update(args: argparse.Namespace) -> int:
    """Download fresh indexes for all (or the named) repositories, in parallel."""
    from pyhelm.repo import repositories as rf
    from pyhelm.repo.chartrepo import ChartRepository, RepoError

    settings = EnvSettings.from_args(args)
    timeout = _http_timeout(args.timeout)
    no_repos = "no repositories found. You must add one before updating"
    try:
        repo_file = rf.load_file(settings.repository_config)
    except FileNotFoundError:
        raise CommandError(no_repos) from None
    except rf.RepoFileError as err:
        raise CommandError(f"failed loading file: {settings.repository_config}: {err}") from err
    if not repo_file.repositories:
        raise CommandError(no_repos)
    known = {e.name for e in repo_file.repositories}
    for name in args.names:
        if name not in known:
            raise CommandError(f"no repositories found matching '{name}'.  Nothing will be updated")
    repos = []
    for entry in repo_file.repositories:
        if not args.names or entry.name in args.names:
            try:
                repos.append(ChartRepository(entry, settings.repository_cache))
            except RepoError as err:
                raise CommandError(str(err)) from err
    sys.stdout.write("Hang tight while we grab the latest from your chart repositories...\n")
    sys.stdout.flush()
    failed = _update_all(repos, timeout)
    if failed:
        raise CommandError(f"Failed to update the following repositories: [{' '.join(failed)}]")
    sys.stdout.write("Update Complete. ⎈Happy Helming!⎈\n")
    return 0


def _update_all(repos: list, timeout: float | None) -> list[str]:
    """Update each repository in its own thread; returns the URLs that failed, in completion order."""
    lock = threading.Lock()
    failed: list[str] = []

    def work(repo) -> None:  # type: ignore[no-untyped-def]
        try:
            repo.download_index_file(timeout=timeout)
            message = f"...Successfully got an update from the {_q(repo.config.name)} chart repository\n"
        except Exception as err:  # every failure is reported per repository, as Helm does
            message = (f"...Unable to get an update from the {_q(repo.config.name)} chart repository "
                       f"({repo.config.url}):\n\t{err}\n")  # fmt: skip
            with lock:
                failed.append(repo.config.url)
        with lock:
            sys.stdout.write(message)
            sys.stdout.flush()

    threads = [threading.Thread(target=work, args=(r,)) for r in repos]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failed


def run_remove(args: argparse.Namespace) -> int:
    """Remove repositories and their cached index files."""
    from pyhelm import helmpath
    from pyhelm.repo import repositories as rf

    if not args.names:
        raise CommandError('"helm repo remove" requires at least 1 argument\n\nUsage:  helm repo remove [REPO1 [REPO2 ...]] [flags]')
    settings = EnvSettings.from_args(args)
    try:
        repo_file = rf.load_file(settings.repository_config)
    except (FileNotFoundError, rf.RepoFileError):
        raise CommandError("no repositories configured") from None
    if not repo_file.repositories:
        raise CommandError("no repositories configured")
    for name in args.names:
        if not repo_file.remove(name):
            raise CommandError(f"no repo named {_q(name)} found")
        repo_file.write_file(settings.repository_config, 0o600)
        for cached in (helmpath.cache_charts_file(name), helmpath.cache_index_file(name)):
            path = os.path.join(settings.repository_cache, cached)
            if os.path.exists(path):
                os.remove(path)
        sys.stdout.write(f"{_q(name)} has been removed from your repositories\n")
    return 0


def run_index(args: argparse.Namespace) -> int:
    """Write ``DIR/index.yaml`` for the chart archives in DIR."""
    from pyhelm.action.repo_index import RepoIndexError, repo_index

    _exact_args(args.args, 1, "repo index [DIR]")
    try:
        repo_index(args.args[0], url=args.url, merge=args.merge, as_json=args.json)
    except RepoIndexError as err:
        raise CommandError(str(err)) from err
    return 0
