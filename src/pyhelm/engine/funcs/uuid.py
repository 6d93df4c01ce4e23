"""Sprig's ``uuidv4``: a random RFC 4122 version 4 UUID in canonical lowercase form."""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Callable
from typing import Any


def uuidv4() -> str:
    """Sprig ``uuidv4`` (google/uuid ``New().String()``) → ``xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx``."""
    return str(_uuid.uuid4())


FUNCS: dict[str, Callable[..., Any]] = {"uuidv4": uuidv4}
