"""Sprig's encoding functions: ``b64enc b64dec b32enc b32dec``.

Decoding follows Go's ``encoding/base64`` and ``encoding/base32`` standard
encodings exactly, including the byte offset in ``illegal base64 data at input
byte N``; Sprig returns that error text as the function's result.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from pyhelm.engine.funcs._args import declare_params, want_str

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B64_MAP = {ord(c): i for i, c in enumerate(_B64)}
_B32_MAP = {ord(c): i for i, c in enumerate(_B32)}
_PAD = ord("=")
_NEWLINES = (0x0A, 0x0D)


class CorruptInput(ValueError):
    """Go's ``CorruptInputError``: ``args[0]`` is the byte offset."""


def _b64_quantum(src: bytes, si: int, out: bytearray) -> int:
    """Decode one 4-character quantum from ``src[si:]`` into ``out``; return the new index.

    Mirrors Go's ``decodeQuantum`` for the padded standard encoding.
    """
    vals = [0, 0, 0, 0]
    dlen = 4
    j = 0
    while j < 4:
        if si == len(src):
            if j == 0:
                return si
            raise CorruptInput(si - j)
        ch = src[si]
        si += 1
        val = _B64_MAP.get(ch)
        if val is not None:
            vals[j] = val
            j += 1
            continue
        if ch in _NEWLINES:
            continue
        if ch != _PAD or j < 2:
            raise CorruptInput(si - 1)
        if j == 2:
            while si < len(src) and src[si] in _NEWLINES:
                si += 1
            if si == len(src):
                raise CorruptInput(len(src))
            if src[si] != _PAD:
                raise CorruptInput(si - 1)
            si += 1
        while si < len(src) and src[si] in _NEWLINES:
            si += 1
        if si < len(src):
            raise CorruptInput(si)
        dlen = j
        break
    word = vals[0] << 18 | vals[1] << 12 | vals[2] << 6 | vals[3]
    out.extend(word.to_bytes(3, "big")[: dlen - 1])
    return si


def go_b64decode(data: bytes | str) -> bytes:
    """Go ``base64.StdEncoding.DecodeString``; raises :class:`CorruptInput` with Go's offset."""
    src = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    out = bytearray()
    si = 0
    while si < len(src):
        si = _b64_quantum(src, si, out)
    return bytes(out)


_B32_BYTES = {8: 5, 7: 4, 5: 3, 4: 2, 2: 1}


def go_b32decode(data: bytes | str) -> bytes:
    """Go ``base32.StdEncoding.DecodeString`` (newlines stripped first); raises :class:`CorruptInput`."""
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    src = bytes(b for b in raw if b not in _NEWLINES)
    olen = len(src)
    pos = 0
    out = bytearray()
    end = False
    while pos < olen and not end:
        vals = [0] * 8
        dlen = 8
        j = 0
        while j < 8:
            if pos == olen:
                raise CorruptInput(olen - (olen - pos) - j)
            ch = src[pos]
            pos += 1
            remaining = olen - pos
            if ch == _PAD and j >= 2 and remaining < 8:
                if remaining + j < 7:
                    raise CorruptInput(olen)
                for k in range(7 - j):
                    if remaining > k and src[pos + k] != _PAD:
                        raise CorruptInput(olen - remaining + k - 1)
                dlen, end = j, True
                if dlen in (1, 3, 6):
                    raise CorruptInput(olen - remaining - 1)
                break
            val = _B32_MAP.get(ch)
            if val is None:
                raise CorruptInput(olen - remaining - 1)
            vals[j] = val
            j += 1
        word = 0
        for v in vals:
            word = word << 5 | v
        out.extend(word.to_bytes(5, "big")[: _B32_BYTES.get(dlen, 0)])
    return bytes(out)


def _to_text(raw: bytes) -> str:
    """Go's ``string([]byte)``: invalid UTF-8 bytes are kept (as surrogate escapes)."""
    return raw.decode("utf-8", "surrogateescape")


def b64enc(value: Any) -> str:
    """Sprig ``b64enc STR`` → standard padded base64 of the UTF-8 bytes."""
    return base64.b64encode(want_str(value).encode("utf-8", "surrogateescape")).decode("ascii")


def b64dec(value: Any) -> str:
    """Sprig ``b64dec STR`` → decoded text, or Go's error text (``illegal base64 data at input byte N``)."""
    try:
        return _to_text(go_b64decode(want_str(value)))
    except CorruptInput as err:
        return f"illegal base64 data at input byte {err.args[0]}"


def b32enc(value: Any) -> str:
    """Sprig ``b32enc STR`` → standard padded base32."""
    return base64.b32encode(want_str(value).encode("utf-8", "surrogateescape")).decode("ascii")


def b32dec(value: Any) -> str:
    """Sprig ``b32dec STR`` → decoded text, or Go's error text (``illegal base32 data at input byte N``)."""
    try:
        return _to_text(go_b32decode(want_str(value)))
    except CorruptInput as err:
        return f"illegal base32 data at input byte {err.args[0]}"


FUNCS: dict[str, Callable[..., Any]] = {
    "b64enc": b64enc,
    "b64dec": b64dec,
    "b32enc": b32enc,
    "b32dec": b32dec,
}

# Go parameter types (Sprig's signatures) for the compiler's literal-argument checks.
declare_params(FUNCS, {name: ("string",) for name in FUNCS})
