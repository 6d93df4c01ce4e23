"""values.schema.json validation with Helm v4.2's messages.

Helm v4 validates values with ``santhosh-tekuri/jsonschema/v6``
(``pkg/chart/common/util/jsonschema.go``). Its report is a tree, printed as::

    mychart:
    - at '/replicas': got string, want integer
    - at '/name': validation failed
      - at '/name': maxLength: got 7, want 5
      - at '/name': 'ABCDEFG' does not match pattern '^[a-z]+$'

This module evaluates schemas in the same keyword order and groups errors the same
way, so the text matches Helm's (Helm lists sibling properties in Go's random map
order; here they follow the values' order). The ``jsonschema`` library checks the
schema itself against its draft's metaschema. The draft is the one ``$schema``
names (draft-04, -06, -07, 2019-09, 2020-12; default 2020-12). Formats are asserted
for drafts up to 7, as v6 does. ``http``/``https`` ``$ref`` targets are fetched like
Helm does; ``urn:`` references are permissive (``true``).

Public API:

- :func:`validate_against_schema` — Helm ``ToRenderValues``' check; raises :class:`SchemaError`
  ``values don't meet the specifications of the schema(s) in the following chart(s):\\n...``
- :func:`schema_errors` — Helm ``ValidateAgainstSchema``'s text (``""`` when valid)
- :func:`validate_single_schema` — Helm ``ValidateAgainstSingleSchema``
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any
from urllib.parse import urldefrag, urljoin

from pyhelm.chart.model import Chart
from pyhelm.strvals.parser import _go_type, _quote_rune

ROOT_URL = "file:///values.schema.json"
HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):\n"


class SchemaError(Exception):
    """Values failed validation (or the schema is broken); ``str(err)`` is Helm's message."""


# --------------------------------------------------------------------------- Helm entry points


def validate_against_schema(chart: Chart, values: dict[str, Any]) -> None:
    """Validate coalesced ``values`` against the chart's and every subchart's schema.

    Raises :class:`SchemaError` with Helm's full message (``values don't meet the
    specifications of the schema(s) in the following chart(s):`` + per-chart reports).
    """
    report = schema_errors(chart, values)
    if report:
        raise SchemaError(HEADER + report)


validate_for_render = validate_against_schema


def schema_errors(chart: Chart, values: dict[str, Any]) -> str:
    """Helm ``ValidateAgainstSchema``: the report text, ``""`` when everything is valid.

    Subchart values are ``values[subchart name]``; a missing or null entry is skipped,
    a non-map one reported as ``invalid type for values``.
    """
    out: list[str] = []
    if chart.schema is not None:
        try:
            validate_single_schema(values, chart.schema)
        except SchemaError as err:
            out.append(f"{chart.name}:\n{err}")
    for sub in chart.dependencies:
        raw = values.get(sub.name)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            out.append(f"{sub.name}:\ninvalid type for values: expected object (map), got {_go_type(raw)}\n")
            continue
        out.append(schema_errors(sub, raw))
    return "".join(out)


def validate_single_schema(values: dict[str, Any], schema_json: bytes | str) -> None:
    """Helm ``ValidateAgainstSingleSchema``: raise :class:`SchemaError` unless ``values`` conform.

    The message is v6's report without its first line, plus a trailing newline; a
    schema that fails to parse or compile gives that error's text instead.
    """
    text = schema_json.decode("utf-8", errors="replace") if isinstance(schema_json, bytes) else schema_json
    error = _Validator(_compiled_schema(text)).validate_root(values)
    if error is not None:
        raise SchemaError(error)


@functools.lru_cache(maxsize=256)
def _compiled_schema(text: str) -> Any:
    """Parse and compile a schema once per text; compiled schemas are not changed by validation."""
    return _Compiler(_parse_json(text)).compile()


# --------------------------------------------------------------------------- JSON parsing


def _parse_json(text: str) -> Any:
    """Parse schema JSON keeping numbers exact (``Decimal``/``int``); Go-worded errors."""
    from pyhelm.strvals import parser as strvals

    decoder = json.JSONDecoder(parse_float=Decimal, parse_constant=_bad_constant)
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        raise SchemaError("EOF")
    try:
        value, end = decoder.raw_decode(text, len(text) - len(stripped))
    except _ConstantError as err:
        raise SchemaError(str(err)) from None
    except json.JSONDecodeError as err:
        raise SchemaError(strvals._go_json_error(text, err)) from None
    rest = text[end:].strip(" \t\r\n")
    if rest:
        raise SchemaError(f"invalid character {_quote_rune(rest[0])} after top-level value")
    return value


class _ConstantError(ValueError):
    pass


def _bad_constant(name: str) -> Any:
    raise _ConstantError(f"invalid character {_quote_rune(name[0])} looking for beginning of value")


# --------------------------------------------------------------------------- Go formatting


def _quote(text: str) -> str:
    """v6 ``quote``: Go ``%q`` with single quotes outside and ``"`` unescaped."""
    from pyhelm.strvals.parser import go_quote

    inner = go_quote(text)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{inner}'"


