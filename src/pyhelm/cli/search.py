"""``pyhelm search repo|hub``: search the cached indexes of configured repositories (Helm ``helm search``).

Also home to the table and ``-o json|yaml`` writers the repository commands share
(gosuri/uitable layout, Helm's ``output.Encode*``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pyhelm.cli.environment import EnvSettings
from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_tls_flags, output_format


def _truncate(text: str, width: int) -> str:
    from pyhelm.action.release_printer import display_width

    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 3:
            break
        out += ch
        used += w
    return out + "..."


def uitable(rows: list[list[str]], max_col_width: int = 0) -> str:
    """Rows laid out as gosuri/uitable does (:func:`pyhelm.action.release_printer.uitable`).

    ``max_col_width`` > 0 first truncates longer cells with ``...``. Returns the table with
    a trailing newline (Helm ``output.EncodeTable``).
    """
    from pyhelm.action.release_printer import uitable as encode_table

    if max_col_width:
        rows = [[_truncate(c, max_col_width) for c in row] for row in rows]
    return encode_table(rows)


class GoStruct:
    """A Go struct for the JSON encoder: fields kept in declaration order."""

    def __init__(self, **fields: Any) -> None:
        self.fields = fields

    def __go_json_fields__(self) -> list[tuple[str, Any, bool]]:
        """(name, value, omitempty) in declaration order."""
        return [(k, v, False) for k, v in self.fields.items()]


def encode(value: Any, fmt: str) -> str:
    """``-o json`` (Go ``json.Encoder``: compact, newline) or ``-o yaml`` (sigs.k8s.io/yaml) text."""
    from pyhelm.action.release_printer import encode_json, encode_yaml

    if fmt == "json":
        return encode_json(value)
    plain = [v.fields if isinstance(v, GoStruct) else v for v in value] if isinstance(value, list) else value
    return encode_yaml(plain)


def add_output_flag(parser: argparse.ArgumentParser) -> None:
    """``-o/--output table|json|yaml``."""
    parser.add_argument("-o", "--output", default="table", help="prints the output in the specified format")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``search`` with ``repo`` and ``hub``."""
    parser = sub.add_parser("search", help="search for a keyword in charts")
    search_sub = parser.add_subparsers(dest="search_what", parser_class=type(parser))
    repo = search_sub.add_parser("repo", help="search repositories for a keyword in charts")
    repo.add_argument("keywords", nargs="*")
    repo.add_argument("-r", "--regexp", action="store_true")
    repo.add_argument("-l", "--versions", action="store_true")
    repo.add_argument("--devel", action="store_true")
    repo.add_argument("--version", dest="chart_version", default="")
    repo.add_argument("--max-col-width", type=int, default=50)
    repo.add_argument("--fail-on-no-result", action="store_true")
    add_tls_flags(repo)
    add_output_flag(repo)
    repo.set_defaults(handler=run_repo)
    hub = search_sub.add_parser("hub", help="search for charts in the Artifact Hub or your own hub instance")
    hub.add_argument("keywords", nargs="*")
    hub.add_argument("--endpoint", default="https://hub.helm.sh")
    hub.add_argument("--max-col-width", type=int, default=50)
    hub.add_argument("--list-repo-url", action="store_true")
    hub.add_argument("--fail-on-no-result", action="store_true")
    add_output_flag(hub)
    hub.set_defaults(handler=run_hub)
    parser.set_defaults(handler=_needs_subcommand)


def _needs_subcommand(args: argparse.Namespace) -> int:
    sys.stdout.write(
        "\nSearch provides the ability to search for Helm charts in the various places\n"
        "they can be stored including the Artifact Hub and repositories you have added.\n"
        "Use search subcommands to search different locations for charts.\n\n"
        "Usage:\n  helm search [command]\n\nAvailable Commands:\n"
        "  hub         search for charts in the Artifact Hub or your own hub instance\n"
        "  repo        search repositories for a keyword in charts\n"
    )
    return 0


def run_repo(args: argparse.Namespace) -> int:
    """Print the search results as a table, JSON or YAML."""
    from pyhelm.action.search import SearchOptions, SearchRepoError, search_repo

    fmt = output_format(args.output)
    settings = EnvSettings.from_args(args)
    if args.keywords and args.keywords[0].startswith("oci://"):
        raise CommandError("searching OCI registries is not supported by pyhelm yet")
    options = SearchOptions(
        versions=args.versions, regexp=args.regexp, devel=args.devel, version=args.chart_version,
        repository_config=settings.repository_config, repository_cache=settings.repository_cache,
    )  # fmt: skip
    try:
        results = search_repo(args.keywords, options)
    except SearchRepoError as err:
        raise CommandError(str(err)) from err
    if not results and args.fail_on_no_result:
        raise CommandError("no results found")
    if fmt == "table":
        if not results:
            sys.stdout.write("No results found\n")
            return 0
        rows = [["NAME", "CHART VERSION", "APP VERSION", "DESCRIPTION"]]
        rows += [[r.name, r.chart.version, r.chart.metadata.app_version, r.chart.metadata.description] for r in results]
        sys.stdout.write(uitable(rows, max(args.max_col_width, 0)))
        return 0
    items = [GoStruct(name=r.name, version=r.chart.version, app_version=r.chart.metadata.app_version,
                      description=r.chart.metadata.description) for r in results]  # fmt: skip
    sys.stdout.write(encode(items, fmt))
    return 0


def run_hub(args: argparse.Namespace) -> int:
    """``search hub`` needs the network (Artifact Hub); pyhelm reports it cannot reach it offline."""
    output_format(args.output)
    raise CommandError(
        f"unable to perform search against {args.endpoint}: Artifact Hub search needs network access, "
        "which this installation does not use"
    )
