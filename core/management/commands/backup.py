"""manage.py backup DIR: a consistent copy of the database and every uploaded file, with a
manifest of counts and checksums (core/backups.py, docs/deploy.md "Backups")."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media into DIR (new or empty), with a manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counted = ", ".join(f"{count} {name}" for name, count in manifest["counts"].items())
        self.stdout.write(
            f"Backed up to {directory}: the database, {len(manifest['files'])} files; {counted}."
        )
