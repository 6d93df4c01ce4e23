"""``pyhelm get all|values|manifest|notes|hooks|metadata RELEASE_NAME`` (Helm ``helm get``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pyhelm.cli.errors import CommandError
from pyhelm.cli.status import add_output_flag, call_action, exact_one, int_flag, open_release_store

__all__ = ["register", "run"]

SUBCOMMANDS = {
    "all": "download all information for a named release",
    "values": "download the values file for a named release",
    "manifest": "download the manifest for a named release",
    "notes": "download the notes for a named release",
    "hooks": "download all hooks for a named release",
    "metadata": "This command fetches metadata for a given release",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``get`` and its six subcommands."""
    parser = sub.add_parser("get", help="download extended information of a named release")
    get_sub = parser.add_subparsers(dest="get_what", parser_class=type(parser))
    for name, summary in SUBCOMMANDS.items():
        child = get_sub.add_parser(name, help=summary)
        child.add_argument("names", nargs="*")
        child.add_argument("--revision", type=int_flag("--revision"), default=0)
        if name == "all":
            child.add_argument("--template", default="")
        if name == "values":
            child.add_argument("-a", "--all", action="store_true")
        if name in ("values", "metadata"):
            add_output_flag(child)
        child.set_defaults(handler=run, get_what=name)
    parser.set_defaults(handler=_needs_subcommand)


def _needs_subcommand(args: argparse.Namespace) -> int:
    raise CommandError('"helm get" requires a subcommand: all, hooks, manifest, metadata, notes, values')


def run(args: argparse.Namespace) -> int:
    """Fetch the revision and print the requested part as Helm does."""
    what = args.get_what
    name = exact_one(args, f"get {what}", f"get {what} RELEASE_NAME")
    store = open_release_store(args)
    store.check_reachable()
    sys.stdout.write(_HANDLERS[what](store.storage, name, args))
    return 0


def _release(storage: Any, name: str, args: argparse.Namespace) -> Any:
    from pyhelm.action.get import get_release

    return call_action(get_release, storage, name, args.revision)


def _all(storage: Any, name: str, args: argparse.Namespace) -> str:
    from pyhelm.action.get import release_template_data
    from pyhelm.action.release_printer import status_table

    rel = _release(storage, name, args)
    if args.template:
        return _render_template(args.template, release_template_data(rel))
    return call_action(status_table, rel, debug=True, show_metadata=True)


def _render_template(text: str, data: Any) -> str:
    """Helm's CLI ``tpl``: a plain text/template (builtins only, no Sprig) over ``data``."""
    from pyhelm.engine.environment import TemplateSet
    from pyhelm.engine.errors import ExecError, FuncError, ParseError

    tset = TemplateSet({}, name="_")
    try:
        return tset.tpl(text, data, name="_")
    except (ParseError, ExecError, FuncError) as err:
        raise CommandError(str(err)) from err


def _values(storage: Any, name: str, args: argparse.Namespace) -> str:
    from pyhelm.action.get import get_values
    from pyhelm.action.release_printer import encode_json, encode_yaml

    values = call_action(get_values, storage, name, args.revision, all_values=args.all)
    if args.output == "json":
        return encode_json(values)
    body = encode_yaml(values)
    if args.output == "yaml":
        return body
    return ("COMPUTED VALUES:\n" if args.all else "USER-SUPPLIED VALUES:\n") + body


def _manifest(storage: Any, name: str, args: argparse.Namespace) -> str:
    return _release(storage, name, args).manifest + "\n"


def _notes(storage: Any, name: str, args: argparse.Namespace) -> str:
    rel = _release(storage, name, args)
    notes = rel.info.notes if rel.info is not None else ""
    return f"NOTES:\n{notes}\n" if notes else ""


def _hooks(storage: Any, name: str, args: argparse.Namespace) -> str:
    rel = _release(storage, name, args)
    return "".join(f"---\n# Source: {h.path}\n{h.manifest}\n" for h in rel.hooks or [])


def _metadata(storage: Any, name: str, args: argparse.Namespace) -> str:
    from pyhelm.action.get import get_metadata
    from pyhelm.action.release_printer import encode_json, encode_yaml

    md = call_action(get_metadata, storage, name, args.revision)
    if args.output == "json":
        return encode_json(md.to_go_json())
    if args.output == "yaml":
        return encode_yaml(md.to_go_json())
    lines = [
        f"NAME: {md.name}",
        f"CHART: {md.chart}",
        f"VERSION: {md.version}",
        f"APP_VERSION: {md.app_version}",
        f"ANNOTATIONS: {_label_set(md.annotations)}",
        f"LABELS: {_label_set(md.labels)}",
        f"DEPENDENCIES: {md.formatted_dep_names()}",
        f"NAMESPACE: {md.namespace}",
        f"REVISION: {md.revision}",
        f"STATUS: {md.status}",
        f"DEPLOYED_AT: {md.deployed_at}",
        f"APPLY_METHOD: {md.apply_method_text()}",
    ]
    return "".join(line + "\n" for line in lines)


def _label_set(labels: dict[str, str]) -> str:
    """Kubernetes ``labels.Set.String()``: ``k=v`` pairs sorted by key, comma-joined."""
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


_HANDLERS = {
    "all": _all,
    "values": _values,
    "manifest": _manifest,
    "notes": _notes,
    "hooks": _hooks,
    "metadata": _metadata,
}
