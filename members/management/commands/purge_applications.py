"""Delete membership applications (personal data) older than a number of days."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from members.models import MembershipApplication

# A century: older than that cannot be expressed as a date before now.
MAX_DAYS = 36_500


class Command(BaseCommand):
    help = "Tar bort medlemsansökningar (personuppgifter) som är äldre än --days dagar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, required=True, help="Ansökningar äldre än så många dagar tas bort."
        )

    def handle(self, *args, days: int, **options) -> None:
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days måste vara mellan 0 och {MAX_DAYS}.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = MembershipApplication.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Tog bort {deleted} ansökningar äldre än {days} dagar.")
