"""Helm's ``action.Configuration``: what every release action works with.

A :class:`Configuration` bundles the cluster access (an object satisfying
:class:`pyhelm.kube.interface.KubeInterface`), the release :class:`~pyhelm.storage.Storage`
(driver chosen by ``HELM_DRIVER``), the namespace, and the cluster's capabilities. It
is built from :class:`pyhelm.cli.environment.EnvSettings` by :func:`from_settings`.

Tests may replace :data:`KUBE_FACTORY` to act on a fake cluster (Helm's own CLI
tests do the same with ``PrintingKubeClient``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyhelm.release.model import Release
from pyhelm.storage import Storage

__all__ = ["KUBE_FACTORY", "Configuration", "from_settings", "kube_options"]

# Builds the KubeInterface for a KubeClient; None means pyhelm.kube.resources.ResourceClient.
KUBE_FACTORY: Callable[[Any], Any] | None = None


@dataclass
class Configuration:
    """Helm ``action.Configuration``.

    ``kube`` satisfies :class:`~pyhelm.kube.interface.KubeInterface`; ``storage`` keeps
    release records; ``kube_client`` is the :class:`pyhelm.kube.client.KubeClient` the
    storage drivers and capability lookups use (``None`` for a fake cluster);
    ``kube_version`` overrides the cluster's version (tests and client-only runs);
    ``live_cluster`` False (a fake cluster) keeps capability and ``lookup`` queries
    away from the API server.
    """

    kube: Any
    storage: Storage
    namespace: str = "default"
    kube_client: Any = None
    kube_version: str = ""
    api_versions: list[str] = field(default_factory=list)
    live_cluster: bool = True
    _caps: tuple[str, list[str]] | None = None

    def capabilities(self) -> tuple[str, list[str]]:
        """``(kube_version, extra_api_versions)`` for rendering (Helm ``getCapabilities``).

        The version comes from the API server's ``/version`` (cached); without a client
        the default capabilities are used. Raises ``UnreachableError`` when the server
        cannot be asked.
        """
        if self._caps is not None:
            return self._caps
        version = self.kube_version
        if not version and self.kube_client is not None and self.live_cluster:
            info = self.kube_client.server_version()
            version = str(info.get("gitVersion") or "")
            version = version.split("+", 1)[0]
        self._caps = (version, list(self.api_versions))
        return self._caps

    def record(self, rel: Release) -> None:
        """Rewrite a stored revision, ignoring storage errors (Helm ``recordRelease``)."""
        try:
            self.storage.update(rel)
        except Exception:  # noqa: BLE001 - Helm only logs a failed record update
            pass

    def lookup(self) -> Callable[[str, str, str, str], Any] | None:
        """A ``lookup`` template function answering from the live cluster, or None without one."""
        client = self.kube_client
        if client is None or not self.live_cluster:
            return None

        def lookup(api_version: str, kind: str, namespace: str, name: str) -> Any:
            return _lookup(client, api_version, kind, namespace, name)

        return lookup


def _lookup(client: Any, api_version: str, kind: str, namespace: str, name: str) -> Any:
    """Helm's ``lookup``: a dict for one object, ``{"items": [...]}`` for a list, ``{}`` when missing."""
    try:
        resource = client.dynamic().resources.get(api_version=api_version, kind=kind)
    except Exception:  # noqa: BLE001 - unknown kinds give an empty map, as Helm's lookup
        return {}
    try:
        kwargs: dict[str, Any] = {}
        if resource.namespaced and namespace:
            kwargs["namespace"] = namespace
        if name:
            kwargs["name"] = name
        obj = resource.get(**kwargs)
    except Exception as err:  # noqa: BLE001
        if getattr(err, "status", 0) == 404:
            return {}
        raise
    data = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
    return data


def kube_options(settings: Any) -> Any:
    """:class:`pyhelm.kube.config.KubeOptions` from EnvSettings (flags over environment)."""
    from pyhelm.kube.config import KubeOptions

    return KubeOptions.from_env(
        kubeconfig=settings.kube_config,
        context=settings.kube_context,
        apiserver=settings.kube_apiserver,
        token=settings.kube_token,
        as_user=settings.kube_as_user,
        as_groups=list(settings.kube_as_groups) or None,
        ca_file=settings.kube_ca_file,
        insecure_skip_tls_verify=settings.kube_insecure_skip_tls_verify or None,
        tls_server_name=settings.kube_tls_server_name,
        namespace=settings.namespace,
    )


def from_settings(settings: Any, *, max_history: int | None = None, driver: str | None = None) -> Configuration:
    """Build the Configuration Helm's CLI uses (``action.Configuration.Init``).

    ``settings`` is an :class:`~pyhelm.cli.environment.EnvSettings`; the namespace is
    ``-n``/``HELM_NAMESPACE``, else the kubeconfig context's, else ``default``.
    ``driver`` overrides ``HELM_DRIVER``. Raises ``UnreachableError`` for an unusable
    kubeconfig and ``StorageError`` for an unknown driver.
    """
    import os

    from pyhelm.kube.client import new_client
    from pyhelm.storage.driver import new_driver

    client = new_client(kube_options(settings))
    namespace = settings.namespace or client.namespace or "default"
    name = driver if driver is not None else (settings.driver or os.environ.get("HELM_DRIVER", ""))
    drv = new_driver(name, namespace=namespace, kube_client=client)
    if name == "memory":
        _preload_memory(drv, namespace)
    kube = _make_kube(client, namespace)
    history = settings.max_history if max_history is None else max_history
    return Configuration(kube=kube, storage=Storage(drv, max_history=history), namespace=namespace,
                         kube_client=client, live_cluster=KUBE_FACTORY is None)  # fmt: skip


def _preload_memory(drv: Any, namespace: str) -> None:
    import os

    data = os.environ.get("HELM_MEMORY_DRIVER_DATA", "")
    if not data:
        return
    from pyhelm.storage.driver.memory import load_memory_driver_data

    load_memory_driver_data(drv, [p for p in data.split(":") if p], namespace)


def _make_kube(client: Any, namespace: str) -> Any:
    if KUBE_FACTORY is not None:
        kube = KUBE_FACTORY(client)
    else:
        from pyhelm.kube.resources import ResourceClient

        kube = ResourceClient(client)
    kube.namespace = namespace
    return kube
