"""The ConfigMaps driver (Helm ``driver.ConfigMaps``, ``HELM_DRIVER=configmap``).

Each revision is a ConfigMap named ``sh.helm.release.v1.<name>.v<revision>`` whose
data key ``release`` holds the encoded record; labels as for the Secrets driver.
Unlike the Secrets driver, Helm returns API errors of this driver unwrapped.
"""

from __future__ import annotations

from typing import Any

from pyhelm.storage.driver.secrets import KubeObjectDriver

__all__ = ["ConfigMaps"]


class ConfigMaps(KubeObjectDriver):
    """One ConfigMap per revision (no ``type``; the record is plain string data)."""

    kind = "ConfigMap"
    wrap_errors = False

    def _payload(self, obj: dict[str, Any]) -> str:
        return str((obj.get("data") or {}).get("release") or "")

    def _object(self, key: str, encoded: str, labels: dict[str, str]) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": key, "labels": labels},
            "data": {"release": encoded},
        }
