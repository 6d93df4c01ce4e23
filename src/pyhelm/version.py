"""Version information: the Helm release whose behaviour pyhelm implements."""

from __future__ import annotations

from pyhelm import __version__

# The Helm version pyhelm reports and follows (Helm's internal/version default).
HELM_VERSION = "v4.2"
KUBE_CLIENT_VERSION = "v1.20"


def build_info() -> dict[str, str]:
    """Return Helm's ``version.BuildInfo`` fields as an ordered dict of strings.
    (what ``helm version`` prints for a build without release ldflags).
    """
    return {
        "Version": HELM_VERSION,
        "GitCommit": "",
        "GitTreeState": "",
        "GoVersion": "",
        "KubeClientVersion": KUBE_CLIENT_VERSION,
    }


__all__ = ["HELM_VERSION", "KUBE_CLIENT_VERSION", "build_info", "__version__"]
