"""The fast YAML reader (C-composed node graph) agrees with the exact event-based reader.

The exact reader is the one checked against Helm by the differential tests in this
folder; whenever the fast path accepts a document, its value must be the same (same
types, same key order), and every document it is unsure about must go to the exact
reader.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from oracle import ref_values_yaml

from pyhelm.codec import yaml as goyaml

FRAGMENTS = [
    "a", "b", ":", ": ", "\n", "\n  ", "\n- ", "- ", "  ", "1", "0x1F", "017", "0b101", "1.5",
    "1e3", ".5", "-.inf", ".nan", "yes", "no", "on", "~", "null", "true", "2001-12-14",
    "2001-12-14T21:59:43.10-05:00", "'q'", '"d\\x41"', '"\\/"', "[", "]", "{", "}", ", ", "?",
    "#c", "|\n  x\n", ">\n  y\n", "!!str ", "! ", "!!int ", "&a ", "*a", "<<: ", "---\n",
    "...\n", "%YAML 1.1\n", "\t", "1_000", "+1", "-0", "0o17", "1:20", "\\'", "é",
    "12345678901234567890", "-9223372036854775809", "''", '""', "a: b: c", "k: ", "\r\n",
]  # fmt: skip


def _exact(monkeypatch: pytest.MonkeyPatch, read: Any, text: str) -> tuple[str, Any]:
    with monkeypatch.context() as m:
        m.setattr(goyaml, "_fast_load", lambda data, convert: (False, None))
        m.setattr(goyaml, "_LOADED", {})  # no value remembered from the fast path
        try:
            return "ok", read(text)
        except goyaml.YAMLError as err:
            return "error", str(err)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


@pytest.mark.parametrize(
    ("read", "convert"), [(goyaml.load, goyaml._fast_json), (goyaml.load_go, goyaml._fast_go)], ids=["load", "load_go"]
)
def test_fast_reader_agrees_with_exact_reader(monkeypatch: pytest.MonkeyPatch, read: Any, convert: Any) -> None:
    rng = random.Random(20261121)
    fast = 0
    for _ in range(4000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12)))
        ok, value = goyaml._fast_load(text, convert)
        if not ok:
            continue
        fast += 1
        status, exact = _exact(monkeypatch, read, text)
        assert status == "ok" and _same(exact, value), repr(text)
    assert fast > 1000  # the fast path is taken for ordinary documents


@pytest.mark.parametrize(
    "text",
    ["a: [x?y]", "a: &x [1, *x]", "a: &x [1]\nb: *x", "<<: {a: 1}", "a: !!str 1", "%YAML 1.2\n---\na: 1",
     'a: "\\/"', "1: a", "a: .nan", "[" * 9000 + "]" * 9000],
)  # fmt: skip
def test_fast_reader_bails_on_uncertain_documents(text: str) -> None:
    assert goyaml._fast_load(text, goyaml._fast_json) == (False, None)


def test_digit_free_key_order_is_go_yaml_order() -> None:
    """The shortcut for ASCII keys without digits sorts as go-yaml's ``keyList.Less``."""
    import functools

    def go_order(keys: list[str], v3: bool) -> list[str]:
        def compare(x: str, y: str) -> int:
            return -1 if goyaml._key_less(x, y, v3) else (1 if goyaml._key_less(y, x, v3) else 0)

        return sorted(keys, key=functools.cmp_to_key(compare))

    rng = random.Random(7)
    chars = "aAbBzZ._-/:$ @~`{|}[\x00\x7f"
    for _ in range(3000):
        keys = list({"".join(rng.choice(chars) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(1, 8))})
        for v3 in (False, True):
            assert goyaml._sorted_keys(keys, v3) == go_order(keys, v3), keys


def test_repeated_load_gives_fresh_equal_values() -> None:
    text = "a: {b: [1, {c: x}]}\nd: 0x1F\n"
    first = goyaml.load(text)
    first["a"]["b"][1]["c"] = "changed"
    first["a"]["b"].append(2)
    again = goyaml.load(text)
    assert again == ref_values_yaml(text)
    assert again is not goyaml.load(text)


def test_repeated_dump_follows_the_value() -> None:
    value: dict[str, Any] = {"b": [1, 2.5, True, None, "x: y"], "a": {"k": "v"}}
    assert goyaml.dump(value) == goyaml._dump(value)
    value["a"]["k"] = "w"
    value["b"].append(1.0)
    assert goyaml.dump(value) == goyaml._dump(value)
    assert goyaml.dump({"n": 1}) != goyaml.dump({"n": 1.5})
    assert goyaml.dump({"n": True}) == goyaml._dump({"n": True})
