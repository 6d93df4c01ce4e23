"""Helm's environment settings (``pkg/cli.EnvSettings``): environment variables and global flags.

Every command reads its shared settings from :class:`EnvSettings`: the namespace and
cluster access flags, the release storage driver, and where repositories, the
repository cache, registry credentials and the content cache live. A global flag
overrides the environment variable, which overrides Helm's default.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field

from pyhelm import helmpath


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        return default


@dataclass
class EnvSettings:
    """Settings shared by all commands (Helm ``cli.EnvSettings``).

    ``namespace`` is ``None`` when neither ``-n`` nor ``$HELM_NAMESPACE`` is given:
    cluster commands then take the kubeconfig context's namespace, ``template``
    uses ``default``.
    """

    namespace: str | None = None
    kube_config: str | None = None
    kube_context: str | None = None
    kube_token: str | None = None
    kube_as_user: str | None = None
    kube_as_groups: list[str] = field(default_factory=list)
    kube_apiserver: str | None = None
    kube_ca_file: str | None = None
    kube_tls_server_name: str | None = None
    kube_insecure_skip_tls_verify: bool = False
    debug: bool = False
    registry_config: str = ""
    repository_config: str = ""
    repository_cache: str = ""
    content_cache: str = ""
    max_history: int = 10
    burst_limit: int = 100
    qps: float = 0.0
    driver: str = ""

    @classmethod
    def from_environment(cls) -> EnvSettings:
        """Settings from ``HELM_*`` (and ``KUBECONFIG``-style) environment variables alone."""
        env = os.environ.get
        groups = [g for g in env("HELM_KUBEASGROUPS", "").split(",") if g]
        return cls(
            namespace=env("HELM_NAMESPACE") or None,
            kube_config=env("KUBECONFIG") or None,
            kube_context=env("HELM_KUBECONTEXT") or None,
            kube_token=env("HELM_KUBETOKEN") or None,
            kube_as_user=env("HELM_KUBEASUSER") or None,
            kube_as_groups=groups,
            kube_apiserver=env("HELM_KUBEAPISERVER") or None,
            kube_ca_file=env("HELM_KUBECAFILE") or None,
            kube_tls_server_name=env("HELM_KUBETLS_SERVER_NAME") or None,
            kube_insecure_skip_tls_verify=env("HELM_KUBEINSECURE_SKIP_TLS_VERIFY", "").lower() == "true",
            debug=env("HELM_DEBUG", "").lower() in ("1", "true"),
            registry_config=env("HELM_REGISTRY_CONFIG") or str(helmpath.config_path("registry", "config.json")),
            repository_config=env("HELM_REPOSITORY_CONFIG") or str(helmpath.config_path("repositories.yaml")),
            repository_cache=env("HELM_REPOSITORY_CACHE") or str(helmpath.cache_path("repository")),
            content_cache=env("HELM_CONTENT_CACHE") or str(helmpath.cache_path("content")),
            max_history=_env_int("HELM_MAX_HISTORY", 10),
            burst_limit=_env_int("HELM_BURST_LIMIT", 100),
            driver=env("HELM_DRIVER", ""),
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> EnvSettings:
        """Environment settings overridden by the global flags parsed into ``args``."""
        settings = cls.from_environment()
        overrides = {
            "namespace": "namespace",
            "kube_config": "kubeconfig",
            "kube_context": "kube_context",
            "kube_token": "kube_token",
            "kube_as_user": "kube_as_user",
            "kube_apiserver": "kube_apiserver",
            "kube_ca_file": "kube_ca_file",
            "kube_tls_server_name": "kube_tls_server_name",
            "registry_config": "registry_config",
            "repository_config": "repository_config",
            "repository_cache": "repository_cache",
            "content_cache": "content_cache",
        }
        for attr, flag in overrides.items():
            value = getattr(args, flag, None)
            if value:
                setattr(settings, attr, value)
        if getattr(args, "kube_as_group", None):
            settings.kube_as_groups = list(args.kube_as_group)
        if getattr(args, "kube_insecure_skip_tls_verify", False):
            settings.kube_insecure_skip_tls_verify = True
        if getattr(args, "debug", False):
            settings.debug = True
        if getattr(args, "burst_limit", None) is not None:
            settings.burst_limit = args.burst_limit
        if getattr(args, "qps", None):
            settings.qps = args.qps
        return settings

    def namespace_or_default(self) -> str:
        """The namespace when one is set, else ``default`` (what ``helm template`` uses)."""
        return self.namespace or "default"
