"""``manage.py import_wordpress EXPORT.xml [--media-dir UPLOADS] [--remissvar-term NAME]
[--dry-run]``: a WordPress site's posts (remissvar among them) and pages, and with
``--media-dir`` its uploaded files.

See wordpress_import/importer.py for what becomes what, and docs/import.md.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from core.caching.version import bump
from wordpress_import.importer import REMISSVAR_TERM, Report, WordPressImporter
from wordpress_import.wxr import WxrError, read_export


def describe(counts: Counter) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())) or "none"


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export → All content, WXR 1.1/1.2): posts become "
        "news items (those marked remissvar remissvar pages), pages text pages, with redirects "
        "from the old addresses. Safe to run again: items are matched by their WordPress ID "
        "and only what changed is updated. "
        "With --media-dir, attachments become images and documents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", help="The WXR file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help=(
                "A copy of the site's wp-content/uploads folder: attachments become images and "
                "documents (nothing is fetched from the old site). Without it, they are skipped."
            ),
        )
        parser.add_argument(
            "--remissvar-term",
            default=REMISSVAR_TERM,
            metavar="NAME",
            help=(
                "Posts in the category or with the tag of this name or slug (case-insensitive) "
                f"become remissvar pages (default: {REMISSVAR_TERM})."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=(
                "Do everything, report it, and write nothing (the database is rolled back, "
                "and no file is stored: the files are only checked)."
            ),
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        dry_run = options["dry_run"]
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"{media_dir} is not a folder.")
        verbosity = options["verbosity"]
        started = time.monotonic()
        try:
            with path.open("rb") as source:
                export = read_export(source)
        except WxrError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{path.name}: WXR {export.version} from {export.site_url or 'an unnamed site'}, "
            f"{len(export.items)} items{' (dry run: nothing will be written)' if dry_run else ''}."
        )

        importer = WordPressImporter(
            export,
            progress=self._progress if verbosity >= 1 and self.stdout.isatty() else None,
            log=self.stdout.write if verbosity >= 2 else None,
            media_dir=media_dir,
            dry_run=dry_run,
            remissvar_term=options["remissvar_term"],
        )
        # Each item is written in a transaction of its own; a dry run's are savepoints in one
        # transaction that is rolled back at the end.
        with transaction.atomic() if dry_run else nullcontext():
            report = importer.run()
            if dry_run:
                transaction.set_rollback(True)
        if self.stdout.isatty():
            self.stdout.write("")
        if report.changed and not dry_run:
            # Some rows were written with QuerySet.update(), which no cache hears of.
            bump()
        self._summary(report, dry_run, time.monotonic() - started)

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"\r{done}/{total} items", ending="")
        self.stdout.flush()

    def _summary(self, report: Report, dry_run: bool, elapsed: float) -> None:
        write = self.stdout.write
        prefix = "Dry run, nothing was written. " if dry_run else ""
        for warning in report.warnings:
            write(self.style.WARNING(f"Warning: {warning}"))
        for error in report.errors:
            write(self.style.ERROR(f"Error: {error}"))
        write(f"Created: {describe(report.created)}")
        write(f"Updated: {describe(report.updated)}")
        write(f"Unchanged: {describe(report.unchanged)}")
        write(f"Skipped: {describe(report.skipped)}")
        write(f"Redirects: {describe(report.redirects)}")
        if report.approvals_recorded:
            write(
                "Remissvar published in WordPress, imported as sent with the board's approval "
                f"recorded from the WordPress date: {report.approvals_recorded}"
            )
        if report.comments:
            write(f"Comments not imported: {report.comments}")
        if report.moved:
            write(f"Pages moved under their new parent in WordPress: {report.moved}")
        if report.relinked:
            write(f"Pages saved again with what was imported after them: {report.relinked}")
        if report.shortcodes:
            write(f"Shortcodes kept as text: {describe(report.shortcodes)}")
        write(f"Warnings: {len(report.warnings)}, errors: {len(report.errors)}")
        if not report.changed:
            write(self.style.SUCCESS(f"{prefix}Nothing changed ({elapsed:.1f} s)."))
        elif dry_run:
            write(self.style.SUCCESS(f"{prefix}This is what an import would do ({elapsed:.1f} s)."))
        else:
            write(self.style.SUCCESS(f"WordPress export imported in {elapsed:.1f} s."))
