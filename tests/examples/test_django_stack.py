"""examples/django-stack renders identically with pyhelm and the reference Helm."""

from __future__ import annotations

import pytest
from oracle import ref_manifest, ref_render, ref_values_files
from testpaths import ROOT

import pyhelm

CHART = ROOT / "examples" / "django-stack"


@pytest.mark.parametrize("value_files", [[], ["values-dev.yaml"], ["values-prod.yaml"]], ids=["default", "dev", "prod"])
def test_renders_like_helm(value_files: list[str]) -> None:
    paths = [CHART / name for name in value_files]
    values = ref_values_files(paths)
    result = pyhelm.template(CHART, pyhelm.values_from_files(paths), release_name="shop")
    assert result.files == ref_render(CHART, values, name="shop")
    assert result.manifest == ref_manifest(CHART, values, name="shop")


def test_chart_shape() -> None:
    """The stack the example promises: each component, a PVC of the configured size, a test hook."""
    values = pyhelm.values_from_files([CHART / "values-prod.yaml"])
    result = pyhelm.template(CHART, values, release_name="shop")
    kinds = sorted(m.head.kind for m in result.manifests)
    assert kinds.count("Deployment") == 3 and "StatefulSet" in kinds and "Ingress" in kinds
    assert "storage: 20Gi" in result.files["django-stack/templates/postgres-statefulset.yaml"]
    assert [h.events for h in result.hooks] == [["test"]]
    assert "shop.example.com" in result.notes