def _display(value: Any) -> str:
    """v6 ``display``: strings quoted, composites as ``value``, others Go ``%v``."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list | dict):
        return "value"
    if isinstance(value, Decimal):
        return str(value)
    from pyhelm.chartutil.values import go_sprint

    return go_sprint(value)


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _group(digits: str) -> str:
    """Thousands separators as golang.org/x/text prints English numbers."""
    out = []
    for i, ch in enumerate(reversed(digits)):
        if i and i % 3 == 0:
            out.append(",")
        out.append(ch)
    return "".join(reversed(out))


def _fmt_int(value: int) -> str:
    """x/text ``%d``: grouped digits."""
    return ("-" if value < 0 else "") + _group(str(abs(value)))


def _fmt_float(value: float) -> str:
    """x/text ``%v`` of a float64: shortest digits, grouped, ``×10ⁿ`` beyond ``%g``'s range."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if math.isnan(value):
        return "NaN"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest_digits(repr(abs(value)))
    if exponent < -4 or exponent >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exp = f"{exponent:03d}" if exponent < 0 else f"{exponent:02d}"
        return f"{sign}{mant}×10{exp.translate(_SUPERSCRIPT)}"
    point = exponent + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    int_part = digits[:point].ljust(point, "0")
    frac = digits[point:]
    return sign + _group(int_part) + ("." + frac if frac else "")


def _shortest_digits(text: str) -> tuple[str, int]:
    """Split Python's shortest float repr into (significant digits, decimal exponent)."""
    if "e" in text:
        mant, exp = text.split("e")
        exponent = int(exp)
    else:
        mant, exponent = text, 0
    if "." in mant:
        int_part, frac = mant.split(".")
    else:
        int_part, frac = mant, ""
    frac = frac.rstrip("0") if frac != "0" else ""
    digits = (int_part + frac).lstrip("0")
    lead_zeros = len(int_part + frac) - len((int_part + frac).lstrip("0"))
    exponent += len(int_part) - 1 - lead_zeros
    return digits.rstrip("0") or "0", exponent


def _num_text(value: Any) -> str:
    return _fmt_float(float(value))


# --------------------------------------------------------------------------- errors


@dataclass
class _Error:
    """One node of v6's ValidationError tree."""

    message: str
    location: tuple[str, ...]
    causes: list[_Error] = field(default_factory=list)
    kind: str = ""  # "group", "reference" or ""

    def lines(self, indent: int) -> list[str]:
        if self.kind == "reference" and len(self.causes) == 1:
            return self.causes[0].lines(indent)
        loc = "".join("/" + _escape_pointer(p) for p in self.location)
        out = ["  " * indent + f"- at {_quote(loc)}: {self.message}"]
        for cause in self.causes:
            out.extend(cause.lines(indent + 1))
        return out


def _escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


# --------------------------------------------------------------------------- compiled schemas


_DRAFTS = {
    "draft-04": 4,
    "draft-06": 6,
    "draft-07": 7,
    "draft/2019-09": 2019,
    "draft/2020-12": 2020,
}


_LATEST = "json-schema.org/schema"


def _known_draft(url: str) -> int | None:
    """The draft a ``$schema`` URL names (http or https, with or without ``#``), else None."""
    bare = url.split("://", 1)[-1].rstrip("#")
    if bare == _LATEST:
        return 2020
    for marker, draft in _DRAFTS.items():
        if bare == f"json-schema.org/{marker}/schema":
            return draft
    return None


def _draft_of(document: Any, default: int) -> int:
    if isinstance(document, dict) and isinstance(document.get("$schema"), str):
        known = _known_draft(document["$schema"])
        if known is not None:
            return known
    return default


class _Schema:
    """A schema object or boolean with its draft, base URL and resolved sub-schemas."""

    def __init__(self, raw: Any, draft: int, base: str, location: str) -> None:
        self.raw = raw
        self.draft = draft
        self.base = base
        self.location = location
        self.bool: bool | None = raw if isinstance(raw, bool) else None
        self.kw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.sub: dict[str, Any] = {}
        self.ref: _Schema | None = None
        self.pattern: re.Pattern[str] | None = None
        self.pattern_props: list[tuple[re.Pattern[str], _Schema]] = []
        self.resource: _Schema = self
        self.dynamic_anchors: dict[str, _Schema] = {}
        self.recursive_ref: _Schema | None = None
        self.dynamic_ref: tuple[_Schema, str] | None = None


