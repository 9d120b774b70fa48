"""Point the default Wagtail site at WAGTAILADMIN_BASE_URL (run on every deploy; idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.sites import sync_default_site


class Command(BaseCommand):
    help = "Set the default site's host name and port from WAGTAILADMIN_BASE_URL."

    def handle(self, *args, **options) -> None:
        if sync_default_site():
            self.stdout.write(f"The default site now answers as {settings.WAGTAILADMIN_BASE_URL}.")
        else:
            self.stdout.write(f"The default site already matches {settings.WAGTAILADMIN_BASE_URL}.")
