"""Sprig's ``getHostByName``, as Helm installs it.

Helm replaces Sprig's resolver with a function returning ``""`` unless DNS lookups
are enabled (``helm template --enable-dns``; ``engine.EnableDNS``). :data:`FUNCS`
therefore holds the disabled form, Helm's default; :data:`DNS_FUNCS` holds the
real lookup for the engine to install when DNS is enabled.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import declare_params, want_str


def get_host_by_name(name: Any) -> str:
    """Sprig ``getHostByName NAME`` with DNS enabled → one of NAME's addresses, chosen at random.

    Like Go's ``net.LookupHost`` the addresses include IPv4 and IPv6. When the lookup
    fails Sprig indexes an empty list, which Go reports as the FuncError
    ``invalid argument to Intn``.
    """
    host = want_str(name)
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        infos = []
    addrs: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in addrs:
            addrs.append(addr)
    if not addrs:
        raise FuncError("invalid argument to Intn")
    return random.choice(addrs)


def get_host_by_name_disabled(name: Any) -> str:
    """Helm's ``getHostByName`` when DNS is disabled (the default): always ``""``."""
    want_str(name)
    return ""


FUNCS: dict[str, Callable[..., Any]] = {"getHostByName": get_host_by_name_disabled}

DNS_FUNCS: dict[str, Callable[..., Any]] = {"getHostByName": get_host_by_name}

# Go parameter types (Sprig's signatures) for the compiler's literal-argument checks.
declare_params(FUNCS, {"getHostByName": ("string",)})
declare_params(DNS_FUNCS, {"getHostByName": ("string",)})
