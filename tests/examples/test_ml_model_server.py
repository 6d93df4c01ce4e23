"""examples/ml-model-server: renders and lints exactly like the reference Helm with every values file."""

from __future__ import annotations

import shutil

import helm_python as helm
import pytest
from oracle import ref_manifest, ref_render, ref_values_files
from testpaths import ROOT

import pyhelm
from pyhelm.action import lint as lint_action
from pyhelm.codec import yaml as goyaml

CHART = ROOT / "examples" / "ml-model-server"
VALUE_FILES = {"default": [], "cpu": ["values-cpu.yaml"], "gpu-large": ["values-gpu-large.yaml"]}


@pytest.mark.parametrize("env", sorted(VALUE_FILES))
def test_renders_like_helm(env: str) -> None:
    paths = [CHART / name for name in VALUE_FILES[env]]
    values = ref_values_files(paths)
    result = pyhelm.template(CHART, pyhelm.values_from_files(paths), release_name="serve")
    assert result.files == ref_render(CHART, values, name="serve")
    assert result.manifest == ref_manifest(CHART, values, name="serve")


@pytest.mark.parametrize("env", sorted(VALUE_FILES))
def test_lints_clean_with_strict(env: str) -> None:
    paths = [CHART / name for name in VALUE_FILES[env]]
    values = ref_values_files(paths)
    reference = helm.lint(str(CHART), values, strict=True)
    assert not reference.get("errors") and not reference.get("messages")
    ours = lint_action.run([str(CHART)], values, lint_action.LintOptions(strict=True))
    assert ours.errors == [] and ours.messages == []


def _deployment(values: dict) -> dict:
    result = pyhelm.template(CHART, values, release_name="serve")
    return goyaml.load(result.files["ml-model-server/templates/deployment.yaml"])


def test_gpu_ports_probes_and_model_volume() -> None:
    spec = _deployment({})["spec"]["template"]["spec"]
    container = spec["containers"][0]
    assert container["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert container["image"].endswith("-gpu")
    assert {p["name"]: p["containerPort"] for p in container["ports"]} == {"http": 8501, "grpc": 8500}
    assert container["livenessProbe"]["grpc"]["port"] == 8500
    assert container["readinessProbe"]["httpGet"]["path"] == "/v1/models/resnet"
    models = next(v for v in spec["volumes"] if v["name"] == "models")
    assert models["persistentVolumeClaim"] == {"claimName": "serve-ml-model-server-models", "readOnly": True}
    mount = next(m for m in container["volumeMounts"] if m["name"] == "models")
    assert mount["readOnly"] is True
    assert "preferredDuringSchedulingIgnoredDuringExecution" in spec["affinity"]["podAntiAffinity"]
    assert spec["nodeSelector"] == {"nvidia.com/gpu.present": "true"}


def test_cpu_profile_and_redis_condition() -> None:
    values = pyhelm.values_from_files([CHART / "values-cpu.yaml"])
    result = pyhelm.template(CHART, values, release_name="serve")
    kinds = sorted(m.head.kind for m in result.manifests)
    assert "HorizontalPodAutoscaler" not in kinds and "PersistentVolumeClaim" not in kinds
    assert kinds.count("Deployment") == 2  # the model server and the redis subchart
    spec = goyaml.load(result.files["ml-model-server/templates/deployment.yaml"])["spec"]["template"]["spec"]
    assert "nvidia.com/gpu" not in spec["containers"][0]["resources"]["limits"]
    assert "requiredDuringSchedulingIgnoredDuringExecution" in spec["affinity"]["podAntiAffinity"]
    assert "CACHE_URL" in result.files["ml-model-server/templates/configmap.yaml"]
    default = pyhelm.template(CHART, {}, release_name="serve")
    assert sorted(m.head.kind for m in default.manifests).count("Deployment") == 1
    assert "HorizontalPodAutoscaler" in [m.head.kind for m in default.manifests]


def test_chart_lock_matches_helm_dependency_update(tmp_path) -> None:
    copy = tmp_path / "ml-model-server"
    shutil.copytree(CHART, copy)
    helm.dependency_update(copy)
    ours, theirs = (
        goyaml.load((CHART / "Chart.lock").read_text()),
        goyaml.load((copy / "Chart.lock").read_text()),
    )
    assert ours["digest"] == theirs["digest"] and ours["dependencies"] == theirs["dependencies"]
    assert [d["status"] for d in helm.dependency_list(CHART)] == ["unpacked"]
