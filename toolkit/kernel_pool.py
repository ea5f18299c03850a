"""Start notebook kernels in a fraction of the usual time, by forking them from a warm process.

A fresh Jupyter kernel spends about a second of CPU before a notebook's real work:
starting IPython and ipykernel, then importing pandas, Altair and the toolkit in
the first cells. A build pays that for every notebook, on every core. A kernel
pool pays it once: one process (the pool) imports all of that while the build is
still validating data and planning, and each kernel is then a ``fork`` of it. A
forked kernel is a new process with an empty namespace whose imports are already
done; nothing a notebook does reaches the pool or another kernel.

Jupyter sees ordinary kernels. The command its kernel manager launches is a small
shim that asks the pool for a kernel and stands in for it: interrupts and
terminations are passed on, the shim exits with the kernel's status, and if the
shim is killed the pool kills its kernel. If the pool is not there, the shim starts
the kernel the usual way. The processes themselves are in ``_kernel_fork.py``.

The pool is used only for kernel specs that start ``ipykernel_launcher``
(``python -m ipykernel_launcher -f {connection_file}``), on POSIX systems;
``toolkit build --no-kernel-pool`` starts every kernel from scratch instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from functools import lru_cache
from pathlib import Path
from queue import Empty

FORK_SCRIPT = Path(__file__).with_name("_kernel_fork.py")

# What the notebooks import. Importing a module a notebook then does not use costs
# the pool a little time once; a module missing here costs every kernel its import.
PRELOAD = ("IPython", "ipykernel.ipkernel", "ipykernel.debugger", "numpy", "pandas", "altair",
           "narwhals.stable.v1", "jsonschema", "toolkit", "toolkit.loaders", "toolkit.comparison",
           "toolkit.chronology", "toolkit.listings", "toolkit.charts", "toolkit.findings",
           "toolkit.artifacts", "toolkit.public_formats", "toolkit.entities")


@lru_cache(maxsize=1)
def _jupyter_classes() -> tuple[type, type]:
    """The KernelManager and KernelClient for pooled kernels (jupyter_client imported late)."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class PooledKernelClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """Return once the kernel answers and IOPub is connected.

            As jupyter_client's own, except that it returns as soon as IOPub has
            delivered the kernel_info request's idle status, instead of then
            waiting for 0.2 s of IOPub silence (a third of a pooled kernel's
            start-up), and that it asks again after 0.05 s, not 0.2 s, when that
            status went out before IOPub was connected.
            """
            deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
            while True:
                request = self.kernel_info()
                reply = await self._reply_to(request, within=1)
                if reply is not None:
                    try:
                        while True:  # IOPub is connected once it delivers this request's status
                            msg = await self.iopub_channel.get_msg(timeout=0.05)
                            if (msg["parent_header"].get("msg_id") == request
                                    and msg["msg_type"] == "status"
                                    and msg["content"].get("execution_state") == "idle"):
                                self._handle_kernel_info_reply(reply)
                                return
                    except Empty:
                        pass  # its messages went out before we subscribed: ask again
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

        async def _reply_to(self, request: str, within: float) -> dict | None:
            """The shell reply to ``request``, skipping late replies to earlier requests
            (which would otherwise keep every later attempt one reply behind)."""
            until = time.monotonic() + within
            while (left := until - time.monotonic()) > 0:
                try:
                    reply = await self.shell_channel.get_msg(timeout=left)
                except Empty:
                    return None
                if reply["parent_header"].get("msg_id") == request:
                    return reply
            return None

    class PooledKernelManager(AsyncKernelManager):
        """A KernelManager whose kernels are forked by the pool (``shim`` is set per pool)."""

        shim: list[str] = []
        folder: str = ""

        @default("transport")
        def _ipc(self) -> str:
            # UNIX sockets in the pool's folder: TCP ports picked free by the manager can
            # be taken by another process (a kernel's client, say) before the kernel binds
            # them, which kills the kernel with "Address already in use".
            return "ipc"

        @default("ip")
        def _socket_prefix(self) -> str:
            return os.path.join(self.folder, f"kernel-{uuid.uuid4().hex[:12]}")

        @default("client_factory")
        def _pooled_client(self) -> type:
            return PooledKernelClient

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            return [*self.shim, *super().format_kernel_cmd(extra_arguments)]

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            """With ``now``, kill the shim (the pool then kills its kernel) and reap it
            before jupyter_client would start polling for its end every 0.1 s."""
            process = getattr(self.provisioner, "process", None)
            if now and not restart and process is not None:
                process.kill()
                process.wait()
            await super().shutdown_kernel(now=now, restart=restart)

    return PooledKernelManager, PooledKernelClient


def poolable(argv: list[str]) -> bool:
    """Whether a kernel spec's command is one the pool can stand in for."""
    return (os.name == "posix" and hasattr(socket, "send_fds") and len(argv) >= 5
            and argv[-4:-2] == ["-m", "ipykernel_launcher"] and argv[-2:] == ["-f", "{connection_file}"])


def start_pool(kernel_name: str) -> KernelPool | None:
    """A started pool for the named kernel, or None when its spec is not poolable."""
    from jupyter_client.kernelspec import KernelSpecManager
    argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    return KernelPool(argv).start() if poolable(argv) else None


class KernelPool:
    """A warm process that forks kernels for one kernel spec (``start``, then ``close``).

    ``manager_class`` is a ``jupyter_client`` KernelManager subclass whose kernels
    come from the pool; pass it to papermill as ``kernel_manager_class``.
    """

    def __init__(self, argv: list[str], preload: tuple[str, ...] = PRELOAD):
        self.interpreter = list(argv[:-4])  # the kernel's python and its options
        major, minor = sys.version_info[:2]
        if self.interpreter[0] in {"python", f"python{major}", f"python{major}.{minor}"}:
            self.interpreter[0] = sys.executable  # as jupyter_client does for these names
        self.preload = preload
        self.folder = Path(tempfile.mkdtemp(prefix="toolkit-kernels-"))  # mode 0700
        self.socket_path = str(self.folder / "pool.sock")
        self.process: subprocess.Popen | None = None
        self.log = self.folder / "pool.log"

    def start(self) -> KernelPool:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(self.socket_path)
            listener.listen(64)
            with open(self.log, "wb") as log:
                self.process = subprocess.Popen(
                    [*self.interpreter, str(FORK_SCRIPT), "serve", str(listener.fileno()),
                     *self.preload],
                    pass_fds=[listener.fileno()], stdin=subprocess.PIPE, stdout=log, stderr=log,
                    start_new_session=True)  # a Ctrl-C in the terminal reaches the build only
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        finally:
            # Only the pool holds the socket now: if it dies, shims see a refused
            # connection and start their kernel the usual way.
            listener.close()
        return self

    @property
    def manager_class(self) -> type:
        shim = [sys.executable, "-I", "-S", str(FORK_SCRIPT), "shim", self.socket_path, "--"]
        base, _ = _jupyter_classes()
        return type("PooledKernelManager", (base,), {"shim": shim, "folder": str(self.folder)})

    def close(self) -> None:
        """Stop the pool (it terminates any kernel still running) and remove its socket."""
        if self.process is not None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
