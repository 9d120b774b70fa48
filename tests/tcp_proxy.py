"""A TCP proxy a test can cut or freeze: a real network fault between the site and a real
service (PostgreSQL, Redis), without stopping the service other tests use.

- ``forward``: bytes go both ways, as if there were no proxy;
- ``cut``: open connections are closed and new ones refused (the service is down);
- ``freeze``: connections are accepted and held, and nothing is passed on either way (the
  service hangs, or a firewall drops its packets).
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading


class TCPProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode = "forward"
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self.port = 0

    # --- Control ----------------------------------------------------------------------------

    def start(self) -> TCPProxy:
        self._listen()
        return self

    def forward(self) -> None:
        self.mode = "forward"
        if self._listener is None:
            self._listen()

    def cut(self) -> None:
        """Refuse new connections and close the open ones."""
        self.mode = "cut"
        listener, self._listener = self._listener, None
        if listener is not None:
            # Wakes the thread waiting in accept() (closing alone would leave the port bound).
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        self._close_all()

    def freeze(self) -> None:
        """Accept connections and pass nothing on; open connections stall too."""
        self.mode = "freeze"
        if self._listener is None:
            self._listen()

    def stop(self) -> None:
        self._stopped.set()
        self.cut()

    # --- Inside ------------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by cut()
            self._track(client)
            if self.mode == "forward":
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                self._track(upstream)
                threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            # Frozen: the client stays connected and hears nothing.

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        try:
            while not self._stopped.is_set():
                if self.mode == "freeze":
                    # Hold everything: nothing is read, nothing passed on.
                    self._stopped.wait(0.05)
                    continue
                readable, _, _ = select.select(list(peers), [], [], 0.2)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
