"""``pyhelm status RELEASE_NAME``: show a release's status (Helm ``helm status``).

Also home of the plumbing the read-only release commands share: opening the release
storage Helm's ``action.Configuration`` would use (``HELM_DRIVER``, kube flags,
namespace) and the ``-o/--output`` flag.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Any

from pyhelm.cli.environment import EnvSettings
from pyhelm.cli.errors import CommandError
from pyhelm.cli.flags import output_format

__all__ = ["ReleaseStore", "add_output_flag", "open_release_store", "register", "run", "storage_error"]


# ---------------------------------------------------------------------------
# shared plumbing
# ---------------------------------------------------------------------------


def int_flag(flag: str) -> Any:
    """An argparse ``type`` parsing a Go ``int`` flag, failing with pflag's words."""

    def parse(text: str) -> int:
        try:
            return int(text, 0) if text.strip().lower().startswith(("0x", "0o", "0b")) else int(text)
        except ValueError:
            raise CommandError(
                f'invalid argument "{text}" for "{flag}" flag: strconv.ParseInt: parsing "{text}": invalid syntax'
            ) from None

    return parse


def add_output_flag(parser: argparse.ArgumentParser) -> None:
    """``-o/--output table|json|yaml`` (Helm ``bindOutputFlag``)."""
    parser.add_argument(
        "-o", "--output", type=output_format, default="table",
        help="prints the output in the specified format. Allowed values: table, json, yaml",
    )


@dataclass
class ReleaseStore:
    """The storage a command reads releases from, and how to reach the cluster.

    ``kube_client`` is ``None`` for the memory driver (no cluster is used, as with
    Helm's fake client in its own tests); ``namespace`` is where Helm acts.
    """

    storage: Any
    namespace: str
    kube_client: Any = None

    def check_reachable(self) -> None:
        """Helm's ``KubeClient.IsReachable``; raises CommandError with Helm's words."""
        if self.kube_client is None:
            return
        from pyhelm.kube.client import KubeError

        try:
            self.kube_client.is_reachable()
        except KubeError as err:
            raise CommandError(str(err)) from err


def _kube_options(settings: EnvSettings) -> Any:
    from pyhelm.kube.config import KubeOptions

    return KubeOptions(
        kubeconfig=settings.kube_config,
        context=settings.kube_context,
        apiserver=settings.kube_apiserver,
        token=settings.kube_token,
        as_user=settings.kube_as_user,
        as_groups=list(settings.kube_as_groups),
        ca_file=settings.kube_ca_file,
        insecure_skip_tls_verify=settings.kube_insecure_skip_tls_verify,
        tls_server_name=settings.kube_tls_server_name,
        namespace=settings.namespace,
        burst_limit=settings.burst_limit,
        qps=settings.qps,
    )


def _namespace(settings: EnvSettings) -> str:
    """``--namespace``, else the kubeconfig context's namespace, else ``default``."""
    if settings.namespace:
        return settings.namespace
    from pyhelm.kube.config import KubeConfigError, resolve

    try:
        return resolve(_kube_options(settings)).namespace or "default"
    except (KubeConfigError, OSError, ValueError):
        return "default"


def open_release_store(args: argparse.Namespace, *, all_namespaces: bool = False) -> ReleaseStore:
    """Open the release storage as Helm's ``action.Configuration.Init`` does.

    ``HELM_DRIVER`` picks the driver (secret by default); ``memory`` preloads the
    files listed in ``HELM_MEMORY_DRIVER_DATA`` (``:``-separated). ``all_namespaces``
    opens it across every namespace (``list -A``). Raises CommandError with Helm's
    message when the driver or the kubeconfig cannot be used.
    """
    from pyhelm.storage import Storage, StorageError, new_driver
    from pyhelm.storage.driver.memory import Memory, load_memory_driver_data

    settings = EnvSettings.from_args(args)
    namespace = _namespace(settings)
    scope = "" if all_namespaces else namespace
    driver_name = os.environ.get("HELM_DRIVER", "")
    try:
        if driver_name.strip() == "memory":
            mem = Memory()
            data = os.environ.get("HELM_MEMORY_DRIVER_DATA", "")
            load_memory_driver_data(mem, [p for p in data.split(":") if p], scope)
            mem.set_namespace(scope)
            return ReleaseStore(Storage(mem, settings.max_history), namespace)
        from pyhelm.kube.client import KubeError, new_client

        try:
            client = new_client(_kube_options(settings))
        except KubeError as err:
            raise CommandError(str(err)) from err
        driver = new_driver(driver_name, namespace=scope, kube_client=client)
    except StorageError as err:
        raise CommandError(str(err)) from err
    return ReleaseStore(Storage(driver, settings.max_history), namespace, client)


def storage_error(err: Exception) -> CommandError:
    """A storage, query or cluster failure as the CLI reports it (Helm's message)."""
    return CommandError(str(err))


def call_action(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an action, turning its failures into :class:`CommandError` (Helm's wording)."""
    from pyhelm.action.list import ListError
    from pyhelm.action.status import ReleaseQueryError
    from pyhelm.chartutil.values import ValuesError
    from pyhelm.kube.client import KubeError
    from pyhelm.kube.interface import KubeResourceError
    from pyhelm.storage import StorageError

    try:
        return func(*args, **kwargs)
    except (StorageError, ReleaseQueryError, ListError, KubeError, KubeResourceError, ValuesError) as err:
        raise storage_error(err) from err


def exact_one(args: argparse.Namespace, command: str, usage: str) -> str:
    """The single release-name argument; Helm's ``requires 1 argument`` error otherwise."""
    names = args.names or []
    if len(names) != 1:
        word = "argument"
        raise CommandError(
            f'"helm {command}" requires 1 {word}\n\nUsage:  helm {usage} [flags]'
        )
    return names[0]


# ---------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``status`` with ``--revision`` and ``-o``."""
    parser = sub.add_parser("status", help="display the status of the named release")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--revision", type=int_flag("--revision"), default=0)
    parser.add_argument("--show-resources", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--show-desc", action="store_true", help=argparse.SUPPRESS)
    add_output_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the release as Helm's ``statusPrinter`` (chart stripped)."""
    from pyhelm.action import status as status_action
    from pyhelm.action.release_printer import write_release

    name = exact_one(args, "status", "status RELEASE_NAME")
    store = open_release_store(args)
    store.check_reachable()
    rel = call_action(status_action.status, store.storage, name, args.revision)
    resources_text = ""
    if store.kube_client is not None:
        table = args.output == "table"
        found = call_action(status_action.live_resources, store.kube_client, store.namespace,
                            rel.manifest, table=table)
        if table:
            from pyhelm.action.release_printer import resources_table

            resources_text = resources_table(found) if found else ""
        elif rel.info is not None:
            rel.info.resources = found or None
    rel.chart = None
    sys.stdout.write(write_release(rel, args.output, resources_text=resources_text))
    return 0

