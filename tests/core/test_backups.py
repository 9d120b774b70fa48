"""The restore drill (core/backups.py): a site is backed up (manage.py backup), then restored
(manage.py restore) into a new database and a new media folder, and the two are compared: the
counts of pages, revisions, images, documents, membership applications and users, read straight
from the restored database's tables, and every file's checksum. A copy that does not match its
manifest is refused before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.config.test_settings import production_env
from tests.factories.articles import ArticlePageFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.members import MembershipApplicationFactory
from tests.transactional import ensure_initial_data

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = {
    "pages": "wagtailcore_page",
    "revisions": "wagtailcore_revision",
    "images": "wagtailimages_image",
    "documents": "wagtaildocs_document",
    "membership_applications": "members_membershipapplication",
    "users": "auth_user",
}


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("The drill restores into a new PostgreSQL database (set DATABASE_URL).")
    return connection.settings_dict


@pytest.fixture
def new_database(postgres):
    """A new, empty database on the same server, dropped afterwards."""
    name = f"smakom_restore_{uuid.uuid4().hex[:10]}"
    server = psycopg2.connect(**server_options(postgres, "postgres"))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def server_options(database: dict, name: str) -> dict:
    return {
        "dbname": name,
        "user": database["USER"] or "postgres",
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
    }


def restore_into(name: str, media: Path, backup: Path, tmp_path: Path):
    database = connection.settings_dict
    user = database["USER"] or "postgres"
    env = production_env(
        tmp_path,
        DATABASE_URL=(
            f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"
        ),
        MEDIA_ROOT=str(media),
        REDIS_URL=None,
        LOG_FORMAT="text",
        LOG_LEVEL="WARNING",
    )
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }


@pytest.fixture
def site(tmp_path, settings):
    """A small site, committed, with its uploads in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ensure_initial_data()
    image = ImageFactory(file__filename="hostmote.png")
    article = ArticlePageFactory(hero_image=image, title="Höstmötet 2026")
    article.save_revision().publish()
    image.get_rendition("fill-480x270")
    DocumentFactory(file__filename="stadgar.pdf")
    MembershipApplicationFactory()
    return Path(settings.MEDIA_ROOT)


def test_a_backup_restores_into_a_new_database_and_media_folder(
    site, new_database, tmp_path, postgres
):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["counts"]["pages"] >= 3 and manifest["counts"]["images"] == 1
    assert manifest["counts"]["membership_applications"] == 1
    original_files = checksums(site)
    assert len(original_files) == 3  # the image, its rendition, the document

    restored_media = tmp_path / "restored-media"
    result = restore_into(new_database, restored_media, backup, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "as the manifest says" in result.stdout
    restored = psycopg2.connect(**server_options(postgres, new_database))
    try:
        with restored.cursor() as cursor:
            for name, table in TABLES.items():
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
                assert cursor.fetchone()[0] == manifest["counts"][name], name
    finally:
        restored.close()
    assert checksums(restored_media) == original_files


def test_a_copy_that_does_not_match_its_manifest_is_refused(site, new_database, tmp_path, postgres):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    tampered = next(path for path in (backup / "media").rglob("*") if path.is_file())
    tampered.write_bytes(tampered.read_bytes() + b"x")

    result = restore_into(new_database, tmp_path / "restored-media", backup, tmp_path)

    assert result.returncode != 0
    assert "does not match the manifest" in result.stderr
    assert not (tmp_path / "restored-media").exists()
    restored = psycopg2.connect(**server_options(postgres, new_database))
    try:
        with restored.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            assert cursor.fetchone()[0] == 0
    finally:
        restored.close()


def test_a_backup_goes_into_a_new_folder(site, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")

    with pytest.raises(Exception, match="not empty"):
        call_command("backup", str(tmp_path / "used"))