class _Compiler:
    """Turns the schema document into :class:`_Schema` objects, resolving ``$ref``."""

    def __init__(self, document: Any, url: str = ROOT_URL) -> None:
        self.document = document
        self.url = url
        self.draft = _draft_of(document, 2020)
        self.docs: dict[str, Any] = {url: document}
        self.cache: dict[tuple[str, str], _Schema] = {}
        self.ids: dict[str, tuple[Any, int]] = {}
        self.anchors: dict[str, tuple[Any, str, int]] = {}
        self.resources: dict[str, _Schema] = {}

    def compile(self, *, check: bool = True) -> _Schema:
        declared = self.document.get("$schema") if isinstance(self.document, dict) else None
        if isinstance(declared, str) and _known_draft(declared) is None:
            # A custom metaschema: Helm's compiler loads it (over HTTP) to learn the draft.
            meta = self._load(urldefrag(declared)[0])
            self.draft = _draft_of(meta, 2020)
        if check:
            self._check_metaschema()
        self._index(self.document, self.url, self.draft)
        return self._schema_at(self.url, "", self.document, self.draft)

    def _check_metaschema(self) -> None:
        """Validate the schema against its draft's metaschema, reporting as v6 does."""
        meta_url = _META_URLS[self.draft]
        key = (meta_url, json.dumps(self.document, sort_keys=True, default=str))
        if key not in _META_REPORTS:
            meta = _compiled_metaschema(meta_url)
            if len(_META_REPORTS) > 256:
                _META_REPORTS.clear()
            _META_REPORTS[key] = _Validator(meta, assert_formats=True).validate_root(self.document)
        report = _META_REPORTS[key]
        if report is not None:
            raise SchemaError(
                f'"{self.url}#" is not valid against metaschema: jsonschema validation failed with '
                f"{_quote(meta_url + '#')}\n{report.rstrip(chr(10))}"
            )

    def _index(self, node: Any, base: str, draft: int) -> None:
        """Record ``$id``/``id`` and ``$anchor`` locations for reference resolution."""
        if isinstance(node, dict):
            ident = node.get("id" if draft == 4 else "$id")
            if isinstance(ident, str) and not ident.startswith("#"):
                base = urljoin(base, ident)
                self.ids[urldefrag(base)[0]] = (node, draft)
            elif isinstance(ident, str) and draft < 2019:
                self.anchors[base + ident] = (node, base, draft)
            for anchor_key in ("$anchor", "$dynamicAnchor"):
                anchor = node.get(anchor_key)
                if isinstance(anchor, str):
                    self.anchors.setdefault(base + "#" + anchor, (node, base, draft))
            for key, value in node.items():
                if key not in ("const", "enum", "default", "examples"):
                    self._index(value, base, draft)
        elif isinstance(node, list):
            for item in node:
                self._index(item, base, draft)

    def _schema_at(self, base: str, pointer: str, raw: Any, draft: int) -> _Schema:
        key = (base, pointer)
        if key in self.cache:
            return self.cache[key]
        sch = _Schema(raw, draft, base, f"{base}#{pointer}")
        self.cache[key] = sch
        resource_url = urldefrag(base)[0]
        if isinstance(raw, dict):
            ident = raw.get("id" if draft == 4 else "$id")
            if isinstance(ident, str) and not ident.startswith("#"):
                sch.base = urljoin(base, ident)
                resource_url = urldefrag(sch.base)[0]
                self.resources[resource_url] = sch
        if pointer == "" and resource_url not in self.resources:
            self.resources[resource_url] = sch
        sch.resource = self.resources.get(resource_url, sch)
        if isinstance(raw, dict):
            if isinstance(raw.get("$dynamicAnchor"), str):
                sch.resource.dynamic_anchors[raw["$dynamicAnchor"]] = sch
            self._compile_keywords(sch, pointer)
        return sch

    def _child(self, sch: _Schema, pointer: str, raw: Any) -> _Schema:
        return self._schema_at(sch.base, pointer, raw, sch.draft)

    def _compile_keywords(self, sch: _Schema, pointer: str) -> None:
        kw = sch.kw
        single = [
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems",
            "contentSchema",
        ]
        for name in single:
            if isinstance(kw.get(name), dict | bool):
                sch.sub[name] = self._child(sch, f"{pointer}/{name}", kw[name])
        for name in ("additionalProperties", "additionalItems"):
            if isinstance(kw.get(name), dict) or (
                isinstance(kw.get(name), bool) and name == "additionalItems"
            ):
                sch.sub[name] = self._child(sch, f"{pointer}/{name}", kw[name])
        for name in ("allOf", "anyOf", "oneOf", "prefixItems"):
            if isinstance(kw.get(name), list):
                sch.sub[name] = [self._child(sch, f"{pointer}/{name}/{i}", s) for i, s in enumerate(kw[name])]
        items = kw.get("items")
        if isinstance(items, list):
            sch.sub["items"] = [self._child(sch, f"{pointer}/items/{i}", s) for i, s in enumerate(items)]
        elif isinstance(items, dict | bool):
            sch.sub["items"] = self._child(sch, f"{pointer}/items", items)
        for name in ("properties", "dependentSchemas"):
            if isinstance(kw.get(name), dict):
                sch.sub[name] = {
                    k: self._child(sch, f"{pointer}/{name}/{_escape_pointer(k)}", v)
                    for k, v in kw[name].items()
                }
        if isinstance(kw.get("dependencies"), dict):
            sch.sub["dependencies"] = {
                k: (
                    v
                    if isinstance(v, list)
                    else self._child(sch, f"{pointer}/dependencies/{_escape_pointer(k)}", v)
                )
                for k, v in kw["dependencies"].items()
            }
        if isinstance(kw.get("patternProperties"), dict):
            for pat, sub in kw["patternProperties"].items():
                compiled = _compile_regex(pat)
                if compiled is not None:
                    child = self._child(sch, f"{pointer}/patternProperties/{_escape_pointer(pat)}", sub)
                    sch.pattern_props.append((compiled, child))
        if isinstance(kw.get("pattern"), str):
            sch.pattern = _compile_regex(kw["pattern"])
        if isinstance(kw.get("$ref"), str):
            sch.ref = self._resolve(sch, kw["$ref"])
        if sch.draft >= 2019 and isinstance(kw.get("$recursiveRef"), str):
            sch.recursive_ref = self._resolve(sch, kw["$recursiveRef"])
        if sch.draft >= 2020 and isinstance(kw.get("$dynamicRef"), str):
            target = self._resolve(sch, kw["$dynamicRef"])
            frag = urldefrag(urljoin(sch.base, kw["$dynamicRef"]))[1]
            sch.dynamic_ref = (target, frag if frag and not frag.startswith("/") else "")

    def _resolve(self, sch: _Schema, ref: str) -> _Schema:
        url = urljoin(sch.base, ref)
        doc_url, frag = urldefrag(url)
        if url in self.anchors:
            node, base, draft = self.anchors[url]
            return self._schema_at(base, "@" + url, node, draft)
        if doc_url in self.ids and doc_url != ROOT_URL:
            node, draft = self.ids[doc_url]
            return self._pointer_target(doc_url, node, frag, draft, url)
        if doc_url in self.docs:
            return self._pointer_target(doc_url, self.docs[doc_url], frag, self.draft, url)
        document = self._load(doc_url)
        draft = _draft_of(document, self.draft)
        self._index(document, doc_url, draft)
        return self._pointer_target(doc_url, document, frag, draft, url)

    def _pointer_target(self, doc_url: str, document: Any, frag: str, draft: int, url: str) -> _Schema:
        if frag:
            self._schema_at(doc_url, "", document, draft)  # the enclosing resource first
        node = document
        if frag and not frag.startswith("/"):
            key = f"{doc_url}#{frag}"
            if key in self.anchors:
                node, base, draft = self.anchors[key]
                return self._schema_at(base, "@" + key, node, draft)
            raise SchemaError(f"anchor {_quote(frag)} not found in {_quote(doc_url)}")
        for token in frag.split("/")[1:]:
            token = _unescape_pointer(token)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SchemaError(f"JSON pointer {_quote(frag)} not found in {_quote(doc_url)}")
        return self._schema_at(doc_url, frag, node, draft)

    def _load(self, url: str) -> Any:
        """Fetch a remote schema (``http``/``https``) as Helm's loader does; ``urn:`` is permissive."""
        if url in self.docs:
            return self.docs[url]
        if url.startswith("urn:"):
            self.docs[url] = True
            return True
        known = _metaschema(url)
        if known is not None:
            self.docs[url] = known
            return known
        if not url.startswith(("http://", "https://")):
            raise SchemaError(f'failing loading "{url}": unsupported scheme')
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - Helm fetches schema refs
                document = _parse_json(response.read().decode("utf-8"))
        except OSError as err:
            raise SchemaError(f'failing loading "{url}": HTTP request failed for {url}: {err}') from None
        self.docs[url] = document
        return document


