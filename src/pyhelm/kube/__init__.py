"""Cluster access: kubeconfig loading as kubectl does it, and the client Helm's actions use."""

from pyhelm.kube.client import KubeClient, KubeError, UnreachableError, new_client
from pyhelm.kube.config import KubeConfigError, KubeOptions, ResolvedConfig, resolve

__all__ = [
    "KubeClient",
    "KubeConfigError",
    "KubeError",
    "KubeOptions",
    "ResolvedConfig",
    "UnreachableError",
    "new_client",
    "resolve",
]
