"""``pyhelm install [NAME] [CHART]``: install a chart as a release, as ``helm install`` does."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pyhelm.cli.environment import EnvSettings
from pyhelm.cli.errors import CommandError
from pyhelm.cli.template import add_install_render_flags, chart_path_options
from pyhelm.cli.values import ValueOptions, ValuesError

USAGE = "Usage:  helm install [NAME] [CHART] [flags]"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``install`` command and its flags."""
    parser = sub.add_parser("install", help="install a chart")
    parser.add_argument("args", nargs="*", metavar="[NAME] [CHART]")
    add_install_render_flags(parser)
    add_output_flags(parser)
    parser.set_defaults(handler=run)


def add_output_flags(parser: argparse.ArgumentParser) -> None:
    """``--dry-run[=client|server]`` and ``-o table|json|yaml``."""
    parser.add_argument("--dry-run", nargs="?", const="client", default="none",
                        help="simulate an install (client, server or none)")  # fmt: skip
    from pyhelm.cli.status import add_output_flag

    add_output_flag(parser)


def dry_run_mode(value: str) -> str:
    """``--dry-run`` flag value → ``""`` / ``client`` / ``server``; raises CommandError otherwise."""
    mode = value.strip().lower()
    if mode in ("none", "false", "", "unset"):
        return ""
    if mode in ("client", "true"):
        return "client"
    if mode == "server":
        return "server"
    raise CommandError(f'invalid dry-run value ({value}). Must be "none", "server", or "client"')


def wait_progress(line: str) -> None:
    """Show what ``--wait`` is still waiting for (on stderr; stdout stays Helm's output)."""
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def timeout_seconds(text: str) -> float:
    """``--timeout`` (a Go duration) in seconds; raises CommandError for a bad one."""
    from pyhelm.action.install import parse_duration

    try:
        return parse_duration(text)
    except ValueError as err:
        raise CommandError(f'invalid argument "{text}" for "--timeout" flag: {err}') from err


def wait_enabled(value: str) -> bool:
    """Whether ``--wait[=watcher|legacy|hookOnly]`` asks to wait for resources."""
    return bool(value) and value != "hookOnly"


def server_side_flag(value: str) -> str:
    """``--server-side`` as ``auto``/``true``/``false``; raises CommandError for another value."""
    mode = value.strip().lower()
    if mode not in ("auto", "true", "false"):
        raise CommandError(f'invalid server-side value ({value}). Must be "auto", "true", or "false"')
    return mode


def parse_labels(items: list[str]) -> dict[str, str]:
    """``--labels k=v,k2=v2`` (repeatable) into a dict; raises CommandError for a bad pair."""
    labels: dict[str, str] = {}
    for item in items:
        for pair in item.split(","):
            if not pair:
                continue
            key, sep, value = pair.partition("=")
            if not sep:
                raise CommandError(f'invalid argument "{item}" for "--labels" flag: {pair} must be formatted as key=value')
            labels[key] = value
    return labels


def configuration(args: argparse.Namespace, *, max_history: int | None = None) -> Any:
    """The action Configuration for a command's global flags (Helm ``actionConfig.Init``)."""
    from pyhelm.action.configuration import from_settings

    settings = EnvSettings.from_args(args)
    try:
        return from_settings(settings, max_history=max_history)
    except Exception as err:  # noqa: BLE001 - kubeconfig and driver errors, worded already
        raise CommandError(str(err)) from err


def locate(chart_ref: str, args: argparse.Namespace) -> str:
    """Download a remote chart reference (repo/chart, URL, oci://, --repo); local paths pass through."""
    from pyhelm.action import template as template_action

    options = template_action.TemplateOptions(
        chart_version=args.chart_version or (">0.0.0-0" if args.devel else ""),
        chart_path=chart_path_options(args),
        settings=EnvSettings.from_args(args),
    )
    try:
        return template_action._resolve_chart_ref(chart_ref, options)
    except template_action.TemplateError as err:
        raise CommandError(str(err)) from err


def user_values(args: argparse.Namespace) -> dict[str, Any]:
    """Merged ``-f``/``--set*`` values; raises CommandError."""
    try:
        return ValueOptions.from_args(args).merge_values()
    except ValuesError as err:
        raise CommandError(str(err)) from err


