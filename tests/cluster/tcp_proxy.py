"""A TCP proxy the fault tests control: forward to a server, close the port, or accept and never answer."""

import contextlib
import socket
import threading

FORWARD, HANG = "forward", "hang"


class FaultProxy:
    """Listens on 127.0.0.1:port and, by mode, forwards each connection to target, or holds it silent.

    `close_port()` stops listening (a connection is refused, as by a stopped server); `hang()` accepts
    and never answers, as a server that is up but stuck; `forward()` restores. Leaving forward mode
    drops the connections already open, as the server going away would.
    """

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.mode = FORWARD
        self.listener = None
        self.accepting = None
        self.lock = threading.Lock()
        self.open = set()

    # --- modes ------------------------------------------------------------------------------------

    def forward(self):
        if self.mode == HANG:
            self.drop_connections()  # the held ones
        self.mode = FORWARD
        self.listen()

    def hang(self):
        self.mode = HANG
        self.drop_connections()
        self.listen()

    def close_port(self):
        self.stop_listening()
        self.drop_connections()

    def stop(self):
        self.close_port()

    # --- listening --------------------------------------------------------------------------------

    def listen(self):
        if self.listener is not None:
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self.listener, stopped = listener, threading.Event()
        thread = threading.Thread(target=self.accept_loop, args=(listener, stopped), daemon=True)
        self.accepting = (thread, stopped)
        thread.start()

    def stop_listening(self):
        if self.listener is None:
            return
        thread, stopped = self.accepting
        stopped.set()
        thread.join(timeout=5)
        self.listener.close()
        self.listener = self.accepting = None

    def accept_loop(self, listener, stopped):
        while not stopped.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.lock:
                self.open.add(client)
            if self.mode == HANG:
                continue  # accepted, never read from, never answered
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                self.close(client)
                continue
            server.settimeout(None)
            with self.lock:
                self.open.add(server)
            for source, destination in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, destination), daemon=True).start()

    def pump(self, source, destination):
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            self.close(source)
            self.close(destination)

    # --- connections ------------------------------------------------------------------------------

    def close(self, sock):
        with self.lock:
            self.open.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def drop_connections(self):
        with self.lock:
            connections = list(self.open)
        for sock in connections:
            self.close(sock)
