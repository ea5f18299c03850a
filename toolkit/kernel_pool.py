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
from pathlib import Path

FORK_SCRIPT = Path(__file__).with_name("_kernel_fork.py")

# What the notebooks import. Importing a module a notebook then does not use costs
# the pool a little time once; a module missing here costs every kernel its import.
PRELOAD = ("IPython", "ipykernel.ipkernel", "ipykernel.debugger", "numpy", "pandas", "altair",
           "narwhals.stable.v1", "jsonschema", "toolkit", "toolkit.loaders", "toolkit.comparison",
           "toolkit.chronology", "toolkit.listings", "toolkit.charts", "toolkit.findings",
           "toolkit.artifacts", "toolkit.public_formats", "toolkit.entities")


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
    """A warm process that forks kernels for one kernel spec; a context manager.

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
        finally:
            # Only the pool holds the socket now: if it dies, shims see a refused
            # connection and start their kernel the usual way.
            listener.close()
        return self

    @property
    def manager_class(self) -> type:
        from jupyter_client.manager import AsyncKernelManager
        shim = [sys.executable, "-I", "-S", str(FORK_SCRIPT), "shim", self.socket_path, "--"]

        class PooledKernelManager(AsyncKernelManager):
            """A KernelManager whose kernels are forked by the pool."""

            def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
                return [*shim, *super().format_kernel_cmd(extra_arguments)]

        return PooledKernelManager

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

    def __enter__(self) -> KernelPool:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