_META_URLS = {
    4: "http://json-schema.org/draft-04/schema",
    6: "http://json-schema.org/draft-06/schema",
    7: "http://json-schema.org/draft-07/schema",
    2019: "https://json-schema.org/draft/2019-09/schema",
    2020: "https://json-schema.org/draft/2020-12/schema",
}


# Metaschema reports by (metaschema, schema text): a chart's schema is checked once per process.
_META_REPORTS: dict[tuple[str, str], str | None] = {}


@functools.cache
def _compiled_metaschema(url: str) -> _Schema:
    """A draft's metaschema, compiled once (compiled schemas are never modified)."""
    return _Compiler(_metaschema(url), url).compile(check=False)


def _metaschema(url: str) -> Any:
    """A standard metaschema or vocabulary document (v6 embeds them), or None."""
    from jsonschema_specifications import REGISTRY

    try:
        document = REGISTRY.contents(url.rstrip("#"))
    except Exception:  # noqa: BLE001 - not a known metaschema
        return None
    if url.rstrip("#") in (_META_URLS[6], _META_URLS[7]):
        # v6 embeds the earlier editions of these, whose "enum" must be non-empty and unique.
        document = json.loads(json.dumps(document))
        document["properties"]["enum"] = {"type": "array", "minItems": 1, "uniqueItems": True}
        if url.rstrip("#") == _META_URLS[7]:
            document["properties"]["enum"]["items"] = True
    return document


def _unescape_pointer(token: str) -> str:
    from urllib.parse import unquote

    return unquote(token).replace("~1", "/").replace("~0", "~")


def _pointer(path: Any) -> str:
    return "".join("/" + _escape_pointer(str(p)) for p in path)


def _compile_regex(pattern: str) -> re.Pattern[str] | None:
    """Go RE2 syntax through Python ``re`` (``\\p{..}`` classes and other RE2-only syntax are skipped)."""
    try:
        return re.compile(pattern)
    except re.error:
        return None


# --------------------------------------------------------------------------- validation

_TYPE_ORDER = ["null", "boolean", "number", "integer", "string", "array", "object"]


