"""``pyhelm __complete ...``: shell completion requests, as cobra's hidden command answers them.

Shell completion scripts call ``helm __complete <words...> <partial>`` and read one
candidate a line (``value<TAB>description``), then ``:<directive>``; cobra also reports
the directive on stderr. pyhelm completes chart versions for ``--version`` (Helm's
``compVersionFlag``: versions of ``repo/chart`` from the repository's cached index).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys

from pyhelm.cli.environment import EnvSettings

DIRECTIVE_DEFAULT = 0
DIRECTIVE_NO_FILE_COMP = 4
_DIRECTIVE_NAMES = {DIRECTIVE_DEFAULT: "ShellCompDirectiveDefault", DIRECTIVE_NO_FILE_COMP: "ShellCompDirectiveNoFileComp"}

# Commands whose --version flag completes chart versions, with how many positional
# arguments come before it is answered (the chart is the last of them).
_VERSION_COMMANDS = {"show": 1, "inspect": 1, "pull": 1, "fetch": 1, "template": 2, "install": 2, "upgrade": 2}
_SHOW_SUBCOMMANDS = {"all", "chart", "values", "readme", "crds"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the hidden ``__complete`` command."""
    parser = sub.add_parser("__complete", add_help=False)
    parser.add_argument("words", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the candidates for the last word of ``args.words`` and cobra's directive lines."""
    candidates, directive = complete(list(args.words), EnvSettings.from_args(args))
    for candidate in candidates:
        sys.stdout.write(candidate.rstrip() + "\n")
    sys.stdout.write(f":{directive}\n")
    sys.stdout.flush()
    sys.stderr.write(f"Completion ended with directive: {_DIRECTIVE_NAMES.get(directive, directive)}\n")
    return 0


def complete(words: list[str], settings: EnvSettings) -> tuple[list[str], int]:
    """Candidates and directive for ``words`` (the last word is the one being completed)."""
    if len(words) < 3 or words[-2] != "--version" or words[0] not in _VERSION_COMMANDS:
        return [], DIRECTIVE_DEFAULT
    command, rest = words[0], words[1:-2]
    if command in ("show", "inspect"):
        if not rest or rest[0] not in _SHOW_SUBCOMMANDS:
            return [], DIRECTIVE_NO_FILE_COMP
        rest = rest[1:]
    positionals = [w for w in rest if not w.startswith("-")]
    required = _VERSION_COMMANDS[command]
    if command in ("template", "install") and ({"--generate-name", "-g"} & set(rest)):
        required = 1
    if len(positionals) != required:
        return [], DIRECTIVE_NO_FILE_COMP
    return chart_versions(positionals[-1], settings), DIRECTIVE_NO_FILE_COMP


def chart_versions(chart_ref: str, settings: EnvSettings) -> list[str]:
    """``version<TAB>App: X, Created: Month D, YYYY (deprecated)`` for each version of ``repo/chart``.

    Follows Helm's ``compVersionFlag``; an unknown repository or chart gives no candidates.
    """
    from pathlib import Path

    from pyhelm import helmpath
    from pyhelm.repo.index import load_index_file

    parts = chart_ref.split("/")
    if len(parts) != 2:
        return []
    repo_name, chart_name = parts
    try:
        index = load_index_file(Path(settings.repository_cache) / helmpath.cache_index_file(repo_name))
    except Exception:  # noqa: BLE001 - Helm offers nothing when the index cannot be read
        return []
    out = []
    for version in index.entries.get(chart_name, []):
        md = version.metadata
        app = f"App: {md.app_version}, " if md.app_version else ""
        created = f"Created: {_go_long_date(version.created)} "
        deprecated = "(deprecated)" if md.deprecated else ""
        out.append(f"{md.version}\t{app}{created}{deprecated}")
    return out


def _go_long_date(created: str) -> str:
    """A created time (RFC 3339) as Go's ``Format("January 2, 2006")`` prints it, in its own zone."""
    stamp = _dt.date.fromisoformat(created[:10])
    return f"{stamp.strftime('%B')} {stamp.day}, {stamp.year}"
