"""The linear-time manifest splitter finds exactly the matches of Helm's separator regex.

Helm splits on ``(?:^|\\s*\\n)---\\s*`` (Go RE2, leftmost-first). Python's ``re`` gives
the same matches for this pattern (it is kept as ``_SEPARATOR``), so random streams
made of separator-ish pieces must split identically.
"""

from __future__ import annotations

import random

from pyhelm.releaseutil import manifest

PIECES = ["-", "--", "---", "----", "\n", " ", "\t", "\r", "\f", "\v", "\x85", "a", "\n---\n", "  \n  ---"]


def test_separator_split_matches_regex() -> None:
    rng = random.Random(1234)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16)))
        assert manifest._separator_split(text) == manifest._SEPARATOR.split(text), repr(text)


def test_separator_split_long_indentation() -> None:
    text = ("  " * 40 + "key: value\n\n\n") * 500 + "---\nb: 1\n---   \n\n---"
    assert manifest._separator_split(text) == manifest._SEPARATOR.split(text)
