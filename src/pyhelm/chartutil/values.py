"""Values: coalescing chart defaults with user values, as Helm v4.2 does.

Follows Helm's ``pkg/chart/common/util/coalesce.go`` (``CoalesceValues``,
``MergeValues``, ``CoalesceTables``, ``MergeTables``), ``pkg/chart/common/values.go``
(``Values.Table``/``PathValue``), ``pkg/chart/v2/loader.MergeMaps`` (``-f a -f b``),
``pkg/cli/values.Options.MergeValues`` (the order of ``-f``/``--set*`` flags) and
``ToRenderValuesWithSchemaValidation`` (the top-level map templates see).

Values are plain Go-model data (``dict``/``list``/scalars, see docs/ARCHITECTURE.md).
Helm logs warnings with ``log.Printf``; here every function that may warn takes an
optional ``warnings`` list and appends each message (without the log prefix).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from pyhelm.chart.model import Chart

GLOBAL_KEY = "global"

Values = dict[str, Any]


class ValuesError(Exception):
    """A values problem Helm reports as an error (``str(err)`` is Helm's message)."""


class NoTableError(ValuesError):
    """Helm ``ErrNoTable``: a path element is missing or not a map."""

    def __init__(self, key: str) -> None:
        from pyhelm.strvals.parser import go_quote

        super().__init__(f"{go_quote(key)} is not a table")
        self.key = key


class NoValueError(ValuesError):
    """Helm ``ErrNoValue``: the path does not lead to a non-table value."""

    def __init__(self, key: str) -> None:
        from pyhelm.strvals.parser import go_quote

        super().__init__(f"{go_quote(key)} is not a value")
        self.key = key


# --------------------------------------------------------------------------- helpers


def deep_copy(value: Any) -> Any:
    """Copy nested dicts and lists (Go ``copystructure.Copy`` for values); scalars are shared."""
    if isinstance(value, dict):
        return {k: v if type(v) in _LEAVES else deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _LEAVES else deep_copy(v) for v in value]
    return value


#: Value types deep_copy shares without looking inside (a shortcut, not a rule).
_LEAVES = frozenset({str, float, int, bool, type(None)})


def is_table(value: Any) -> bool:
    """Helm ``istable``: true for a ``map[string]interface{}`` (a ``dict``)."""
    return isinstance(value, dict)


def _concat_prefix(a: str, b: str) -> str:
    return b if not a else f"{a}.{b}"


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def go_sprint(value: Any) -> str:
    """Format a value like Go's ``%v`` for warning messages (maps sorted, ``<nil>``...)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, dict):
        inner = " ".join(f"{k}:{go_sprint(value[k])}" for k in sorted(value))
        return f"map[{inner}]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_sprint(v) for v in value) + "]"
    if isinstance(value, bytes):
        return "[" + " ".join(str(b) for b in value) + "]"
    return str(value)


def _go_float(value: float) -> str:
    """Go ``%v`` of a float64: shortest ``%g`` (exponent form below 1e-4 and from 1e6)."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    exp_text = f"{abs(value):.16e}".partition("e")[2]
    digits = repr(abs(value)).split("e")[0].replace(".", "").lstrip("0").rstrip("0") or "0"
    exponent = int(exp_text)
    # repr gives the shortest round-trip digits; its exponent may differ from %.16e's only by rounding.
    shortest = float(f"{digits[0]}.{digits[1:] or '0'}e{exponent}")
    if shortest != abs(value):
        exponent += 1 if shortest < abs(value) else -1
    if exponent < -4 or exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    point = exponent + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    return sign + digits[:point].ljust(point, "0") + ("." + digits[point:] if len(digits) > point else "")


# --------------------------------------------------------------------------- tables / paths


def parse_path(key: str) -> list[str]:
    """Split a dotted values path (Helm ``parsePath``)."""
    return key.split(".")


def table(values: Values, name: str) -> Values:
    """Helm ``Values.Table``: the map at dotted path ``name``.

    Raises :class:`NoTableError` naming the first element that is missing or not a map.
    """
    current = values
    for part in parse_path(name):
        nxt = current.get(part, _MISSING) if isinstance(current, dict) else _MISSING
        if not isinstance(nxt, dict):
            raise NoTableError(part)
        current = nxt
    return current


_MISSING = object()


def path_value(values: Values, path: str) -> Any:
    """Helm ``Values.PathValue``: the non-table value at dotted ``path``.

    Returns the value (possibly ``None`` for an explicit null). Raises
    :class:`NoValueError` when the path is missing or leads to a map, and
    :class:`ValuesError` (``YAML path cannot be empty``) for an empty path.
    """
    if path == "":
        raise ValuesError("YAML path cannot be empty")
    parts = parse_path(path)
    key = parts[-1]
    if len(parts) == 1:
        holder: Any = values
    else:
        try:
            holder = table(values, ".".join(parts[:-1]))
        except NoTableError:
            raise NoValueError(key) from None
    if key in holder and not is_table(holder[key]):
        return holder[key]
    raise NoValueError(key)


# --------------------------------------------------------------------------- coalescing


def coalesce_values(chart: Chart, user_values: Values | None, *, warnings: list[str] | None = None) -> Values:
    """Helm ``CoalesceValues``: chart defaults (and subcharts') under ``user_values``.

    ``user_values`` is not modified. A ``None`` (YAML null) in user values deletes the
    chart default; ``global`` is copied from parent to child. Returns the new map.
    Raises :class:`ValuesError` ``type mismatch on NAME: %!t(...)`` when a subchart's
    key holds a non-map.
    """
    dest = deep_copy(user_values) if user_values else {}
    return _coalesce(chart, dest, "", False, warnings)


def merge_chart_values(
    chart: Chart, user_values: Values | None, *, warnings: list[str] | None = None
) -> Values:
    """Helm ``MergeValues``: like :func:`coalesce_values` but nulls are preserved."""
    dest = deep_copy(user_values) if user_values else {}
    return _coalesce(chart, dest, "", True, warnings)


def _coalesce(chart: Chart, dest: Values, prefix: str, merge: bool, warnings: list[str] | None) -> Values:
    _coalesce_chart_values(chart, dest, prefix, merge, warnings)
    return _coalesce_deps(chart, dest, prefix, merge, warnings)


def _coalesce_deps(
    chart: Chart, dest: Values, prefix: str, merge: bool, warnings: list[str] | None
) -> Values:
    for sub in chart.dependencies:
        name = sub.name
        if name not in dest:
            dest[name] = {}
        elif not is_table(dest[name]):
            raise ValuesError(f"type mismatch on {name}: {_go_bool_verb(dest[name])}")
        sub_values = dest[name]
        sub_prefix = _concat_prefix(prefix, chart.name)
        _coalesce_globals(sub_values, dest, sub_prefix, warnings)
        dest[name] = _coalesce(sub, sub_values, sub_prefix, merge, warnings)
    return dest


def _go_bool_verb(value: Any) -> str:
    """Go ``%t`` of a non-bool value (Helm formats the mismatch with ``%t``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "%!t(<nil>)"
    type_name = {str: "string", int: "int64", float: "float64", list: "[]interface {}"}.get(type(value), "")
    if isinstance(value, list):
        return "[" + " ".join("<nil>" if v is None else _go_bool_verb(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = " ".join(f"{_go_bool_verb(k)}:{_go_bool_verb(value[k])}" for k in sorted(value))
        return f"map[{inner}]"
    return f"%!t({type_name}={go_sprint(value)})"


def _coalesce_globals(dest: Values, src: Values, prefix: str, warnings: list[str] | None) -> None:
    """Helm ``coalesceGlobals``: merge ``src["global"]`` into ``dest["global"]`` (parent wins)."""
    if GLOBAL_KEY not in dest:
        dest_globals: Values = {}
    elif isinstance(dest[GLOBAL_KEY], dict):
        dest_globals = dest[GLOBAL_KEY]
    else:
        _warn(warnings, f"warning: skipping globals because destination {GLOBAL_KEY} is not a table.")
        return
    if GLOBAL_KEY not in src:
        src_globals: Values = {}
    elif isinstance(src[GLOBAL_KEY], dict):
        src_globals = src[GLOBAL_KEY]
    else:
        _warn(warnings, f"warning: skipping globals because source {GLOBAL_KEY} is not a table.")
        return
    for key, val in src_globals.items():
        if is_table(val):
            copied = dict(val)
            if key not in dest_globals:
                dest_globals[key] = copied
            elif not isinstance(dest_globals[key], dict):
                _warn(warnings, f'Conflict: cannot merge map onto non-map for "{key}". Skipping.')
            else:
                _coalesce_tables(copied, dest_globals[key], _concat_prefix(prefix, key), True, warnings)
                dest_globals[key] = copied
        elif key in dest_globals and is_table(dest_globals[key]):
            _warn(warnings, f"key {key} is table. Skipping")
        else:
            dest_globals[key] = val
    dest[GLOBAL_KEY] = dest_globals


def _child_chart_merge_true(chart: Chart, key: str, merge: bool) -> bool:
    return True if any(sub.name == key for sub in chart.dependencies) else merge


def _clean_nil_values(values: Values) -> None:
    for key in [k for k, v in values.items() if v is None]:
        del values[key]
    for val in values.values():
        if isinstance(val, dict):
            _clean_nil_values(val)


def _coalesce_chart_values(
    chart: Chart, dest: Values, prefix: str, merge: bool, warnings: list[str] | None
) -> None:
    """Helm ``coalesceValues``: fill ``dest`` from a copy of the chart's defaults."""
    sub_prefix = _concat_prefix(prefix, chart.name)
    defaults = deep_copy(chart.values or {})
    for key, val in defaults.items():
        if key in dest:
            value = dest[key]
            if value is None and not merge:
                del dest[key]
            elif isinstance(value, dict):
                if not isinstance(val, dict):
                    if val is not None:
                        _warn(warnings, f"warning: skipped value for {sub_prefix}.{key}: Not a table.")
                    continue
                key_merge = _child_chart_merge_true(chart, key, merge)
                if not key_merge:
                    _clean_nil_values(val)
                _coalesce_tables(value, val, _concat_prefix(sub_prefix, key), key_merge, warnings)
        else:
            if not merge:
                if val is None:
                    continue
                if isinstance(val, dict):
                    _clean_nil_values(val)
            dest[key] = val


def coalesce_tables(
    dst: Values | None, src: Values | None, *, warnings: list[str] | None = None
) -> Values | None:
    """Helm ``CoalesceTables``: merge ``src`` into ``dst`` in place; ``dst`` wins, nulls delete."""
    return _coalesce_tables(dst, src, "", False, warnings)


def merge_tables(
    dst: Values | None, src: Values | None, *, warnings: list[str] | None = None
) -> Values | None:
    """Helm ``MergeTables``: like :func:`coalesce_tables` but nulls in ``dst`` are kept."""
    return _coalesce_tables(dst, src, "", True, warnings)


def _coalesce_tables(
    dst: Values | None, src: Values | None, prefix: str, merge: bool, warnings: list[str] | None
) -> Values | None:
    """Helm ``coalesceTablesFullKey`` (mutates ``dst`` and ``src``)."""
    if src is None:
        return dst
    if dst is None:
        return src
    src_non_nil = {k for k, v in src.items() if v is not None}
    for key, val in dst.items():
        if val is None:
            src[key] = None
    for key, val in list(src.items()):
        full_key = _concat_prefix(prefix, key)
        present = key in dst
        dv = dst.get(key)
        if present and not merge and dv is None and key in src_non_nil:
            del dst[key]
        elif not present:
            dst[key] = val
        elif is_table(val):
            if is_table(dv):
                _coalesce_tables(dv, val, full_key, merge, warnings)
            else:
                _warn(
                    warnings,
                    f"warning: cannot overwrite table with non table for {full_key} ({go_sprint(val)})",
                )
        elif is_table(dv) and val is not None:
            _warn(
                warnings,
                f"warning: destination for {full_key} is a table. Ignoring non-table value ({go_sprint(val)})",
            )
    return dst


# --------------------------------------------------------------------------- user values


def merge_maps(a: Values, b: Values) -> Values:
    """Helm ``loader.MergeMaps``: a new map of ``a`` overlaid with ``b``; nested maps merge."""
    out = dict(a)
    for key, val in b.items():
        if isinstance(val, dict) and isinstance(out.get(key), dict):
            out[key] = merge_maps(out[key], val)
        else:
            out[key] = val
    return out


def merge_values_files(documents: Iterable[Values | None]) -> Values:
    """Merge parsed ``-f`` files in order (later files win), as ``helm template -f a -f b``."""
    base: Values = {}
    for doc in documents:
        base = merge_maps(base, doc or {})
    return base


def build_user_values(
    value_files: Iterable[Values | None] = (),
    *,
    set_json: Iterable[str] = (),
    set_values: Iterable[str] = (),
    set_string: Iterable[str] = (),
    set_file: Iterable[str] = (),
    set_literal: Iterable[str] = (),
    file_reader: Callable[[str], str] | None = None,
) -> Values:
    """Helm ``values.Options.MergeValues``: the user-supplied values map.

    Order (later wins): parsed ``-f`` documents, ``--set-json``, ``--set``,
    ``--set-string``, ``--set-file`` (``file_reader(path) -> text``, default: read the
    local file), ``--set-literal``.
    Raises :class:`pyhelm.strvals.parser.StrvalsError` with Helm's wrapped message
    (``failed parsing --set data: ...``).
    """
    import json

    from pyhelm.strvals import parser as strvals

    base = merge_values_files(value_files)
    for text in set_json:
        trimmed = text.strip()
        if trimmed.startswith("{"):
            try:
                obj = json.loads(trimmed, parse_float=float, parse_int=float)
            except ValueError:
                obj = None
            if not isinstance(obj, dict):
                raise strvals.StrvalsError(f"failed parsing --set-json data JSON: {text}")
            base = merge_maps(base, obj)
            continue
        try:
            strvals.parse_json(text, base)
        except strvals.StrvalsError:
            raise strvals.StrvalsError(f"failed parsing --set-json data {text}") from None
    _apply(set_values, "--set", lambda t: strvals.parse_set(t, base))
    _apply(set_string, "--set-string", lambda t: strvals.parse_set_string(t, base))
    reader = file_reader if file_reader is not None else strvals.read_file_text
    _apply(set_file, "--set-file", lambda t: strvals.parse_set_file(t, reader, base))
    _apply(set_literal, "--set-literal", lambda t: strvals.parse_set_literal(t, base))
    return base


def _apply(texts: Iterable[str], flag: str, parse: Callable[[str], Any]) -> None:
    from pyhelm.strvals.parser import StrvalsError

    for text in texts:
        try:
            parse(text)
        except StrvalsError as err:
            raise StrvalsError(f"failed parsing {flag} data: {err}") from None


# --------------------------------------------------------------------------- render values


def values_for_render(
    chart: Chart,
    chart_values: Values | None,
    *,
    release: Values | None = None,
    capabilities: Any = None,
    chart_object: Any = None,
    skip_schema_validation: bool = False,
    warnings: list[str] | None = None,
) -> Values:
    """Helm ``ToRenderValuesWithSchemaValidation``: ``{"Chart", "Capabilities", "Release", "Values"}``.

    ``release`` holds ``Name``, ``Namespace``, ``IsUpgrade``, ``IsInstall``,
    ``Revision`` (``Service`` is added as ``"Helm"``); ``chart_object`` is what
    templates see as ``.Chart`` (defaults to ``chart.metadata``); ``capabilities``
    defaults to :func:`pyhelm.chartutil.capabilities.default_capabilities`.
    ``chart_values`` are the user values (already through dependency processing).
    Raises :class:`pyhelm.chartutil.schema.SchemaError` when values fail a schema.
    """
    from pyhelm.chartutil import capabilities as caps_mod
    from pyhelm.chartutil import schema as schema_mod

    rel = {"Name": "", "Namespace": "", "IsUpgrade": False, "IsInstall": False, "Revision": 0}
    rel.update(release or {})
    rel["Service"] = "Helm"
    top: Values = {
        "Chart": chart_object if chart_object is not None else chart.metadata,
        "Capabilities": capabilities if capabilities is not None else caps_mod.default_capabilities(),
        "Release": rel,
    }
    vals = coalesce_values(chart, chart_values, warnings=warnings)
    if not skip_schema_validation:
        schema_mod.validate_for_render(chart, vals)
    top["Values"] = vals
    return top
