"""Release records (Helm ``pkg/release/v1``) and their storage encoding."""

from pyhelm.release.codec import decode_release, encode_release
from pyhelm.release.model import (
    Hook,
    HookDeletePolicy,
    HookEvent,
    HookExecution,
    HookOutputLogPolicy,
    HookPhase,
    Info,
    Release,
    Status,
)

__all__ = [
    "Hook",
    "HookDeletePolicy",
    "HookEvent",
    "HookExecution",
    "HookOutputLogPolicy",
    "HookPhase",
    "Info",
    "Release",
    "Status",
    "decode_release",
    "encode_release",
]
