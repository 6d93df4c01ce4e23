"""``template --validate`` / ``--dry-run=server``: objects validated by the API server, as Helm does."""

from __future__ import annotations

import contextlib
import io

import helm_python
import pytest
from oracle import write_chart

from pyhelm.cli.main import main

pytestmark = pytest.mark.cluster

SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("flag", ["--validate", "--dry-run=server"])
def test_invalid_field_rejected_like_helm(tmp_path, monkeypatch, kubeconfig, kube_namespace, flag) -> None:
    monkeypatch.setenv("KUBECONFIG", kubeconfig)
    bad = SERVICE.replace("  ports:", "  portz: 5\n  ports:")
    chart = write_chart(tmp_path, {"svc.yaml": bad})
    reference = helm_python.Config(kubeconfig_path=kubeconfig, namespace=kube_namespace)
    with pytest.raises(helm_python.HelmError) as caught:
        reference.install(str(chart), "web", {}, dry_run="server")
    code, out, err = _run(["template", "web", str(chart), flag, "-n", kube_namespace])
    assert (code, out, err) == (1, "", f"Error: {caught.value}\n")


def test_valid_chart_renders_with_cluster_capabilities(tmp_path, monkeypatch, kubeconfig, kube_namespace) -> None:
    monkeypatch.setenv("KUBECONFIG", kubeconfig)
    chart = write_chart(tmp_path, {"svc.yaml": SERVICE, "kv.yaml": "# {{ .Capabilities.KubeVersion.Minor }}\n"})
    code, out, _ = _run(["template", "web", str(chart), "--dry-run=server", "-n", kube_namespace])
    assert code == 0
    assert "# Source: mychart/templates/kv.yaml\n# 20\n" in out  # the control plane is Kubernetes 1.20
    assert "kind: Service" in out
