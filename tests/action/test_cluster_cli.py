"""The release commands end to end on the control plane (KUBECONFIG, secret driver).

Outputs follow Helm's statusPrinter; the values printed are checked against the records
the reference Helm reads back from the same cluster.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from oracle import write_chart
from test_cluster_hooks import TEMPLATES, Kubelet
from test_cluster_release import _ref

from pyhelm.action.printer import ansic
from pyhelm.cli.main import main
from pyhelm.release.model import parse_time

pytestmark = pytest.mark.cluster


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, out.getvalue()


def test_cli_release_lifecycle(tmp_path, monkeypatch, kube_client, kubeconfig, kube_namespace):
    monkeypatch.delenv("HELM_DRIVER", raising=False)
    monkeypatch.setenv("KUBECONFIG", kubeconfig)
    chart = write_chart(tmp_path, TEMPLATES, "failUpgrade: false\n", name="cli")
    (chart / "templates" / "NOTES.txt").write_text("Hello from {{ .Release.Name }}\n")
    ns = ["-n", kube_namespace]
    ref = _ref(kubeconfig, kube_namespace)
    with Kubelet(kube_client, [kube_namespace]):
        code, out = _run(["install", "web", str(chart), *ns, "--labels", "team=a", "--description", "first"])
        assert code == 0, out
        status = ref.status("web")
        deployed = ansic(parse_time(status["deployed_at"]).astimezone())
        assert out == (f"NAME: web\nLAST DEPLOYED: {deployed}\nNAMESPACE: {kube_namespace}\nSTATUS: deployed\n"
                       "REVISION: 1\nDESCRIPTION: first\nNOTES:\nHello from web\n")  # fmt: skip (tests not run yet)
        code, out = _run(["upgrade", "web", str(chart), *ns, "--set", "x=1", "-o", "json"])
        assert code == 0, out
        record = json.loads(out)
        assert (record["version"], record["info"]["status"], record["config"]) == (2, "deployed", {"x": 1})
        code, out = _run(["test", "web", *ns, "--filter", "name=test-ok"])
        assert code == 0, out
        assert "TEST SUITE:     test-ok\nLast Started:   " in out and "Phase:          Succeeded\n" in out
        assert "test-second" not in out
        code, out = _run(["rollback", "web", *ns])
        assert (code, out) == (0, "Rollback was a success! Happy Helming!\n")
        history = ref.history("web")
        assert [(h["revision"], h["status"]) for h in history] == [(1, "superseded"), (2, "superseded"), (3, "deployed")]
        code, out = _run(["upgrade", "web", str(chart), *ns, "--dry-run", "-o", "yaml"])
        assert code == 0 and "status: pending-upgrade" in out
        code, out = _run(["uninstall", "web", *ns])
        assert (code, out) == (0, 'release "web" uninstalled\n')
    assert ref.list(all_states=True) == []
    code, out = _run(["uninstall", "web", *ns])
    assert (code, out) == (1, "Error: uninstall: Release not loaded: web: release: not found\n")
    code, out = _run(["uninstall", "web", *ns, "--ignore-not-found"])
    assert (code, out) == (0, 'release "web" uninstalled\n')  # Helm prints it for a missing release too