def run(args: argparse.Namespace) -> int:
    """Install and print the release; errors are raised as :class:`CommandError`."""
    if not args.args:
        raise CommandError(f'"helm install" requires at least 1 argument\n\n{USAGE}')
    try:
        rel = run_install(args, list(args.args))
    except CommandError as err:
        raise CommandError(f"INSTALLATION FAILED: {err}") from err
    print_release(rel, args)
    return 0


def run_install(args: argparse.Namespace, positional: list[str], *, replace: bool | None = None) -> Any:
    """Name, locate, load and install the chart; returns the release or raises CommandError."""
    from pyhelm.action import install as install_action
    from pyhelm.action import template as template_action
    from pyhelm.action.resources import ResourceError, check_installable, load_chart

    options = template_action.TemplateOptions(name_template=args.name_template, generate_name=args.generate_name,
                                              release_name="")  # fmt: skip
    try:
        name, chart_ref = template_action.name_and_chart(positional, options)
    except template_action.TemplateError as err:
        raise CommandError(str(err)) from err
    values = user_values(args)
    chart_path = locate(chart_ref, args)
    try:
        chart = load_chart(chart_path)
        check_installable(chart)
    except ResourceError as err:
        raise CommandError(str(err)) from err
    chart = update_dependencies(chart, chart_path, args)
    cfg = configuration(args)
    dry_run = dry_run_mode(args.dry_run)
    opts = install_action.InstallOptions(
        namespace=cfg.namespace, values=values, dry_run=dry_run, wait=wait_enabled(args.wait),
        wait_for_jobs=args.wait_for_jobs, timeout=timeout_seconds(args.timeout), atomic=args.atomic,
        progress=wait_progress,
        replace=args.replace if replace is None else replace, no_hooks=args.no_hooks, skip_crds=args.skip_crds,
        create_namespace=args.create_namespace, description=args.description, labels=parse_labels(args.labels),
        take_ownership=args.take_ownership, force_replace=args.force_replace,
        render_subchart_notes=args.render_subchart_notes, skip_schema_validation=args.skip_schema_validation,
        hide_secret=args.hide_secret, server_side=server_side_flag(args.server_side) != "false",
    )  # fmt: skip
    try:
        return install_action.install(cfg, name, chart, opts)
    except Exception as err:  # noqa: BLE001 - action, cluster and storage errors carry Helm's words
        raise CommandError(str(err)) from err


def update_dependencies(chart: Any, chart_path: str, args: argparse.Namespace, *, quote: str = "`") -> Any:
    """``--dependency-update``: when the chart's dependencies are missing, run ``dependency
    update`` on it and reload it (Helm's install/upgrade commands). Returns the chart.

    Without the flag, missing dependencies raise CommandError with Helm's advice (``quote``
    is the quote Helm puts around ``helm dependency build``: install and upgrade differ).
    """
    if not chart.metadata.dependencies:
        return chart
    from pyhelm.action.resources import ResourceError, load_chart
    from pyhelm.chartutil import dependencies

    try:
        dependencies.check_dependencies(chart)
        return chart
    except Exception as err:  # noqa: BLE001 - missing dependencies
        if not getattr(args, "dependency_update", False):
            raise CommandError(
                "an error occurred while checking for chart dependencies. You may need to run "
                f"{quote}helm dependency build{quote} to fetch missing dependencies: {err}"
            ) from err
    from pyhelm.downloader.manager import Manager, ManagerError

    settings = EnvSettings.from_args(args)
    manager = Manager(
        chart_path=chart_path, out=sys.stdout, keyring=args.keyring, debug=settings.debug,
        repository_config=settings.repository_config, repository_cache=settings.repository_cache,
        content_cache=settings.content_cache, registry_config=settings.registry_config, plain_http=args.plain_http,
    )  # fmt: skip
    try:
        manager.update()
    except ManagerError as err:
        raise CommandError(str(err)) from err
    try:
        return load_chart(chart_path)
    except ResourceError as err:
        raise CommandError(f"failed reloading chart after repo update: {err}") from err


def print_release(rel: Any, args: argparse.Namespace) -> None:
    """Print the release in the ``-o`` format (Helm's statusPrinter)."""
    from pyhelm.action.printer import OutputFormatError, format_release

    try:
        text = format_release(rel, args.output, debug=args.debug, hide_notes=getattr(args, "hide_notes", False))
    except OutputFormatError as err:
        raise CommandError(str(err)) from err
    sys.stdout.write(text)
