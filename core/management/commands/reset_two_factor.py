"""``manage.py reset_two_factor USERNAME``: for someone who lost their phone and their recovery
codes. Removes their authenticator and recovery codes; at their next sign-in they set up a new
one (the secretariat and superusers must). Check who is asking before you run it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.security.two_factor.devices import remove_second_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator app and recovery codes)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user “{username}”.") from error
        removed = remove_second_factor(user)
        if removed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Removed {removed} two-factor device(s) of “{username}”. "
                    "They set up a new authenticator at their next sign-in."
                )
            )
        else:
            self.stdout.write(f"“{username}” had no two-factor device: nothing changed.")
