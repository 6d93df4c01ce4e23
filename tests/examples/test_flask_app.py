"""examples/flask-app: renders and lints exactly like the reference Helm with every values file."""

from __future__ import annotations

import shutil

import helm_python as helm
import pytest
from oracle import ref_manifest, ref_render, ref_values_files
from testpaths import ROOT

import pyhelm
from pyhelm.action import lint as lint_action
from pyhelm.codec import yaml as goyaml

CHART = ROOT / "examples" / "flask-app"
VALUE_FILES = {
    "default": [],
    "dev": ["values-dev.yaml"],
    "staging": ["values-staging.yaml"],
    "production": ["values-production.yaml"],
}


@pytest.mark.parametrize("env", sorted(VALUE_FILES))
def test_renders_like_helm(env: str) -> None:
    paths = [CHART / name for name in VALUE_FILES[env]]
    values = ref_values_files(paths)
    result = pyhelm.template(CHART, pyhelm.values_from_files(paths), release_name="web")
    assert result.files == ref_render(CHART, values, name="web")
    assert result.manifest == ref_manifest(CHART, values, name="web")


@pytest.mark.parametrize("env", sorted(VALUE_FILES))
def test_lints_clean_with_strict(env: str) -> None:
    paths = [CHART / name for name in VALUE_FILES[env]]
    values = ref_values_files(paths)
    reference = helm.lint(str(CHART), values, strict=True)
    assert not reference.get("errors") and not reference.get("messages")
    ours = lint_action.run([str(CHART)], values, lint_action.LintOptions(strict=True))
    assert ours.errors == [] and ours.messages == []
    for sub in ("postgresql", "redis"):
        assert not helm.lint(str(CHART / "charts" / sub), strict=True).get("messages")


def _kinds(result) -> list[str]:
    return sorted(m.head.kind for m in result.manifests)


def test_dependencies_by_condition_and_tags() -> None:
    base = pyhelm.template(CHART, {}, release_name="web")
    assert "StatefulSet" not in _kinds(base) and _kinds(base).count("Deployment") == 1
    by_tag = pyhelm.template(CHART, {"tags": {"database": True}}, release_name="web")
    assert "StatefulSet" in _kinds(by_tag) and _kinds(by_tag).count("Deployment") == 1
    # The condition wins over the tag.
    both = pyhelm.template(CHART, {"tags": {"cache": True}, "redis": {"enabled": False}}, release_name="web")
    assert _kinds(both).count("Deployment") == 1
    redis = pyhelm.template(CHART, {"redis": {"enabled": True}}, release_name="web")
    assert _kinds(redis).count("Deployment") == 2
    assert "redis://web-redis:6379/0" in redis.files["flask-app/templates/configmap.yaml"]
    for values in ({"tags": {"database": True}}, {"tags": {"cache": True}, "redis": {"enabled": False}}):
        assert pyhelm.template(CHART, values, release_name="web").files == ref_render(
            CHART, values, name="web"
        )


def test_production_shape() -> None:
    result = pyhelm.template(
        CHART, pyhelm.values_from_files([CHART / "values-production.yaml"]), release_name="web"
    )
    kinds = _kinds(result)
    for kind in ("HorizontalPodAutoscaler", "PersistentVolumeClaim", "NetworkPolicy", "ServiceMonitor",
                 "PodDisruptionBudget", "Ingress", "ConfigMap", "StatefulSet"):  # fmt: skip
        assert kind in kinds, kind
    deployment = goyaml.load(result.files["flask-app/templates/deployment.yaml"])
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert "replicas" not in deployment["spec"]  # the HPA owns the replica count
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    hpa = goyaml.load(result.files["flask-app/templates/hpa.yaml"])
    assert hpa["apiVersion"] == "autoscaling/v2" and len(hpa["spec"]["metrics"]) == 2
    ingress = goyaml.load(result.files["flask-app/templates/ingress.yaml"])
    assert ingress["spec"]["tls"] == [{"hosts": ["flask.example.com"], "secretName": "flask-tls"}]
    assert (
        "flask-app/templates/secret.yaml" not in result.files
        or not result.files["flask-app/templates/secret.yaml"].strip()
    )


def test_service_monitor_follows_capabilities() -> None:
    values = {"metrics": {"enabled": True}}
    assert "ServiceMonitor" not in _kinds(pyhelm.template(CHART, values, release_name="web"))
    with_crd = pyhelm.template(CHART, values, release_name="web", api_versions=["monitoring.coreos.com/v1"])
    assert "ServiceMonitor" in _kinds(with_crd)


def test_chart_lock_matches_helm_dependency_update(tmp_path) -> None:
    copy = tmp_path / "flask-app"
    shutil.copytree(CHART, copy)
    helm.dependency_update(copy)
    ours, theirs = (
        goyaml.load((CHART / "Chart.lock").read_text()),
        goyaml.load((copy / "Chart.lock").read_text()),
    )
    assert ours["digest"] == theirs["digest"]
    assert ours["dependencies"] == theirs["dependencies"]
    assert [d["status"] for d in helm.dependency_list(CHART)] == ["unpacked", "unpacked"]
