"""The kernel pool: forked kernels behave like fresh ones, and go away when they should."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from toolkit.kernel_pool import KernelPool, poolable, start_pool

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="the pool forks: POSIX only")]
KERNEL = "export-controls-toolkit"
SPEC = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]


@pytest.fixture
def pool():
    started = start_pool(KERNEL)
    assert started is not None, "the project's kernel spec should be poolable"
    yield started
    started.close()


async def started(manager_class, timeout: float = 30):
    """A kernel from ``manager_class``, ready: its manager and a client with channels open."""
    km = manager_class(kernel_name=KERNEL)
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=timeout)
    return km, kc


def run(manager_class, *codes: str, timeout: float = 30) -> tuple[list[str], object]:
    """Start a kernel with ``manager_class``, run each code, return their stdout and the manager."""
    async def go():
        km, kc = await started(manager_class, timeout)
        try:
            outputs = []
            for code in codes:
                reply = await kc.execute_interactive(code, timeout=timeout,
                                                     output_hook=lambda m: texts.append(m))
                texts_now = [m["content"]["text"] for m in texts if m["msg_type"] == "stream"]
                outputs.append("".join(texts_now).strip())
                texts.clear()
                assert reply["content"]["status"] == "ok", reply["content"]
            return outputs, km
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
    texts: list = []
    return asyncio.run(go())


def test_poolable_only_for_ipykernel_launcher_specs():
    assert poolable(SPEC)
    assert poolable(["python3", "-Xfrozen_modules=off", *SPEC[1:]])
    assert not poolable(["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"])
    assert not poolable([sys.executable, "-m", "other_kernel", "-f", "{connection_file}"])


def test_a_pooled_kernel_is_a_fork_of_the_pool_with_the_requesters_context(pool, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    (out,), _ = run(pool.manager_class,
                    "import os, sys, json; print(json.dumps([os.getppid(), os.getcwd(), "
                    "sys.argv[0], 'pandas' in sys.modules, os.environ.get('TOOLKIT_POOL_TEST')]))")
    ppid, cwd, argv0, pandas_preloaded, env = json.loads(out)
    assert ppid == pool.process.pid            # forked by the pool, not started by the shim
    assert Path(cwd) == tmp_path               # the requester's working directory
    assert argv0 == "ipykernel_launcher"
    assert pandas_preloaded                    # the point of it: imports already done
    assert env is None


def test_the_environment_is_the_requesters_at_request_time(pool, monkeypatch):
    monkeypatch.setenv("TOOLKIT_POOL_TEST", "seen")
    (out,), _ = run(pool.manager_class, "import os; print(os.environ['TOOLKIT_POOL_TEST'])")
    assert out == "seen"


def test_kernels_share_nothing_and_draw_their_own_random_numbers(pool):
    draw = "import random, numpy; print(random.random(), numpy.random.random())"
    (first, draw1), _ = run(pool.manager_class, "import toolkit; toolkit.LEAK = 1; print(1)", draw)
    (second, draw2), _ = run(pool.manager_class, "import toolkit; print(hasattr(toolkit, 'LEAK'))",
                             draw)
    assert (first, second) == ("1", "False")
    assert all(a != b for a, b in zip(draw1.split(), draw2.split()))


def test_an_interrupt_reaches_the_forked_kernel(pool):
    async def go():
        km, kc = await started(pool.manager_class)
        try:
            msg_id = kc.execute("import time; time.sleep(60)")
            await asyncio.sleep(1)
            asked = time.monotonic()
            await km.interrupt_kernel()
            while True:
                reply = await kc.get_shell_msg(timeout=20)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            return reply["content"], time.monotonic() - asked
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
    content, waited = asyncio.run(go())
    assert content["status"] == "error" and content["ename"] == "KeyboardInterrupt"
    assert waited < 10


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def wait_gone(pid: int, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def running_kernel(pool) -> tuple[object, int]:
    """A pooled kernel left running: its manager and the kernel's own pid."""
    async def go():
        km, kc = await started(pool.manager_class)
        reply = await kc.execute_interactive("import os; print(os.getpid())", timeout=30,
                                             output_hook=seen.append)
        assert reply["content"]["status"] == "ok"
        kc.stop_channels()
        return km
    seen: list = []
    km = asyncio.run(go())
    return km, int(next(m["content"]["text"] for m in seen if m["msg_type"] == "stream"))


def test_killing_the_shim_kills_its_kernel(pool):
    km, kernel_pid = running_kernel(pool)
    os.kill(km.provisioner.pid, signal.SIGKILL)  # what jupyter_client does as a last resort
    asyncio.run(km.shutdown_kernel(now=True))
    assert wait_gone(kernel_pid)


def test_closing_the_pool_ends_its_kernels(pool):
    km, kernel_pid = running_kernel(pool)
    pool.close()
    assert wait_gone(kernel_pid)
    assert not pool.folder.exists()
    asyncio.run(km.shutdown_kernel(now=True))


def test_without_the_pool_the_shim_starts_the_kernel_itself(pool):
    pool.process.kill()
    pool.process.wait()
    (out,), km = run(pool.manager_class, "import os; print(os.getppid())")
    # The shim exec'd the usual kernel command, so the kernel is the manager's own child.
    assert int(out) == os.getpid()


def test_many_kernels_at_once_all_start(pool):
    """Several kernels starting together, as in a build: none lost to a port race or to a
    late reply (each once made a kernel miss its start-up deadline)."""
    async def one():
        km, kc = await started(pool.manager_class, timeout=60)
        kc.stop_channels()
        await km.shutdown_kernel(now=True)

    async def batch():
        await asyncio.gather(*(one() for _ in range(4)))
    for _ in range(5):
        asyncio.run(batch())


def test_a_pool_that_cannot_start_leaves_no_socket_behind(tmp_path):
    pool = KernelPool([str(tmp_path / "no-such-python"), "-m", "ipykernel_launcher", "-f",
                       "{connection_file}"])
    with pytest.raises(OSError):
        pool.start()
    pool.close()
    assert not pool.folder.exists()
