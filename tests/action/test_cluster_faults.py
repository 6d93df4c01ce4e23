"""The API server stops in the middle of an upgrade (scripts/kube/controlplane.sh stop/start).

Stopping the shared control plane breaks every other cluster test running at the same
time, so this module runs only when asked: ``PYHELM_FAULT_TESTS=1`` (and never under
pytest-xdist). It always starts the control plane again at the end.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from typing import Any

import pytest
from oracle import write_chart
from test_cluster_release import _cfg, _records

from pyhelm.action.install import InstallOptions, install
from pyhelm.action.rollback import RollbackOptions, rollback
from pyhelm.action.upgrade import PENDING_ERROR, UpgradeError, UpgradeOptions, upgrade
from pyhelm.release.model import Status

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(os.environ.get("PYHELM_FAULT_TESTS") != "1" or "PYTEST_XDIST_WORKER" in os.environ,
                       reason="stops the shared control plane: set PYHELM_FAULT_TESTS=1 (no xdist)"),
]

CONTROLPLANE = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "kube", "controlplane.sh")

GATED = {
    "gate.yaml": """apiVersion: v1
kind: Pod
metadata:
  name: gate
  annotations:
    helm.sh/hook: pre-upgrade
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
""",
    "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  v: {{ .Values.v | quote }}\n",
}


def _controlplane(action: str) -> None:
    subprocess.run([CONTROLPLANE, action], check=True, capture_output=True, timeout=600)


def test_api_server_stopped_mid_upgrade(tmp_path, kube_client: Any, kube_namespace: str) -> None:
    chart = write_chart(tmp_path, GATED, "v: a\n", name="gated")
    cfg = _cfg(kube_client, kube_namespace)
    install(cfg, "victim", chart, InstallOptions(namespace=kube_namespace))
    outcome: dict[str, Any] = {}

    def run_upgrade() -> None:
        try:
            upgrade(_cfg(kube_client, kube_namespace), "victim", chart,
                    UpgradeOptions(namespace=kube_namespace, values={"v": "b"}, timeout=20))  # fmt: skip
        except Exception as err:  # noqa: BLE001
            outcome["err"] = err

    thread = threading.Thread(target=run_upgrade)
    thread.start()
    try:
        deadline = time.time() + 30
        while time.time() < deadline and str(cfg.storage.last("victim").status) != "pending-upgrade":
            time.sleep(0.1)
        time.sleep(0.5)  # the pre-upgrade hook is being watched now
        _controlplane("stop")
        thread.join(60)
    finally:
        _controlplane("start")
    assert "err" in outcome
    deadline = time.time() + 60
    while True:
        try:
            records = _records(kube_client, kube_namespace, "victim")
            break
        except Exception:  # noqa: BLE001 - the API server is still coming up
            if time.time() > deadline:
                raise
            time.sleep(1)
    assert records[0]["version"] == 1 and records[0]["status"] == "deployed"
    assert [r["status"] for r in records[1:]] in (["pending-upgrade"], ["failed"])
    if records[1]["status"] == "pending-upgrade":
        with pytest.raises(UpgradeError) as info:
            upgrade(cfg, "victim", chart, UpgradeOptions(namespace=kube_namespace, values={"v": "c"}))
        assert str(info.value) == PENDING_ERROR
    rel = rollback(cfg, "victim", RollbackOptions(version=1))
    assert (rel.version, rel.status) == (3, Status.DEPLOYED)
    assert kube_client.core_v1().read_namespaced_config_map("c", kube_namespace).data["v"] == "a"
