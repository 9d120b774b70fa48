"""The benchmark's results, their Markdown tables, and what it says on the terminal."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@dataclass
class Result:
    """What one case measured."""

    label: str
    path: str
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    app_cpu_ms: float  # per request
    db_cpu_ms: float | None  # per request; None for the bare view, which has no database
    queries: int | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    # The bare view's requests per second measured next to this case, the same way.
    bare_requests_per_second: float | None = None

    @property
    def ratio(self) -> float | None:
        if not self.bare_requests_per_second:
            return None
        return self.requests_per_second / self.bare_requests_per_second


def percentile(samples: Sequence[float], percent: float) -> float:
    """The nearest-rank percentile of ``samples`` (as wrk reports its own)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def describe_statuses(statuses: dict[str, int], errors: int = 0) -> str:
    """``200``, or ``200 ×95, 500 ×5`` when the answers differ; socket errors and timeouts
    are added as ``errors ×n``."""
    parts = sorted(statuses.items())
    text = parts[0][0] if len(parts) == 1 else ", ".join(f"{s} ×{n}" for s, n in parts)
    if errors:
        text = f"{text}, errors ×{errors}" if text else f"errors ×{errors}"
    return text or "none"


def number(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ")


def ratio_text(value: float | None) -> str:
    """A ratio to three significant figures: the site's are far below 1."""
    return "–" if value is None else f"{value:.3g}"


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, text_columns: Sequence[int] = (0, 1)
) -> str:
    """A Markdown table, numbers right-aligned (every column but ``text_columns``)."""
    align = ["---" if index in text_columns else "---:" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


RESULT_HEADER = [
    "Case",
    "URL",
    "req/s",
    "ratio to bare",
    "p50 ms",
    "p99 ms",
    "app CPU ms/req",
    "db CPU ms/req",
    "queries/req",
    "status",
]


def result_row(result: Result) -> list[str]:
    return [
        result.label,
        f"`{result.path}`",
        number(result.requests_per_second),
        ratio_text(result.ratio),
        number(result.p50_ms),
        number(result.p99_ms),
        number(result.app_cpu_ms, 2),
        number(result.db_cpu_ms, 2),
        "–" if result.queries is None else str(result.queries),
        describe_statuses(result.statuses, result.errors),
    ]


def results_table(results: Sequence[Result]) -> str:
    rows = [result_row(result) for result in results]
    return markdown_table(RESULT_HEADER, rows, text_columns=(0, 1, len(RESULT_HEADER) - 1))


COMPARISON_HEADER = [
    "Case",
    "URL",
    "ratio to bare, demo",
    "ratio to bare, scale",
    "p50 ms, demo",
    "p50 ms, scale",
    "app CPU ms/req, demo",
    "app CPU ms/req, scale",
    "db CPU ms/req, demo",
    "db CPU ms/req, scale",
    "queries/req, demo",
    "queries/req, scale",
]


def comparison_table(small: Sequence[Result], large: Sequence[Result]) -> str:
    """The same cases at two scales, side by side (matched by label)."""
    large_by_label = {result.label: result for result in large}
    rows = []
    for result in small:
        other = large_by_label.get(result.label)
        if other is None:
            continue
        rows.append(
            [
                result.label,
                f"`{other.path}`",
                ratio_text(result.ratio),
                ratio_text(other.ratio),
                number(result.p50_ms),
                number(other.p50_ms),
                number(result.app_cpu_ms, 2),
                number(other.app_cpu_ms, 2),
                number(result.db_cpu_ms, 2),
                number(other.db_cpu_ms, 2),
                "–" if result.queries is None else str(result.queries),
                "–" if other.queries is None else str(other.queries),
            ]
        )
    return markdown_table(COMPARISON_HEADER, rows)
