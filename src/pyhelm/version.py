"""Build information: the Helm release pyhelm follows and the Kubernetes client version it reports.

Helm sets these at build time (Go ldflags); pyhelm keeps them here, read at call time,
with the values the reference Helm v4.2.3 build reports. Helm's own CLI golden files
were made by a test build without ldflags (empty Go version, Kubernetes client v1.20):
tests that compare against them set these attributes accordingly.
"""

from __future__ import annotations

from pyhelm import __version__

HELM_VERSION = "v4.2"
GIT_COMMIT = ""
GIT_TREE_STATE = ""
GO_VERSION = "go1.26.6"
# The Kubernetes client version: also the default .Capabilities.KubeVersion (vMAJOR.MINOR.0).
KUBE_CLIENT_MAJOR = 1
KUBE_CLIENT_MINOR = 36


def kube_client_version() -> str:
    """``vMAJOR.MINOR`` of the Kubernetes client, e.g. ``v1.36``."""
    return f"v{KUBE_CLIENT_MAJOR}.{KUBE_CLIENT_MINOR}"


def build_info() -> dict[str, str]:
    """Helm's ``version.BuildInfo`` fields in Go order, as ``helm version`` prints them."""
    return {
        "Version": HELM_VERSION,
        "GitCommit": GIT_COMMIT,
        "GitTreeState": GIT_TREE_STATE,
        "GoVersion": GO_VERSION,
        "KubeClientVersion": kube_client_version(),
    }


__all__ = ["HELM_VERSION", "GO_VERSION", "build_info", "kube_client_version", "__version__"]
