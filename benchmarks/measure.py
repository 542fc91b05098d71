"""Whole-process measurements: wall time, CPU time and peak memory of one child process.

Every figure comes from a child process of its own (``os.wait4`` gives the child's resource
usage), so start-up, imports and the interpreter's memory count as a user sees them. Commands
compared with each other run alternately, round after round, and are summarised by medians.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Run:
    """One run of one command.

    Attributes:
        wall: Elapsed seconds.
        cpu: User plus system CPU seconds of the child.
        peak_kb: The child's peak resident memory (``ru_maxrss``), in KiB.
        code: The exit code.
    """

    wall: float
    cpu: float
    peak_kb: int
    code: int


@dataclass(slots=True)
class Series:
    """The runs of one command in one comparison."""

    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        """Median wall-clock seconds."""
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        """Median CPU seconds."""
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        """Largest peak resident memory over the runs, in MiB."""
        return max(r.peak_kb for r in self.runs) / 1024

    @property
    def codes(self) -> tuple[int, ...]:
        """The distinct exit codes, sorted."""
        return tuple(sorted({r.code for r in self.runs}))


LAUNCHER = """
import os, sys, time
null = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
print(wall, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""
"""Runs a command and prints its wall time, CPU time, peak RSS and exit code.

A child's ``ru_maxrss`` starts from its parent's resident size (Linux carries the high-water
mark over ``fork`` and ``exec``), so commands are started from this small launcher rather than
from the benchmark process, which holds the corpus in memory.
"""


def run_once(argv: Sequence[str], env: Mapping[str, str] | None = None) -> Run:
    """Run ``argv`` once (output discarded) and return its measurements."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *argv],
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else None,
        check=False,
    )
    if done.returncode != 0:
        return Run(0.0, 0.0, 0, 127)  # the command could not be started
    wall, cpu, peak, code = done.stdout.split()
    return Run(float(wall), float(cpu), int(peak), int(code))


def alternate(
    commands: Mapping[str, Sequence[str]],
    rounds: int,
    env: Mapping[str, str] | None = None,
) -> dict[str, Series]:
    """Run every command once per round, in turn, for ``rounds`` rounds.

    >>> import sys
    >>> result = alternate({"a": [sys.executable, "-c", "pass"]}, 2)
    >>> len(result["a"].runs), result["a"].codes
    (2, (0,))
    """
    series = {name: Series() for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            series[name].runs.append(run_once(argv, env))
    return series


def ratio(ours: float, peer: float) -> float | None:
    """Return ``ours / peer``, or None when the peer took no time.

    >>> ratio(1.0, 2.0), ratio(1.0, 0.0)
    (0.5, None)
    """
    return ours / peer if peer > 0 else None
