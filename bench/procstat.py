"""CPU time of processes, read from /proc: gunicorn's master and workers, and the PostgreSQL
backends serving one database (found by the process title PostgreSQL gives each backend)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcessStat:
    """The fields of /proc/<pid>/stat the benchmark needs."""

    pid: int
    ppid: int
    cpu_ticks: int  # utime + stime, in clock ticks


def parse_stat(text: str) -> ProcessStat:
    """Parse /proc/<pid>/stat. The command name, in parentheses, may hold spaces and
    parentheses itself, so the fields are counted from the last ")"."""
    pid_part, _, rest = text.partition(" (")
    fields = rest[rest.rindex(")") + 2 :].split()
    # After the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt,
    # majflt, cmajflt, utime, stime (fields 3 to 15 of proc(5)).
    return ProcessStat(
        pid=int(pid_part), ppid=int(fields[1]), cpu_ticks=int(fields[11]) + int(fields[12])
    )


def read_stat(pid: int, proc: Path = PROC) -> ProcessStat | None:
    """The process's stat, or None when it has gone."""
    try:
        return parse_stat((proc / str(pid) / "stat").read_text())
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return None


def all_stats(proc: Path = PROC) -> dict[int, ProcessStat]:
    """Every process's stat, by pid."""
    stats = {}
    for entry in proc.iterdir():
        if entry.name.isdigit() and (stat := read_stat(int(entry.name), proc)) is not None:
            stats[stat.pid] = stat
    return stats


def tree_of(root: int, stats: Mapping[int, ProcessStat]) -> set[int]:
    """``root`` and all its descendants (gunicorn's master and its workers)."""
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat.ppid, []).append(stat.pid)
    found, todo = set(), [root] if root in stats else []
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


def is_backend_of(title: str, database: str) -> bool:
    """Whether a PostgreSQL process title is a backend connected to ``database``.

    A backend is titled ``postgres: <cluster>: <user> <database> <client> <activity>``; the
    server's own processes (checkpointer, walwriter…) name no database.
    """
    words = title.replace("\0", " ").split()
    return bool(words) and words[0] == "postgres:" and database in words[1:]


def backends_of(database: str, proc: Path = PROC) -> set[int]:
    """The pids of the PostgreSQL backends connected to ``database``."""
    pids = set()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_text(errors="replace")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if title.startswith("postgres:") and is_backend_of(title, database):
            pids.add(int(entry.name))
    return pids


def cpu_ticks(pids: Iterable[int], stats: Mapping[int, ProcessStat]) -> dict[int, int]:
    """The CPU ticks of each of ``pids`` that still runs."""
    return {pid: stats[pid].cpu_ticks for pid in pids if pid in stats}


def ticks_used(before: Mapping[int, int], after: Mapping[int, int]) -> int:
    """Ticks used between two readings. A process started in between counts from zero; one
    that ended in between is lost (the benchmark keeps its processes and connections alive)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


def ticks_to_ms(ticks: int) -> float:
    return ticks * 1000 / CLOCK_TICKS_PER_SECOND
