"""``--wait`` shows what it is waiting for (stderr) and fails on its timeout, on the real control plane."""

from __future__ import annotations

import contextlib
import io

import pytest
from oracle import write_chart

from pyhelm.cli.main import main

pytestmark = pytest.mark.cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
"""


def test_wait_reports_unready_resources_then_times_out(tmp_path, monkeypatch, kubeconfig, kube_namespace) -> None:
    monkeypatch.setenv("KUBECONFIG", kubeconfig)
    chart = write_chart(tmp_path, {"web.yaml": DEPLOYMENT})
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["install", "w", str(chart), "-n", kube_namespace, "--wait", "--timeout", "5s"])
    assert code == 1 and out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert f"Deployment is not ready: {kube_namespace}/web. Replicas: 0/1" in lines
    assert lines[-1].endswith("context deadline exceeded")
    assert f"resource Deployment/{kube_namespace}/web not ready. status: InProgress" in err.getvalue()
