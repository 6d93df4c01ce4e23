"""``pyhelm template [NAME] CHART``: render a chart locally, as ``helm template`` does."""

from __future__ import annotations

import argparse
import sys

from pyhelm.cli.environment import EnvSettings
from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import add_chart_path_flags
from pyhelm.cli.values import ValueOptions, ValuesError, add_value_flags


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``template`` command and its flags (Helm's install flags plus template's own)."""
    parser = sub.add_parser("template", help="locally render templates")
    parser.add_argument("args", nargs="*", metavar="[NAME] [CHART]")
    add_install_render_flags(parser)
    parser.add_argument("-s", "--show-only", action="append", default=[], help="only show manifests rendered from the given templates")
    parser.add_argument("--output-dir", default="", help="writes the executed templates to files in output-dir instead of stdout")
    parser.add_argument("--validate", action="store_true", help="deprecated: use --dry-run=server")
    parser.add_argument("--include-crds", action="store_true", help="include CRDs in the templated output")
    parser.add_argument("--skip-tests", action="store_true", help="skip tests from templated output")
    parser.add_argument("--is-upgrade", action="store_true", help="set .Release.IsUpgrade instead of .Release.IsInstall")
    parser.add_argument("--kube-version", default="", help="Kubernetes version used for Capabilities.KubeVersion")
    parser.add_argument("-a", "--api-versions", action="append", default=[], help="Kubernetes api versions used for Capabilities.APIVersions")
    parser.add_argument("--release-name", dest="use_release_name", action="store_true", help="use release name in the output-dir path")
    parser.add_argument("--dry-run", nargs="?", const="unset", default="client")
    parser.set_defaults(handler=run)


def add_install_render_flags(parser: argparse.ArgumentParser) -> None:
    """Flags shared by install, upgrade and template that shape rendering."""
    add_value_flags(parser)
    parser.add_argument("--name-template", default="", help="specify template used to name the release")
    parser.add_argument("-g", "--generate-name", action="store_true", help="generate the name (and omit the NAME parameter)")
    parser.add_argument("--no-hooks", action="store_true", help="prevent hooks from running during install")
    parser.add_argument("--skip-crds", action="store_true", help="if set, no CRDs will be installed")
    parser.add_argument("--skip-schema-validation", action="store_true", help="if set, disables JSON schema validation")
    parser.add_argument("--render-subchart-notes", action="store_true", help="if set, render subchart notes along with the parent")
    parser.add_argument("--hide-notes", action="store_true")
    parser.add_argument("--replace", action="store_true")
    parser.add_argument("--create-namespace", action="store_true")
    parser.add_argument("--description", default="")
    add_chart_path_flags(parser)
    parser.add_argument("--dependency-update", action="store_true")
    parser.add_argument("--disable-openapi-validation", action="store_true")
    parser.add_argument("--enable-dns", action="store_true")
    parser.add_argument("--post-renderer", default="")
    parser.add_argument("--post-renderer-args", action="append", default=[])
    parser.add_argument("--labels", action="append", default=[])
    parser.add_argument("--timeout", default="5m0s")
    parser.add_argument("--wait", nargs="?", const="watcher", default="")
    parser.add_argument("--wait-for-jobs", action="store_true")
    parser.add_argument("--atomic", "--rollback-on-failure", dest="atomic", action="store_true")
    parser.add_argument("--take-ownership", action="store_true")
    parser.add_argument("--force-replace", "--force", dest="force_replace", action="store_true")
    parser.add_argument("--server-side", default="auto")
    parser.add_argument("--force-conflicts", action="store_true")
    parser.add_argument("--hide-secret", action="store_true")


def chart_path_options(args: argparse.Namespace) -> dict[str, object]:
    """The ``--repo``/credential/TLS/verify flags as ``pyhelm.downloader.locate_chart`` keywords."""
    return {
        "repo_url": args.repo, "username": args.username, "password": args.password,
        "ca_file": args.ca_file, "cert_file": args.cert_file, "key_file": args.key_file,
        "insecure_skip_tls_verify": args.insecure_skip_tls_verify,
        "pass_credentials_all": args.pass_credentials, "plain_http": args.plain_http,
        "verify": args.verify, "keyring": args.keyring,
    }  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Render and print the chart; errors are raised as :class:`CommandError`."""
    from pyhelm.action import template as template_action

    if not args.args:
        raise CommandError('"helm template" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]')
    try:
        user_values = ValueOptions.from_args(args).merge_values()
    except ValuesError as err:
        raise CommandError(str(err)) from err
    settings = EnvSettings.from_args(args)
    options = template_action.TemplateOptions(
        namespace=settings.namespace_or_default(),
        values=user_values,
        name_template=args.name_template,
        generate_name=args.generate_name,
        kube_version=args.kube_version,
        api_versions=[v for item in args.api_versions for v in item.split(",") if v],
        is_upgrade=args.is_upgrade,
        include_crds=args.include_crds,
        disable_hooks=args.no_hooks,
        skip_tests=args.skip_tests,
        show_only=args.show_only,
        output_dir=args.output_dir,
        use_release_name=args.use_release_name,
        render_subchart_notes=args.render_subchart_notes,
        skip_schema_validation=args.skip_schema_validation,
        hide_secret=args.hide_secret,
        chart_version=args.chart_version or (">0.0.0-0" if args.devel else ""),
        debug=args.debug,
        chart_path=chart_path_options(args),
        settings=settings,
    )
    dry_run = "server" if args.validate else args.dry_run
    if dry_run not in ("client", "server", "unset", "true", "false", "none"):
        raise CommandError(f'invalid dry-run value ({dry_run}). Must be "server" or "client"')
    if dry_run == "server":
        from pyhelm.cli.install import configuration

        options.server_config = configuration(args)
    try:
        output = template_action.run(args.args, options)
    except template_action.TemplateError as err:
        raise CommandError(str(err), stdout=err.partial_output) from err
    sys.stdout.write(output)
    return 0
