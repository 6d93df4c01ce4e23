"""``pyhelm lint PATH...``: examine charts for possible issues, as ``helm lint`` does."""

from __future__ import annotations

import argparse
import os
import sys

from pyhelm.cli.errors import CommandError
from pyhelm.cli.values import ValueOptions, ValuesError, add_value_flags


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``lint`` command and its flags."""
    parser = sub.add_parser("lint", help="examine a chart for possible issues")
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--strict", action="store_true", help="fail on lint warnings")
    parser.add_argument("--with-subcharts", action="store_true", help="lint dependent charts")
    parser.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument(
        "--skip-schema-validation", action="store_true", help="if set, disables JSON schema validation"
    )
    parser.add_argument(
        "--kube-version", default="", help="Kubernetes version used for capabilities and deprecation checks"
    )
    add_value_flags(parser)
    parser.set_defaults(handler=run)


def subchart_paths(path: str) -> list[str]:
    """Charts below ``path/charts`` in walk order: folders holding a Chart.yaml, and archives."""
    found: list[str] = []
    root = os.path.normpath(os.path.join(path, "charts"))
    if not os.path.isdir(root):
        return found

    def walk(current: str) -> None:
        try:
            names = sorted(os.listdir(current))
        except OSError:
            return
        for name in names:
            full = os.path.join(current, name)
            if name == "Chart.yaml":
                found.append(current)
            elif full.endswith((".tgz", ".tar.gz")):
                found.append(full)
            if os.path.isdir(full) and not os.path.islink(full):
                walk(full)

    walk(root)
    return found


def render_report(paths: list[str], results: list, quiet: bool) -> tuple[str, int]:
    """Helm's lint output for each path's result: ``(text, number of failed charts)``."""
    from pyhelm.lint import INFO

    out: list[str] = []
    failed = 0
    for path, result in zip(paths, results, strict=True):
        if quiet and not result.has_warnings_or_errors():
            continue
        out.append(f"==> Linting {path}\n")
        if not result.messages:
            out.extend(f"Error {err}\n" for err in result.errors)
        out.extend(f"{msg}\n" for msg in result.messages if not quiet or msg.severity > INFO)
        if result.errors:
            failed += 1
        out.append("\n")
    return "".join(out), failed


def run(args: argparse.Namespace) -> int:
    """Lint every path and print Helm's report; a failed chart raises :class:`CommandError`."""
    from pyhelm.action import lint as lint_action
    from pyhelm.chartutil.capabilities import KubeVersionError, parse_kube_version_flag
    from pyhelm.cli.environment import EnvSettings

    paths = list(args.paths) or ["."]
    kube_version = None
    if args.kube_version:
        try:
            kube_version = parse_kube_version_flag(args.kube_version)
        except KubeVersionError as err:
            raise CommandError(str(err)) from err
    if args.with_subcharts:
        paths += [sub for p in list(paths) for sub in subchart_paths(p)]
    try:
        values = ValueOptions.from_args(args).merge_values()
    except ValuesError as err:
        raise CommandError(str(err)) from err
    options = lint_action.LintOptions(
        strict=args.strict,
        namespace=EnvSettings.from_args(args).namespace_or_default(),
        kube_version=kube_version,
        skip_schema_validation=args.skip_schema_validation,
    )
    results = [lint_action.run([path], values, options) for path in paths]
    text, failed = render_report(paths, results, args.quiet)
    summary = f"{len(paths)} chart(s) linted, {failed} chart(s) failed"
    if failed:
        raise CommandError(summary, stdout=text)
    any_issue = any(r.has_warnings_or_errors() for r in results)
    sys.stdout.write(text)
    if not args.quiet or any_issue:
        sys.stdout.write(summary + "\n")
    return 0
