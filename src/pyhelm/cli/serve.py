"""``pyhelm serve``: serve a folder of chart archives as a chart repository (Helm 2's ``helm serve``).

``index.yaml`` is regenerated whenever the set of ``*.tgz`` files (names, sizes,
modification times) changes, so newly copied archives are served without a restart.
Only loopback use is intended; the default address is ``127.0.0.1:8879``.
"""

from __future__ import annotations

import argparse
import http.server
import os
import sys
import threading
from pathlib import Path

from pyhelm.cli.errors import CommandError


class RepoServer(http.server.ThreadingHTTPServer):
    """An HTTP server for one repository folder with an always-current index."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], repo_path: str, url: str = "") -> None:
        self.repo_path = os.path.abspath(repo_path)
        self.base_url = url
        self._state: tuple = ()
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The server's own base URL (``http://HOST:PORT``)."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def refresh_index(self) -> None:
        """Regenerate ``index.yaml`` if the archives changed since the last request."""
        from pyhelm.action.repo_index import repo_index

        with self._lock:
            state = _archive_state(self.repo_path)
            index = Path(self.repo_path) / "index.yaml"
            if state == self._state and index.exists():
                return
            repo_index(self.repo_path, url=self.base_url or self.url)
            self._state = state


def _archive_state(root: str) -> tuple:
    entries = []
    for base, dirs, files in os.walk(root):
        depth = os.path.relpath(base, root).count(os.sep) + (0 if base == root else 1)
        if depth >= 1:
            dirs[:] = []
        for name in files:
            if name.endswith(".tgz"):
                st = os.stat(os.path.join(base, name))
                entries.append((os.path.join(base, name), st.st_size, st.st_mtime_ns))
    return tuple(sorted(entries))


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: RepoServer

    def __init__(self, request, client_address, server: RepoServer) -> None:  # type: ignore[no-untyped-def]
        super().__init__(request, client_address, server, directory=server.repo_path)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        """Serve a file; ``/`` and ``/index.yaml`` give the regenerated index."""
        if self.path in ("/", "/index.yaml") or self.path.startswith("/index.yaml?"):
            self.server.refresh_index()
            self.path = "/index.yaml"
        super().do_GET()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        """Chart archives as ``application/x-tar``, indexes as YAML text."""
        name = os.fspath(path)
        if name.endswith(".tgz"):
            return "application/x-tar"
        if name.endswith(".yaml"):
            return "application/x-yaml"
        return super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Log requests to stderr only in debug mode."""
        if os.environ.get("HELM_DEBUG"):
            super().log_message(format, *args)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve``."""
    parser = sub.add_parser("serve", help="start a local http web server for a chart repository")
    parser.add_argument("--address", default="127.0.0.1:8879")
    parser.add_argument("--repo-path", default="")
    parser.add_argument("--url", default="")
    parser.set_defaults(handler=run)


def make_server(address: str, repo_path: str, url: str = "") -> RepoServer:
    """A :class:`RepoServer` bound to ``HOST:PORT`` (port 0 picks a free one).

    Raises :class:`CommandError` for a bad address or a missing folder.
    """
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise CommandError(f"address {address}: missing port in address")
    if not os.path.isdir(repo_path):
        raise CommandError(f"stat {repo_path}: no such file or directory")
    try:
        return RepoServer((host or "127.0.0.1", int(port)), repo_path, url)
    except OSError as err:
        raise CommandError(f"listen tcp {address}: bind: {(err.strerror or str(err)).lower()}") from err


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from pyhelm import helmpath

    repo_path = args.repo_path
    if not repo_path:  # Helm 2 served $HELM_HOME/repository/local by default
        repo_path = str(helmpath.data_path("repository", "local"))
        os.makedirs(repo_path, exist_ok=True)
    server = make_server(args.address, repo_path, args.url)
    server.refresh_index()
    sys.stdout.write(f"Regenerating index. This may take a moment.\nNow serving you on {args.address}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
