"""values.yaml rules (Helm ``rules.ValuesWithOverrides``)."""

from __future__ import annotations

import os
from typing import Any

from pyhelm.lint.linter import ERROR, INFO, Linter

VALUES_FILE = "values.yaml"


def lint(linter: Linter, overrides: dict[str, Any], skip_schema_validation: bool) -> None:
    """Check values.yaml exists (info), parses, and with ``overrides`` meets values.schema.json."""
    path = os.path.join(linter.chart_dir, VALUES_FILE)
    if not linter.run_rule(INFO, VALUES_FILE, None if os.path.exists(path) else "file does not exist"):
        return
    linter.run_rule(ERROR, VALUES_FILE, validate_values_file(path, overrides, skip_schema_validation))


def read_values_file(path: str) -> dict[str, Any]:
    """Helm ``common.ReadValuesFile``: the file's documents parsed and merged.

    Raises ValueError with Helm's message (``error converting YAML to JSON: ...``).
    """
    from pyhelm.chart import loader

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise ValueError(f"read {path}: is a directory") from None
    except OSError as err:
        raise ValueError(f"open {path}: {(err.strerror or '').lower()}") from None
    try:
        return loader.load_values(data)
    except Exception as err:
        text = str(err).removeprefix("cannot unmarshal yaml document: ")
        text = text.replace(
            "into Go value of type map[string]interface {}", "into Go value of type common.Values"
        )
        raise ValueError(text) from err


def validate_values_file(path: str, overrides: dict[str, Any], skip_schema_validation: bool) -> str | None:
    """The error text for values.yaml, or None when it parses and meets its schema."""
    from pyhelm.chartutil import schema as schema_mod
    from pyhelm.chartutil import values as values_mod

    try:
        values = read_values_file(path)
    except (ValueError, OSError) as err:
        return f"unable to parse YAML: {err}"
    merged = values_mod.coalesce_tables(values_mod.deep_copy(overrides), values)
    schema_path = path[: -len(".yaml")] + ".schema.json"
    try:
        with open(schema_path, "rb") as fh:
            schema = fh.read()
    except OSError:
        return None
    if not schema or skip_schema_validation:
        return None
    try:
        schema_mod.validate_single_schema(merged, schema)
    except schema_mod.SchemaError as err:
        return str(err)
    return None
