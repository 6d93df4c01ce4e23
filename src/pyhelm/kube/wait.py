"""Polling waiter: Helm's ``--wait`` loop with a deadline and progress messages.

Follows Helm's legacy waiter (poll every 2 seconds until ready or the context
deadline) and words the timeout as Helm v4's status watcher does::

    resource Deployment/ns/web not ready. status: InProgress, message: Available: 0/1
    context deadline exceeded
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pyhelm.kube.interface import WaitTimeoutError

__all__ = ["DEADLINE_EXCEEDED", "Pending", "poll", "timeout_message"]

DEADLINE_EXCEEDED = "context deadline exceeded"

# Helm v4 replaces a zero timeout by 30s in its status watcher.
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Pending:
    """One resource that is not ready: ``kind``/``namespace``/``name``, the kstatus
    ``status`` (``InProgress``, ``Failed``, ``NotFound``...), the kstatus-style
    ``message`` (for the timeout error) and ``reason`` (the progress line)."""

    kind: str
    namespace: str
    name: str
    status: str
    message: str
    reason: str

    def error_line(self) -> str:
        """``resource KIND/NS/NAME not ready. status: S, message: M`` (Helm v4)."""
        return (f"resource {self.kind}/{self.namespace}/{self.name} not ready. "
                f"status: {self.status}, message: {self.message}")


def timeout_message(pending: Iterable[Pending]) -> str:
    """The error text of a wait that ran out of time: one line per pending resource, then
    ``context deadline exceeded`` (Go's ``errors.Join``)."""
    return "\n".join([p.error_line() for p in pending] + [DEADLINE_EXCEEDED])


def poll(
    check: Callable[[], list[Pending]],
    timeout: float,
    *,
    interval: float = 2.0,
    progress: Callable[[str], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Any] = time.sleep,
) -> None:
    """Call ``check`` until it returns no pending resources or ``timeout`` seconds pass.

    ``check`` returns what is not ready yet (it may raise to abort the wait, e.g. a failed
    Job). ``progress`` gets each pending resource's ``reason`` whenever it changes.
    A ``timeout`` of 0 or less means :data:`DEFAULT_TIMEOUT`. Raises
    :class:`~pyhelm.kube.interface.WaitTimeoutError` with :func:`timeout_message`.
    """
    if timeout <= 0:
        timeout = DEFAULT_TIMEOUT
    deadline = clock() + timeout
    reported: dict[tuple[str, str, str], str] = {}
    while True:
        pending = check()
        if not pending:
            return
        if progress is not None:
            _report(pending, reported, progress)
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeoutError(timeout_message(pending))
        sleep(min(interval, remaining))


def _report(pending: list[Pending], reported: dict[tuple[str, str, str], str],
            progress: Callable[[str], None]) -> None:
    for item in pending:
        key = (item.kind, item.namespace, item.name)
        if reported.get(key) != item.reason:
            reported[key] = item.reason
            progress(item.reason)
