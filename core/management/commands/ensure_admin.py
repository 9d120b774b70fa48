"""``manage.py ensure_admin``: make sure an administrator can sign in to the Wagtail admin."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation


class Command(BaseCommand):
    help = (
        "Create a superuser from ADMIN_USERNAME, ADMIN_PASSWORD and ADMIN_EMAIL (default user "
        "'admin' with a random password, printed once). An existing user is left alone, except "
        "that its password is set when ADMIN_PASSWORD is given."
    )

    def handle(self, *args, **options) -> None:
        user_model = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "").strip() or "admin"
        password = os.environ.get("ADMIN_PASSWORD", "")
        email = os.environ.get("ADMIN_EMAIL", "").strip()
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"

        if password:
            self.check_password(user_model, username, email, password)

        with transaction.atomic():
            user = (
                user_model._default_manager.select_for_update()
                .filter(**{user_model.USERNAME_FIELD: username})
                .first()
            )
            if user is not None:
                if password and not user.check_password(password):
                    user.set_password(password)
                    user.save(update_fields=["password"])
                    self.stdout.write(
                        self.style.SUCCESS(f"The password of user “{username}” was updated.")
                    )
                else:
                    self.stdout.write(f"User “{username}” already exists: nothing changed.")
                return

            generated = not password
            if generated:
                password = secrets.token_urlsafe(18)
            user_model._default_manager.create_superuser(
                **{user_model.USERNAME_FIELD: username}, email=email, password=password
            )

        self.stdout.write(self.style.SUCCESS(f"Superuser “{username}” created."))
        if generated:
            self.stdout.write(
                "Its password is shown only this once; keep it somewhere safe:\n"
                f"  Username: {username}\n  Password: {password}"
            )
        self.stdout.write(f"Sign in at {admin_url}")

    @staticmethod
    def check_password(user_model: type, username: str, email: str, password: str) -> None:
        """The site's password rules (AUTH_PASSWORD_VALIDATORS) hold for ADMIN_PASSWORD too."""
        candidate = user_model(**{user_model.USERNAME_FIELD: username}, email=email)
        try:
            with translation.override("en"):
                validate_password(password, user=candidate)
        except ValidationError as error:
            with translation.override("en"):
                problems = " ".join(str(message) for message in error.messages)
            raise CommandError(f"ADMIN_PASSWORD is too weak: {problems}") from error
