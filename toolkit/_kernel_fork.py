"""The two processes behind a kernel pool (see ``kernel_pool.py``). Standard library only.

This file runs as a script, never imported by the toolkit, so that it works with
any interpreter a kernel spec names:

``python _kernel_fork.py serve FD MODULE...``
    The pool: imports ipykernel and MODULE..., then waits on the listening UNIX
    socket FD. Each request forks a fresh kernel process, which becomes an ordinary
    IPython kernel (``ipykernel_launcher``) with the requester's arguments,
    working directory, environment and standard streams. The pool reaps its
    children, reports each exit status to the requester, kills a kernel whose
    requester has gone, and exits (killing what is left) when its parent closes
    its standard input. It is single-threaded, so ``fork`` is safe.

``python -I -S _kernel_fork.py shim SOCKET -- KERNEL_COMMAND...``
    What Jupyter launches in place of the kernel: asks the pool for a kernel,
    passes on the signals Jupyter sends (interrupt, terminate), and exits with the
    kernel's status. If the pool cannot be reached it runs KERNEL_COMMAND itself,
    so a kernel always starts.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import struct
import sys

HEADER = struct.Struct("!I")
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
             signal.SIGUSR2)


# ---------------------------------------------------------------- the pool

def serve(listen_fd: int, preload: list[str]) -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        del sys.path[0]  # kernels must not see this folder's modules as top-level ones
    # ipykernel reads JPY_PARENT_PID when imported: kernels then watch this process and
    # exit if it goes away.
    os.environ["JPY_PARENT_PID"] = str(os.getpid())
    listener = socket.socket(fileno=listen_fd)
    import ipykernel.kernelapp  # noqa: F401  (the bulk of a kernel's start-up)
    for name in preload:
        try:
            __import__(name)
        except Exception as exc:  # a missing optional module only costs its kernels time
            print(f"kernel pool: could not preload {name}: {exc}", file=sys.stderr, flush=True)
    _loop(listener)


def _loop(listener: socket.socket) -> None:
    selector = selectors.DefaultSelector()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(wake_r, selectors.EVENT_READ, "child")
    selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    kernels: dict[int, socket.socket] = {}
    owners: dict[socket.socket, int] = {}

    def close(conn: socket.socket) -> None:
        kernels.pop(owners.pop(conn, -1), None)
        try:
            selector.unregister(conn)
        except (KeyError, ValueError):
            pass
        conn.close()

    while True:
        for key, _ in selector.select():
            if key.data == "accept":
                conn, _ = listener.accept()
                pid = _spawn(conn, (listener, selector, wake_r, wake_w, *owners))
                if pid:
                    kernels[pid], owners[conn] = conn, pid
                    selector.register(conn, selectors.EVENT_READ, "requester")
                else:
                    conn.close()
            elif key.data == "child":
                try:
                    while os.read(wake_r, 512) == 512:
                        pass
                except BlockingIOError:
                    pass
                for pid, code in _reap():
                    conn = kernels.get(pid)
                    if conn is not None:
                        try:
                            conn.sendall(f"exit {code}\n".encode())
                        except OSError:
                            pass
                        close(conn)
            elif key.data == "requester":  # a shim closed its end: its kernel must go too
                conn = key.fileobj
                try:
                    gone = not conn.recv(64)
                except OSError:
                    gone = True
                if gone:
                    pid = owners.get(conn)
                    close(conn)
                    _kill(pid, signal.SIGKILL)
            elif not os.read(sys.stdin.fileno(), 512):  # the build is over (or died)
                for pid in list(kernels):
                    _kill(pid, signal.SIGTERM)
                os._exit(0)  # tearing down what was preloaded would take ~0.2 s


def _spawn(conn: socket.socket, inherited: tuple) -> int | None:
    try:
        request, fds = _receive(conn)
    except (OSError, ValueError) as exc:
        print(f"kernel pool: bad request: {exc}", file=sys.stderr, flush=True)
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        for fd in fds:
            os.close(fd)
        try:
            conn.sendall(f"pid {pid}\n".encode())
        except OSError:  # the shim is gone already: so is the need for its kernel
            _kill(pid, signal.SIGKILL)
            return None
        return pid
    code = 1
    try:
        _become_kernel(request, fds, conn, inherited)
        from ipykernel import kernelapp
        code = 0
        kernelapp.launch_new_instance()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    finally:
        import atexit
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def _become_kernel(request: dict, fds: list[int], conn: socket.socket, inherited: tuple) -> None:
    """In the forked child: drop the pool's resources, take the requester's context."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    listener, selector, wake_r, wake_w, *others = inherited
    selector.close()
    listener.close()
    os.close(wake_r)
    os.close(wake_w)
    for other in (conn, *others):
        other.close()
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = list(request["argv"])
    # A fresh process would draw new random seeds; a fork shares the pool's (the random
    # module reseeds itself in a forked child, numpy's global generator does not).
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 65536, 3)
    if len(data) < HEADER.size:
        raise ValueError("short request")
    (length,) = HEADER.unpack_from(data)
    body = bytearray(data[HEADER.size:])
    while len(body) < length:
        chunk = conn.recv(length - len(body))
        if not chunk:
            raise ValueError("truncated request")
        body += chunk
    if len(fds) != 3:
        raise ValueError("expected the requester's three standard streams")
    return json.loads(body), list(fds)


def _reap() -> list[tuple[int, int]]:
    done = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return done
        if pid == 0:
            return done
        done.append((pid, os.waitstatus_to_exitcode(status)))


def _kill(pid: int | None, sig: int) -> None:
    if pid:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


# ---------------------------------------------------------------- the shim

def shim(path: str, command: list[str]) -> None:
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
        # argv as ipykernel_launcher would see it: everything after "-m ipykernel_launcher"
        argv = ["ipykernel_launcher", *command[command.index("ipykernel_launcher") + 1:]]
        body = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
        socket.send_fds(conn, [HEADER.pack(len(body)) + body], [0, 1, 2])
        replies = conn.makefile("rb")
        first = replies.readline().split()
        if first[:1] != [b"pid"]:
            raise OSError("the kernel pool refused the request")
    except OSError:
        os.execvp(command[0], command)  # no pool: be the kernel the usual way
    pid = int(first[1])
    for sig in FORWARDED:
        signal.signal(sig, lambda number, _frame: _kill(pid, number))
    last = replies.readline().split()
    sys.exit(int(last[1]) if last[:1] == [b"exit"] else 1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]), sys.argv[3:])
    elif sys.argv[1:2] == ["shim"] and sys.argv[3:4] == ["--"]:
        shim(sys.argv[2], sys.argv[4:])
    else:
        sys.exit("usage: _kernel_fork.py serve FD MODULE... | shim SOCKET -- COMMAND...")
