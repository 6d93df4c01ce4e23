"""CRD rules (Helm ``rules.Crds``): files under crds/ must be plain CustomResourceDefinitions."""

from __future__ import annotations

import os

from pyhelm.lint.linter import ERROR, Linter
from pyhelm.lint.rules import k8s

CRDS_DIR = "crds/"


def lint(linter: Linter) -> None:
    """Check crds/ (optional) is a directory of apiextensions.k8s.io CustomResourceDefinitions."""
    from pyhelm.chart import loader

    path = os.path.join(linter.chart_dir, "crds")
    if not os.path.lexists(path):
        return
    if not linter.run_rule(ERROR, CRDS_DIR, None if os.path.isdir(path) else "not a directory"):
        return
    try:
        chart = loader.load(linter.chart_dir)
    except Exception as err:
        linter.run_rule(ERROR, CRDS_DIR, str(err))
        return
    for _, crd in chart.crd_objects():
        name = crd.name  # Helm reports the file's own name, also for subcharts' CRDs
        try:
            for obj in k8s.decode_documents(crd.data):
                if obj is None:
                    continue
                if not obj.api_version.startswith("apiextensions.k8s.io"):
                    linter.run_rule(ERROR, name, "apiVersion is not in 'apiextensions.k8s.io'")
                if obj.kind != "CustomResourceDefinition":
                    linter.run_rule(ERROR, name, "object kind is not 'CustomResourceDefinition'")
        except k8s.DecodeError as err:
            linter.run_rule(ERROR, name, f"unable to parse YAML: {err}")
            return
