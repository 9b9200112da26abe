"""Parse an upload in a child process capped in memory and time, so one file never takes the server down.

Streamlit serves every visitor from one process. A file the reader's limits let through can
still be slow or large to parse (a 2-million-cell workbook takes half a minute of openpyxl);
in the server's own process that slows every visitor, and running out of memory would let
the kernel end the dashboard (issue 12 F1). ``run`` parses in a child forked from a
"forkserver" (the server has threads, so it is never forked itself) with its address space
capped (``RLIMIT_AS``) and a deadline; a child over either is ended and the file refused
with a message that says why. The child's result (a table, or the file's problems) comes
back pickled.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import resource
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from indicators.core.problems import ProblemsError

T = TypeVar("T")

#: Memory a parse may use above what the child's interpreter has mapped at the start.
MEMORY_BYTES = 2 * 2**30
#: Seconds a parse may take: a 50 MB CSV of a million rows reads and validates in about 15.
SECONDS = 120.0
#: Modules the forkserver imports once, so that each child starts with pandas loaded.
# What a parse imports, loaded before the cap is measured and set: an import after it (pyarrow
# reserves much address space when pandas first builds a string column) would count as the
# file's memory and refuse a good file.
_PRELOAD = [
    "indicators.ingest.versions",
    "indicators.ingest.cells",
    "indicators.ingest.workbook",
    "openpyxl",
    "pyarrow",
]


def _mapped_bytes() -> int:
    """The address space this process maps now (VmSize), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(
    conn: Connection, memory: int, fn: Callable[..., Any], args: tuple, kwargs: dict
) -> None:
    for name in _PRELOAD:  # no-ops where the forkserver preloaded them
        importlib.import_module(name)
    limit = _mapped_bytes() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome: tuple[str, object] = ("ok", fn(*args, **kwargs))
    except ProblemsError as err:
        outcome = ("problems", err)
    except MemoryError:
        outcome = ("memory", None)
    except Exception as err:  # a bug, not the file's fault: raised again in the server
        outcome = ("error", err)
    try:
        conn.send(outcome)
    except MemoryError:  # the result itself is too large to send back
        conn.send(("memory", None))
    except Exception as err:  # an exception that does not pickle
        conn.send(("error", RuntimeError(repr(err))))
    conn.close()


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_unnamed() -> Iterator[None]:
    """Hide ``__main__``'s file while a child starts: multiprocessing would run it again in
    the child to rebuild ``__main__``, and under Streamlit that file is the app's page
    script (it ran the whole dashboard, then crashed, in every upload's worker)."""
    main = sys.modules["__main__"]
    with _MAIN_LOCK:
        path = main.__dict__.pop("__file__", None)
        spec = main.__dict__.get("__spec__")
        try:
            if spec is not None:
                main.__spec__ = None
            yield
        finally:
            if path is not None:
                main.__file__ = path
            if spec is not None:
                main.__spec__ = spec


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def run(
    fn: Callable[..., T],
    *args: Any,
    file: str,
    memory: int | None = None,
    seconds: float | None = None,
    **kwargs: Any,
) -> T:
    """``fn(*args, **kwargs)`` in a capped child process; its ``ProblemsError`` is raised here.

    A child that runs out of ``memory`` (bytes above its start) or ``seconds`` is ended, and
    ``file`` is refused with ``parse_out_of_memory`` or ``parse_too_slow``. Defaults:
    ``MEMORY_BYTES`` and ``SECONDS``, read when called.
    """
    memory = MEMORY_BYTES if memory is None else memory
    seconds = SECONDS if seconds is None else seconds
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, memory, fn, args, kwargs), daemon=True)
    with _main_unnamed():
        child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise ProblemsError.at(file, "parse_too_slow", limit=seconds)
        try:
            kind, payload = receive.recv()
        except EOFError:  # ended by the kernel, or crashed in C while allocating
            kind, payload = "memory", None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "problems":
        assert isinstance(payload, ProblemsError)
        raise payload
    if kind == "memory":
        raise ProblemsError.at(file, "parse_out_of_memory", limit=memory / 2**20)
    if kind == "error":
        assert isinstance(payload, BaseException)
        raise payload
    return payload  # type: ignore[return-value]
