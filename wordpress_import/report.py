"""What an import did (``WordPressImporter.run``'s answer), for the command's summary.

Counters by what they count (``created["ArticlePage"]``, ``skipped["attachment (file
missing)"]``, ``redirects["kept"]``); warnings and errors are sentences naming their item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    redirects: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)
    comments: int = 0
    # Remissvar published in WordPress whose board approval was recorded from the post's date.
    approvals_recorded: int = 0
    # Pages saved once more after the run, with links to items imported after them.
    relinked: int = 0
    # Pages moved under the page their WordPress parent became.
    moved: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) + sum(self.updated.values()) + self.redirects["created"]
        )
