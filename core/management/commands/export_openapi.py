"""Write API v3's OpenAPI schema to a file (``make openapi`` writes docs/openapi.json)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from core.api.middleware import API_LANGUAGE
from core.api.v3 import api_v3


def openapi_document() -> str:
    """The schema exactly as /api/v3/openapi.json serves it (in English, the APIs' language),
    as stable, diff-friendly JSON."""
    with translation.override(API_LANGUAGE):
        # Lazy texts (help texts) become strings when encoded: still in English.
        encoded = json.dumps(
            api_v3.get_openapi_schema(),
            cls=DjangoJSONEncoder,
            indent=2,
            sort_keys=True,
            ensure_ascii=False,
        )
    return encoded + "\n"


class Command(BaseCommand):
    help = "Export the v3 API's OpenAPI schema (the committed contract) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="docs/openapi.json")

    def handle(self, *args, path: str, **options) -> None:
        document = openapi_document()
        target = Path(path)
        if target.exists() and target.read_text(encoding="utf-8") == document:
            self.stdout.write(f"{target} is up to date.")
            return
        target.write_text(document, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {target} ({len(document):,} bytes)."))
