"""An upload parsed in a capped child process (issue 12 F1): over memory or time, the file is
refused and the server process goes on; problems and results come back as they were."""

from __future__ import annotations

import os
import time

import pytest

from indicators.core.problems import ProblemsError, Reason
from indicators.ingest import isolate
from indicators.ingest.cells import read_cells


def _eat_memory(n: int) -> int:
    return len(bytearray(n))  # zero-filled: the allocation itself is what the cap refuses


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _boom() -> None:
    raise KeyError("a bug")


def test_a_parse_over_its_memory_is_ended_and_the_file_refused():
    with pytest.raises(ProblemsError) as err:
        isolate.run(_eat_memory, 3 * 2**30, file="stor.xlsx", memory=256 * 2**20)
    (problem,) = err.value.problems
    assert (problem.file, problem.reason) == ("stor.xlsx", Reason.OUT_OF_RANGE)
    assert "behövde mer än 256 MB minne" in problem.text("sv")
    assert "needed more than 256 MB of memory" in problem.text("en")


def test_a_parse_over_its_time_is_ended_and_the_file_refused():
    start = time.monotonic()
    with pytest.raises(ProblemsError) as err:
        isolate.run(_sleep, 60, file="seg.xlsx", seconds=1)
    assert time.monotonic() - start < 30  # ended, not waited for
    (problem,) = err.value.problems
    assert "tog längre än 1 sekunder att läsa och avbröts" in problem.text("sv")


def test_the_result_and_the_files_problems_come_back_from_the_child():
    assert isolate.run(_sleep, 0, file="x") != os.getpid()  # it did run elsewhere
    frame = isolate.run(read_cells, "Område;Värde\n101;81\n".encode(), "f.csv", file="f.csv")
    assert frame.values.tolist() == [["101", "81"]]
    with pytest.raises(ProblemsError) as err:
        isolate.run(read_cells, b"", "tom.csv", file="tom.csv")
    assert err.value.problems[0].text("en") == "tom.csv: the file is empty"


def test_a_bug_in_the_child_is_raised_in_the_server_not_called_a_bad_file():
    with pytest.raises(KeyError, match="a bug"):
        isolate.run(_boom, file="x")