_TYPE_NAMES = {
    type(None): "null",
    bool: "boolean",
    int: "number",
    float: "number",
    Decimal: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def _type_of(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "invalid"


def _exact(value: Any) -> Fraction:
    """A number as an exact rational, as v6 does through ``%v`` and ``big.Rat``."""
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else Fraction(0)
    return Fraction(value)


def _is_integer(value: Any) -> bool:
    return _exact(value).denominator == 1


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value, booleans apart from numbers."""
    ta, tb = _type_of(a), _type_of(b)
    if ta != tb:
        return False
    if ta == "number":
        return _exact(a) == _exact(b)
    if ta == "array":
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if ta == "object":
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(a == b)


@dataclass
class _Uneval:
    props: set[str] = field(default_factory=set)
    items: set[int] = field(default_factory=set)

    def merge(self, other: _Uneval) -> None:
        self.props &= other.props
        self.items &= other.items

    def empty(self) -> bool:
        return not self.props and not self.items


def _all_props_evaluated(sch: _Schema) -> bool:
    return "additionalProperties" in sch.kw


def _items_evaluated(sch: _Schema) -> int | None:
    """How many leading items the schema itself evaluates (None: all)."""
    items = sch.sub.get("items")
    if sch.draft >= 2020:
        if items is not None:
            return None
        return len(sch.sub.get("prefixItems", []))
    if isinstance(items, _Schema) or "additionalItems" in sch.sub:
        return None
    return len(items) if isinstance(items, list) else 0


def _uneval_from(value: Any, sch: _Schema, caller_needs: bool) -> _Uneval:
    out = _Uneval()
    if isinstance(value, dict):
        if not _all_props_evaluated(sch) and (caller_needs or "unevaluatedProperties" in sch.sub):
            out.props = set(value)
    elif isinstance(value, list):
        evaluated = _items_evaluated(sch)
        if (
            evaluated is not None
            and (caller_needs or "unevaluatedItems" in sch.sub)
            and evaluated < len(value)
        ):
            out.items = set(range(evaluated, len(value)))
    return out


class _Validator:
    """v6's validator: keyword order, error grouping and messages."""

    def __init__(self, root: _Schema, *, assert_formats: bool = False) -> None:
        self.root = root
        self.assert_formats = assert_formats
        self._scope: list[tuple[_Schema, int]] = []  # v6's scope chain: (schema, value id)
        self._vids = 0

    def validate_root(self, value: Any) -> str | None:
        """The report lines (v6's causes under its first line), or None when valid."""
        error, _ = self._validate(self.root, value, (), _uneval_from(value, self.root, False), 0)
        if error is None:
            return None
        causes = error.causes if error.kind == "group" else [error]
        lines: list[str] = []
        for cause in causes:
            lines.extend(cause.lines(0))
        return "\n".join(lines) + "\n"

    # -- core

    def _validate(
        self, sch: _Schema, value: Any, loc: tuple[str, ...], uneval: _Uneval, vid: int
    ) -> tuple[_Error | None, _Uneval]:
        if sch.bool is not None:
            return (None, uneval) if sch.bool else (_Error("false schema", loc), uneval)
        for entry, entry_vid in reversed(self._scope):
            if entry_vid != vid:
                break
            if entry is sch:
                return None, uneval  # a $ref cycle on the same value (v6 reports it); treated as valid
        self._scope.append((sch, vid))
        try:
            return self._evaluate(sch, value, loc, uneval)
        finally:
            self._scope.pop()

    def _evaluate(
        self, sch: _Schema, value: Any, loc: tuple[str, ...], uneval: _Uneval
    ) -> tuple[_Error | None, _Uneval]:
        early = self._early_checks(sch, value, loc)
        if early is not None:
            return early, uneval
        errors: list[_Error] = []
        if sch.ref is not None:
            err = self._validate_ref(sch.ref, value, loc, uneval)
            if sch.draft < 2019:
                return err, uneval
            if err is not None:
                errors.append(err)
        self._type_specific(sch, value, loc, uneval, errors)
        if sch.draft >= 2019:
            self._dynamic_refs(sch, value, loc, uneval, errors)
        self._conditional(sch, value, loc, uneval, errors)
        if sch.draft >= 2019:
            self._unevaluated(sch, value, loc, uneval, errors)
        if not errors:
            return None, uneval
        if len(errors) == 1:
            return errors[0], uneval
        return _Error("validation failed", loc, errors, "group"), uneval

    def _early_checks(self, sch: _Schema, value: Any, loc: tuple[str, ...]) -> _Error | None:
        kw = sch.kw
        vtype = _type_of(value)
        types = kw.get("type")
        if types is not None:
            wanted = [types] if isinstance(types, str) else [t for t in types if isinstance(t, str)]
            matched = vtype in wanted or ("integer" in wanted and vtype == "number" and _is_integer(value))
            if wanted and not matched:
                want = [t for t in _TYPE_ORDER if t in wanted]
                return _Error(f"got {vtype}, want {' or '.join(want)}", loc)
        if "const" in kw and sch.draft >= 6 and not _equal(value, kw["const"]):
            want = kw["const"]
            message = "'const' failed" if isinstance(want, list | dict) else f"value must be {_display(want)}"
            return _Error(message, loc)
        if isinstance(kw.get("enum"), list) and not any(_equal(value, item) for item in kw["enum"]):
            return _Error(_enum_message(kw["enum"]), loc)
        if isinstance(kw.get("format"), str) and (sch.draft <= 7 or self.assert_formats):
            reason = _check_format(kw["format"], value)
            if reason is not None:
                return _Error(f"{_display(value)} is not valid {kw['format']}: {reason}", loc)
        return None

    def _validate_ref(
        self, target: _Schema, value: Any, loc: tuple[str, ...], uneval: _Uneval
    ) -> _Error | None:
        err = self._validate_self(target, value, loc, uneval)
        if err is None:
            return None
        causes = err.causes if err.kind == "group" else [err]
        return _Error("validation failed", loc, causes, "reference")

    def _validate_self(
        self, sch: _Schema, value: Any, loc: tuple[str, ...], uneval: _Uneval
    ) -> _Error | None:
        sub_uneval = _uneval_from(value, sch, not uneval.empty())
        vid = self._scope[-1][1] if self._scope else 0
        err, sub_uneval = self._validate(sch, value, loc, sub_uneval, vid)
        if err is None:
            uneval.merge(sub_uneval)
        return err

    def _validate_val(self, sch: _Schema, value: Any, loc: tuple[str, ...]) -> _Error | None:
        self._vids += 1
        err, _ = self._validate(sch, value, loc, _uneval_from(value, sch, False), self._vids)
        return err

    def _dynamic_refs(
        self, sch: _Schema, value: Any, loc: tuple[str, ...], uneval: _Uneval, errors: list
    ) -> None:
        """``$recursiveRef`` (2019-09) and ``$dynamicRef`` (2020-12) resolved along the scope chain."""
        if sch.recursive_ref is not None:
            target = sch.recursive_ref
            if target.kw.get("$recursiveAnchor") is True:
                for entry, _ in self._scope:
                    if entry.resource.kw.get("$recursiveAnchor") is True:
                        target = entry.resource
                        break
            _append(errors, self._validate_ref(target, value, loc, uneval))
        if sch.dynamic_ref is not None:
            target, anchor = sch.dynamic_ref
            if anchor and target.kw.get("$dynamicAnchor") == anchor:
                for entry, _ in self._scope:
                    found = entry.resource.dynamic_anchors.get(anchor)
                    if found is not None:
                        target = found
                        break
            _append(errors, self._validate_ref(target, value, loc, uneval))

    # -- type specific

    def _type_specific(
        self,
        sch: _Schema,
        value: Any,
        loc: tuple[str, ...],
        uneval: _Uneval,
        errors: list,
    ) -> None:
        vtype = _type_of(value)
        if vtype == "object":
            self._object(sch, value, loc, uneval, errors)
        elif vtype == "array":
            self._array(sch, value, loc, uneval, errors)
        elif vtype == "string":
            self._string(sch, value, loc, errors)
        elif vtype == "number":
            self._number(sch, value, loc, errors)

    def _object(self, sch: _Schema, obj: dict, loc: tuple[str, ...], uneval: _Uneval, errors: list) -> None:
        kw = sch.kw
        if _is_count(kw.get("minProperties")) and len(obj) < kw["minProperties"]:
            errors.append(
                _Error(f"minProperties: got {_fmt_int(len(obj))}, want {_fmt_int(kw['minProperties'])}", loc)
            )
        if _is_count(kw.get("maxProperties")) and len(obj) > kw["maxProperties"]:
            errors.append(
                _Error(f"maxProperties: got {_fmt_int(len(obj))}, want {_fmt_int(kw['maxProperties'])}", loc)
            )
        required = kw.get("required")
        if isinstance(required, list) and (sch.draft > 4 or required):
            missing = [p for p in required if isinstance(p, str) and p not in obj]
            if missing:
                errors.append(_Error(_missing_message(missing), loc))
        # v6 evaluates draft-07 "dependencies" under every draft
        for pname, dep in sch.sub.get("dependencies", {}).items():
            if pname not in obj:
                continue
            if isinstance(dep, list):
                missing = [p for p in dep if p not in obj]
                if missing:
                    errors.append(_Error(_dependency_message(pname, missing), loc))
            else:
                _append(errors, self._validate_self(dep, obj, loc, uneval))
        props = sch.sub.get("properties", {})
        additional = sch.kw.get("additionalProperties")
        extra: list[str] = []
        for pname, pvalue in obj.items():
            evaluated = False
            if pname in props:
                evaluated = True
                _append(errors, self._validate_val(props[pname], pvalue, (*loc, pname)))
            for regex, child in sch.pattern_props:
                if regex.search(pname):
                    evaluated = True
                    _append(errors, self._validate_val(child, pvalue, (*loc, pname)))
            if not evaluated and additional is not None:
                evaluated = True
                if additional is False:
                    extra.append(pname)
                elif "additionalProperties" in sch.sub:
                    _append(
                        errors, self._validate_val(sch.sub["additionalProperties"], pvalue, (*loc, pname))
                    )
            if evaluated:
                uneval.props.discard(pname)
        if extra:
            errors.append(
                _Error(f"additional properties {', '.join(_quote(p) for p in extra)} not allowed", loc)
            )
        if sch.draft == 4:
            return
        if "propertyNames" in sch.sub:
            for pname in obj:
                err = self._validate_val(sch.sub["propertyNames"], pname, ())
                if err is not None:
                    causes = err.causes if err.kind == "group" else [err]
                    errors.append(_Error(f"invalid propertyName {_quote(pname)}", (), causes))
        if sch.draft == 6:
            return
        if sch.draft < 2019:
            return
        for pname, child in sch.sub.get("dependentSchemas", {}).items():
            if pname in obj:
                _append(errors, self._validate_self(child, obj, loc, uneval))
        dependent = kw.get("dependentRequired")
        if isinstance(dependent, dict):
            for pname, reqd in dependent.items():
                if pname in obj and isinstance(reqd, list):
                    missing = [p for p in reqd if p not in obj]
                    if missing:
                        errors.append(_Error(_dependency_message(pname, missing), loc))

    def _array(self, sch: _Schema, arr: list, loc: tuple[str, ...], uneval: _Uneval, errors: list) -> None:
        kw = sch.kw
        if _is_count(kw.get("minItems")) and len(arr) < kw["minItems"]:
            errors.append(_Error(f"minItems: got {_fmt_int(len(arr))}, want {_fmt_int(kw['minItems'])}", loc))
        if _is_count(kw.get("maxItems")) and len(arr) > kw["maxItems"]:
            errors.append(_Error(f"maxItems: got {_fmt_int(len(arr))}, want {_fmt_int(kw['maxItems'])}", loc))
        if kw.get("uniqueItems") is True and len(arr) > 1:
            dup = _duplicates(arr)
            if dup is not None:
                errors.append(_Error(f"items at {_fmt_int(dup[0])} and {_fmt_int(dup[1])} are equal", loc))
        if sch.draft < 2020:
            self._items_legacy(sch, arr, loc, errors)
        else:
            prefix = sch.sub.get("prefixItems", [])
            evaluated = min(len(prefix), len(arr))
            for i in range(evaluated):
                _append(errors, self._validate_val(prefix[i], arr[i], (*loc, str(i))))
            items = sch.sub.get("items")
            if isinstance(items, _Schema):
                for i in range(evaluated, len(arr)):
                    # Helm's bundled v6 reports these items' locations counted from the end of prefixItems.
                    _append(errors, self._validate_val(items, arr[i], (*loc, str(i - evaluated))))
        if "contains" in sch.sub and sch.draft >= 6:
            self._contains(sch, arr, loc, uneval, errors)

    def _items_legacy(self, sch: _Schema, arr: list, loc: tuple[str, ...], errors: list) -> None:
        items = sch.sub.get("items")
        evaluated = 0
        if isinstance(items, _Schema):
            for i, item in enumerate(arr):
                _append(errors, self._validate_val(items, item, (*loc, str(i))))
            evaluated = len(arr)
        elif isinstance(items, list):
            evaluated = min(len(arr), len(items))
            for i in range(evaluated):
                _append(errors, self._validate_val(items[i], arr[i], (*loc, str(i))))
        additional = sch.sub.get("additionalItems")
        if additional is not None:
            if additional.bool is False:
                if evaluated != len(arr):
                    errors.append(
                        _Error(f"last {_fmt_int(len(arr) - evaluated)} additionalItem(s) not allowed", loc)
                    )
            elif additional.bool is None:
                for i in range(evaluated, len(arr)):
                    _append(errors, self._validate_val(additional, arr[i], (*loc, str(i))))

    def _contains(self, sch: _Schema, arr: list, loc: tuple[str, ...], uneval: _Uneval, errors: list) -> None:
        kw = sch.kw
        failures: list[_Error] = []
        matched: list[int] = []
        for i, item in enumerate(arr):
            err = self._validate_val(sch.sub["contains"], item, (*loc, str(i)))
            if err is not None:
                failures.append(err)
            else:
                matched.append(i)
                if sch.draft >= 2020:
                    uneval.items.discard(i)
        min_contains = kw.get("minContains") if sch.draft >= 2019 else None
        if _is_count(min_contains):
            if len(matched) < min_contains:
                if matched:
                    where = " ".join(str(i) for i in matched)
                    message = (
                        f"min {_fmt_int(min_contains)} items required to match contains schema, "
                        f"but matched {_fmt_int(len(matched))} items at {where}"
                    )
                else:
                    message = f"min {_fmt_int(min_contains)} items required to match contains schema, but none matched"
                errors.append(_Error(message, loc, failures))
        elif not matched:
            errors.append(_Error("no items match contains schema", loc, failures))
        max_contains = kw.get("maxContains") if sch.draft >= 2019 else None
        if _is_count(max_contains) and len(matched) > max_contains:
            where = " ".join(str(i) for i in matched)
            errors.append(
                _Error(
                    f"max {_fmt_int(max_contains)} items required to match contains schema, "
                    f"but matched {_fmt_int(len(matched))} items at {where}",
                    loc,
                )
            )

    def _string(self, sch: _Schema, text: str, loc: tuple[str, ...], errors: list) -> None:
        kw = sch.kw
        length = len(text)
        if _is_count(kw.get("minLength")) and length < kw["minLength"]:
            errors.append(_Error(f"minLength: got {_fmt_int(length)}, want {_fmt_int(kw['minLength'])}", loc))
        if _is_count(kw.get("maxLength")) and length > kw["maxLength"]:
            errors.append(_Error(f"maxLength: got {_fmt_int(length)}, want {_fmt_int(kw['maxLength'])}", loc))
        if sch.pattern is not None and not sch.pattern.search(text):
            errors.append(_Error(f"{_quote(text)} does not match pattern {_quote(kw['pattern'])}", loc))

    def _number(self, sch: _Schema, value: Any, loc: tuple[str, ...], errors: list) -> None:
        kw = sch.kw
        num = _exact(value)
        minimum, maximum = _number_kw(kw, "minimum"), _number_kw(kw, "maximum")
        ex_min, ex_max = _number_kw(kw, "exclusiveMinimum"), _number_kw(kw, "exclusiveMaximum")
        if sch.draft == 4:
            if kw.get("exclusiveMinimum") is True:
                ex_min, minimum = minimum, None
            else:
                ex_min = None
            if kw.get("exclusiveMaximum") is True:
                ex_max, maximum = maximum, None
            else:
                ex_max = None
        checks: list[tuple[str, Fraction | None, Callable[[Fraction, Fraction], bool]]] = [
            ("minimum", minimum, lambda n, w: n < w),
            ("maximum", maximum, lambda n, w: n > w),
            ("exclusiveMinimum", ex_min, lambda n, w: n <= w),
            ("exclusiveMaximum", ex_max, lambda n, w: n >= w),
            ("multipleOf", _number_kw(kw, "multipleOf"), lambda n, w: w != 0 and (n / w).denominator != 1),
        ]
        for name, want, failed in checks:
            if want is not None and failed(num, want):
                errors.append(_Error(f"{name}: got {_num_text(num)}, want {_num_text(want)}", loc))

    # -- conditionals

    def _conditional(
        self,
        sch: _Schema,
        value: Any,
        loc: tuple[str, ...],
        uneval: _Uneval,
        errors: list,
    ) -> None:
        sub = sch.sub
        if "not" in sub and self._validate_self(sub["not"], value, loc, uneval) is None:
            errors.append(_Error("'not' failed", loc))
        if sub.get("allOf"):
            failures = [e for s in sub["allOf"] if (e := self._validate_self(s, value, loc, uneval))]
            if failures:
                errors.append(_Error("'allOf' failed", loc, failures))
        if sub.get("anyOf"):
            failures = []
            matched = False
            for s in sub["anyOf"]:
                err = self._validate_self(s, value, loc, uneval)
                if err is None:
                    matched = True
                    if uneval.empty():
                        break
                else:
                    failures.append(err)
            if not matched:
                errors.append(_Error("'anyOf' failed", loc, failures))
        if sub.get("oneOf"):
            self._one_of(sub["oneOf"], value, loc, uneval, errors)
        if "if" in sub and sch.draft >= 7:
            if self._validate_self(sub["if"], value, loc, uneval) is None:
                if "then" in sub:
                    _append(errors, self._validate_self(sub["then"], value, loc, uneval))
            elif "else" in sub:
                _append(errors, self._validate_self(sub["else"], value, loc, uneval))

    def _one_of(
        self,
        schemas: list[_Schema],
        value: Any,
        loc: tuple[str, ...],
        uneval: _Uneval,
        errors: list,
    ) -> None:
        matched = -1
        failures: list[_Error] = []
        for i, s in enumerate(schemas):
            err = self._validate_self(s, value, loc, uneval)
            if err is not None:
                if matched == -1:
                    failures.append(err)
            elif matched == -1:
                matched = i
            else:
                errors.append(_Error(f"'oneOf' failed, subschemas {matched}, {i} matched", loc))
                break
        if matched == -1:
            errors.append(_Error("'oneOf' failed, none matched", loc, failures))

    def _unevaluated(
        self, sch: _Schema, value: Any, loc: tuple[str, ...], uneval: _Uneval, errors: list
    ) -> None:
        if isinstance(value, dict) and "unevaluatedProperties" in sch.sub:
            for pname in [p for p in value if p in uneval.props]:
                _append(
                    errors, self._validate_val(sch.sub["unevaluatedProperties"], value[pname], (*loc, pname))
                )
            uneval.props = set()
        if isinstance(value, list) and "unevaluatedItems" in sch.sub:
            for i in sorted(uneval.items):
                _append(errors, self._validate_val(sch.sub["unevaluatedItems"], value[i], (*loc, str(i))))
            uneval.items = set()


def _append(errors: list[_Error], err: _Error | None) -> None:
    if err is not None:
        errors.append(err)


def _is_count(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _number_kw(kw: dict[str, Any], name: str) -> Fraction | None:
    value = kw.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return _exact(value)


def _missing_message(missing: list[str]) -> str:
    if len(missing) == 1:
        return f"missing property {_quote(missing[0])}"
    return f"missing properties {', '.join(_quote(m) for m in missing)}"


def _dependency_message(prop: str, missing: list[str]) -> str:
    return f"properties {', '.join(_quote(m) for m in missing)} required, if {_quote(prop)} exists"


def _enum_message(items: list[Any]) -> str:
    if any(isinstance(item, list | dict) for item in items):
        return "'enum' failed"
    if len(items) == 1:
        return f"value must be {_display(items[0])}"
    return f"value must be one of {', '.join(_display(i) for i in items)}"


def _duplicates(arr: list[Any]) -> tuple[int, int] | None:
    for i in range(len(arr)):
        for j in range(i + 1, len(arr)):
            if _equal(arr[i], arr[j]):
                return i, j
    return None


# --------------------------------------------------------------------------- formats

_IPV4_PART = re.compile(r"^(0|[1-9][0-9]{0,2})$")


def _check_format(name: str, value: Any) -> str | None:
    """The reason a string fails a format v6 knows, or None (non-strings always pass)."""
    if not isinstance(value, str):
        return None
    checker = _FORMATS.get(name)
    return checker(value) if checker is not None else None


def _format_email(value: str) -> str | None:
    if "@" not in value:
        return "missing @"
    local, domain = value.rsplit("@", 1)
    if not local:
        return "empty local part"
    if len(local) > 64:
        return "local part more than 64 chars"
    if not domain:
        return "invalid domain"
    return None


def _format_ipv4(value: str) -> str | None:
    parts = value.split(".")
    if len(parts) != 4:
        return "expected four decimals"
    for part in parts:
        if not _IPV4_PART.match(part) or int(part) > 255:
            return "invalid decimal" if part.isdigit() else "invalid decimal"
    return None


def _format_date_time(value: str) -> str | None:
    if len(value) < 20:
        return "less than 20 characters long"
    import datetime as dt

    try:
        dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00").replace("t", "T"))
    except ValueError:
        return "invalid date-time"
    return None


def _format_date(value: str) -> str | None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return "invalid date"
    return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "invalid date"


def _format_uri(value: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        return "invalid uri"
    if not parts.scheme:
        return "relative url"
    return None


def _format_regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as err:
        return "error parsing regexp: " + _go_regex_error(value, err)
    return None


def _go_regex_error(pattern: str, err: re.error) -> str:
    """Go ``regexp/syntax`` wording for the common ways a pattern fails to compile."""
    message = str(err)
    pos = err.pos or 0
    if message.startswith("missing ), unterminated subpattern"):
        return f"missing closing ): `{pattern}`"
    if message.startswith("unbalanced parenthesis"):
        return f"unexpected ): `{pattern}`"
    if message.startswith("unterminated character set"):
        return f"missing closing ]: `{pattern[pos:]}`"
    if message.startswith("multiple repeat"):
        return f"invalid nested repetition operator: `{pattern[max(pos - 1, 0) : pos + 1]}`"
    if message.startswith("nothing to repeat"):
        return f"missing argument to repetition operator: `{pattern[pos : pos + 1]}`"
    if message.startswith("bad escape"):
        return f"invalid escape sequence: `{pattern[pos : pos + 2]}`"
    return f"invalid syntax: `{pattern}`"


def _format_uuid(value: str) -> str | None:
    return (
        None if re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", value) else "invalid uuid"
    )


_FORMATS: dict[str, Callable[[str], str | None]] = {
    "email": _format_email,
    "ipv4": _format_ipv4,
    "date-time": _format_date_time,
    "date": _format_date,
    "uri": _format_uri,
    "regex": _format_regex,
    "uuid": _format_uuid,
}
