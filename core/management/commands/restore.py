"""manage.py restore DIR: load a backup (manage.py backup) into the configured database, which
should be new and empty, and media storages; every checksum is checked first and the counts
after (core/backups.py, docs/deploy.md "Backups")."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by manage.py backup into a new, empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            found = restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counted = ", ".join(f"{count} {name}" for name, count in found.items())
        self.stdout.write(f"Restored from {directory}: {counted}, as the manifest says.")
