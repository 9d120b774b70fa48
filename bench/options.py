"""`make bench`'s options: command-line flags, with the Makefile's variables as defaults."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Options:
    seconds: float
    scale: int | None
    workers: int
    connections: int
    postgres: str
    redis_url: str
    out_dir: Path
    only: tuple[str, ...] = ()


def parse_options(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the site against a bare Django view (docs/performance.md).",
    )
    env = os.environ.get
    parser.add_argument(
        "--seconds", type=float, default=float(env("BENCH_SECONDS") or 5), help="per case"
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=int(env("SCALE") or 0) or None,
        help="also measure a database with this many news items (and a twentieth as many "
        "remissvar), made by manage.py generate_scale_content, and compare",
    )
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS") or 2))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS") or 4))
    parser.add_argument(
        "--postgres",
        default=env("BENCH_POSTGRES") or "postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server, without a database name",
    )
    parser.add_argument(
        "--redis",
        dest="redis_url",
        default=env("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/13",
        help="the Redis database the site caches in; emptied by the benchmark",
    )
    parser.add_argument("--out-dir", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument(
        "--only",
        default=env("BENCH_ONLY") or "",
        help="measure only the cases whose label contains one of these comma-separated words "
        "(case-insensitive: 'hit', 'article,api v3'); the bare view is always measured",
    )
    args = parser.parse_args(argv)
    only = tuple(word.strip().lower() for word in args.only.split(",") if word.strip())
    return Options(**{**vars(args), "only": only})
