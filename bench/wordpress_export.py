"""An export to time ``manage.py import_wordpress`` with (docs/import.md, "How fast"): 500 posts
(one in ten a remissvar, one in twenty a draft), 50 pages three levels deep and 200 image
attachments, their files in a media folder, written with the tests' export builder
(tests/wordpress_import/wxr.py).

    python -m bench.wordpress_export build DIR     # DIR/export.xml and DIR/uploads/
    python -m bench.wordpress_export count DIR/export.xml --media-dir DIR/uploads [--dry-run]

``count`` runs the import in this process (settings as manage.py's) and prints the SQL queries
it made, in all and per item. A benchmark, never a test: nothing here is timed in CI.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from django.utils.text import slugify
from PIL import Image

from tests.wordpress_import.wxr import SITE, Item, attachment, export, page, post

POSTS, PAGES, IMAGES = 500, 50, 200
FIRST_POST, FIRST_PAGE, FIRST_IMAGE = 1000, 5000, 8000
TAGS = [
    "Landsbygd", "Skola", "Vård", "Omsorg", "Bredband", "Kollektivtrafik", "Ekonomi",
    "Kommunal utjämning", "Bostäder", "Näringsliv", "Turism", "Kultur", "Idrott", "Miljö",
    "Energi", "Vatten", "Avlopp", "Räddningstjänst", "Polis", "Posten", "Apotek", "Vägar",
    "Järnväg", "Flyg", "Jordbruk", "Skog", "Fiske", "Rennäring", "Integration", "Demokrati",
]  # fmt: skip
CATEGORIES = ["Nyheter", "Konferenser", "Styrelsen", "Pressmeddelanden", "Remissvar"]
TEXT = (
    "SmåKom, De små kommunernas samverkan, samlar ett sjuttiotal kommuner med färre än "
    "elva tusen invånare. Allt du kan göra i stan kan du göra på landsbygden."
)


def term(name: str) -> tuple[str, str]:
    """A category's or tag's slug and name, as WordPress exports them."""
    return slugify(name), name


def image_path(number: int) -> str:
    return f"{2009 + number // 50}/{number % 12 + 1:02}/bild-{number}.png"


def build(directory: Path) -> None:
    uploads = directory / "uploads"
    items: list[Item] = []
    for number in range(IMAGES):
        path = uploads / image_path(number)
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (120, 80), (number % 256, 90, 160)).save(path, "PNG")
        # The first hundred are attached to the posts they were uploaded in, two each.
        parent = FIRST_POST + number // 2 if number < 100 else 0
        items.append(
            attachment(
                FIRST_IMAGE + number,
                f"Bild {number}",
                f"bild-{number}",
                image_path(number),
                alt=f"Bild nummer {number}",
                parent=parent,
                menu_order=number % 2,
            )
        )
    for number in range(PAGES):
        # Five pages at the top, three under each, two under each of those.
        if number < 5:
            parent, path = 0, f"sida-{number}"
        elif number < 20:
            parent = FIRST_PAGE + (number - 5) // 3
            path = f"sida-{(number - 5) // 3}/sida-{number}"
        else:
            middle = 5 + (number - 20) // 2
            parent = FIRST_PAGE + middle
            path = f"sida-{(middle - 5) // 3}/sida-{middle}/sida-{number}"
        items.append(
            page(
                FIRST_PAGE + number,
                f"Sida {number}",
                f"sida-{number}",
                parent=parent,
                link=f"{SITE}/{path}/",
                content=f'<h2>Om sidan</h2><p>{TEXT}</p>\n\n<p>Se <a href="/?p={FIRST_POST}">'
                f"den första nyheten</a>.</p>",
            )
        )
    start = datetime.datetime(2009, 1, 5, 9, 30)
    for number in range(POSTS):
        wp_id = FIRST_POST + number
        when = start + datetime.timedelta(days=3 * number, hours=number % 7)
        remissvar = number % 10 == 9
        title = f"Yttrande över SOU 2011:{number}" if remissvar else f"Nyhet nummer {number}"
        slug = f"yttrande-{number}" if remissvar else f"nyhet-{number}"
        content = [f"<p>{TEXT} ({number})</p>", "<h3>Bakgrund</h3>", f"<p>{TEXT}</p>"]
        if number % 3 == 0:
            image = FIRST_IMAGE + 100 + number % 100
            content.append(
                f'[caption id="attachment_{image}" align="alignnone" width="300"]'
                f'<img class="wp-image-{image}" src="{SITE}/wp-content/uploads/'
                f'{image_path(image - FIRST_IMAGE).replace(".png", "-300x200.png")}" alt="">'
                f" Bildtext {number}[/caption]"
            )
        if number < 50 and number % 5 == 0:
            content.append("[gallery]")  # its two attached images
        if number % 10 == 4:
            ids = ",".join(str(FIRST_IMAGE + 100 + (number + k) % 100) for k in range(3))
            content.append(f'[gallery ids="{ids}"]')
        # A link to the post before and, every fifth, to the next (resolved in a second pass).
        if number:
            content.append(f'<p>Läs också <a href="{SITE}/?p={wp_id - 1}">förra nyheten</a>.</p>')
        if number % 5 == 0 and number + 1 < POSTS:
            content.append(f'<p>Och <a href="{SITE}/?p={wp_id + 1}">nästa</a>.</p>')
        items.append(
            post(
                wp_id,
                title,
                slug,
                status="draft" if number % 20 == 7 else "publish",
                date=f"{when:%Y-%m-%d %H:%M:%S}",
                date_gmt=f"{when - datetime.timedelta(hours=1):%Y-%m-%d %H:%M:%S}",
                creator="hilkka" if number % 2 else "kansli",
                link=f"{SITE}/{when:%Y/%m/%d}/{slug}/",
                excerpt="" if number % 4 else f"Kort om nyhet {number}.",
                content="\n\n".join(content),
                categories=[term(CATEGORIES[4 if remissvar else number % 4])],
                tags=[term(TAGS[(number + k) % 30]) for k in (0, 7)],
                comments=number % 3,
            )
        )
    (directory / "export.xml").write_bytes(export(items))
    print(f"{directory / 'export.xml'}: {len(items)} items; files in {uploads}")  # noqa: T201


def count(arguments: Sequence[str]) -> None:
    """The import of ``arguments`` (import_wordpress's), with its SQL queries counted."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django  # noqa: PLC0415 - settings first

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    queries = 0

    def counted(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    out = StringIO()
    with connection.execute_wrapper(counted):
        call_command("import_wordpress", *arguments, stdout=out)
    items = POSTS + PAGES + IMAGES
    summary = [line for line in out.getvalue().splitlines() if not line.startswith("Warning")]
    print("\n".join(summary))  # noqa: T201
    print(f"SQL queries: {queries:,}, {queries / items:.1f} per item ({items} items)")  # noqa: T201


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wordpress_export")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build").add_argument("directory", type=Path)
    commands.add_parser("count", add_help=False)
    arguments, rest = parser.parse_known_args(argv)
    if arguments.command == "build":
        build(arguments.directory)
    else:
        count(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
