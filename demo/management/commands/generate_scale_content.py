"""``manage.py generate_scale_content``: add many news items and remissvar to measure the site."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.scale import DEFAULT_BATCH_SIZE, DEFAULT_SEED, ScaleContentError, ScaleContentGenerator


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def not_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Add generated news items and remissvar (slugs starting with skala-) under the demo "
        "site's indexes, in bulk, with their search index entries. Each run adds pages after "
        "the previous ones. Load the demo content first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--news", type=not_negative, default=0, help="News items to add.")
        parser.add_argument("--responses", type=not_negative, default=0, help="Remissvar to add.")
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=DEFAULT_BATCH_SIZE,
            help=f"Pages per transaction (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument(
            "--no-search-index",
            action="store_false",
            dest="search_index",
            help="Leave the new pages out of the search index (about four fifths of the time); "
            "run `manage.py update_index` afterwards.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Seed of the generated text and dates; the same seed makes the same content.",
        )

    def handle(self, *args, **options) -> None:
        if not (options["news"] or options["responses"]):
            raise CommandError("Nothing to do: give --news and/or --responses.")
        started = time.monotonic()
        self.show_progress = options["verbosity"] >= 1 and self.stdout.isatty()
        generator = ScaleContentGenerator(
            batch_size=options["batch_size"],
            seed=options["seed"],
            progress=self.report,
            search_index=options["search_index"],
        )
        try:
            made = generator.generate(options["news"], options["responses"])
        except ScaleContentError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        indexed = "added and indexed" if options["search_index"] else "added (not indexed)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale content: {made['news']} news items and {made['responses']} remissvar "
                f"{indexed} in {seconds:.1f} s."
            )
        )
        if not options["search_index"]:
            self.stdout.write("Run `manage.py update_index` for search to find them.")

    def report(self, label: str, done: int, total: int) -> None:
        """One line per kind of page, rewritten after each batch (on a terminal only)."""
        if not self.show_progress:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r{label:<10} [{bar}] {done}/{total}", ending="")
        if done == total:
            self.stdout.write("")
        self.stdout.flush()
