"""Backing up and restoring the whole site: the database and every uploaded file, with a manifest
to check a copy against (``manage.py backup DIR``, ``manage.py restore DIR``; docs/deploy.md
"Backups").

A backup folder holds:

- ``database.dump``: PostgreSQL's own consistent copy (``pg_dump`` in its custom format, one
  transaction's snapshot, so the site may keep running), or ``database.sqlite3``, SQLite's online
  backup;
- ``media/``: every file of the media storages (documents, original images, renditions),
  read through the storage, so a bucket is copied as a folder on disk is;
- ``manifest.json``: when and from what it was made, the counts of what matters (pages,
  revisions, images, documents, membership applications, users) and every file's size and
  SHA-256, the database copy's included.

A restore checks every checksum first and refuses a copy that does not match, then loads the
database into the configured one (which should be new and empty: ``createdb``, no ``migrate``),
writes the files back under their own names, and compares the counts with the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done, or a copy that does not match its manifest."""


def counts() -> dict[str, int]:
    """What a restore must bring back, counted: the models of ``BACKUP_COUNTED_MODELS``."""
    return {
        name: apps.get_model(label)._default_manager.count()
        for name, label in settings.BACKUP_COUNTED_MODELS.items()
    }


def media_storages() -> dict[str, Storage]:
    """The storages uploads live in, once each (on a disk both are MEDIA_ROOT, in object storage
    both the bucket)."""
    found: dict[tuple, Storage] = {}
    for alias in ("default", settings.WAGTAILIMAGES_RENDITION_STORAGE):
        storage = storages[alias]
        # One folder or bucket is copied once, whichever storage class writes to it.
        key = (str(getattr(storage, "location", "")), getattr(storage, "bucket_name", ""))
        found.setdefault(key, storage)
    return {f"storage-{index}": storage for index, storage in enumerate(found.values())}


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage`` under ``folder``."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ---------------------------------------------------------------------------------------


def backup(target: Path) -> dict:
    """Copy the database and the media into ``target`` (new or empty); the manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new folder.")
    # The counts describe the dump: taken before and after it, again if an editor saved
    # something in between.
    for _attempt in range(3):
        before = counts()
        database_file = dump_database(target)
        counted = counts()
        if counted == before:
            break
        database_file.unlink()
    else:
        raise BackupError("The content changed during each of three tries: try again later.")
    files = []
    for label, storage in media_storages().items():
        for name in walk(storage):
            if name.startswith(".") or "/." in name:
                continue
            destination = target / MEDIA / label / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, destination.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            files.append(
                {
                    "storage": label,
                    "name": name,
                    "size": destination.stat().st_size,
                    "sha256": sha256(destination),
                }
            )
    manifest = {
        "format": FORMAT,
        "made": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": database_file.name,
            "sha256": sha256(database_file),
        },
        "counts": counted,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def dump_database(target: Path) -> Path:
    if connection.vendor == "postgresql":
        path = target / "database.dump"
        run([*client("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)])
        return path
    if connection.vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return path
    raise BackupError(f"No backup for a {connection.vendor} database.")


def client(program: str) -> list[str]:
    """``program`` (pg_dump, pg_restore) with the configured database's connection options."""
    database = connection.settings_dict
    command = [program, "--dbname", database["NAME"]]
    if database.get("HOST"):
        command += ["--host", database["HOST"]]
    if database.get("PORT"):
        command += ["--port", str(database["PORT"])]
    if database.get("USER"):
        command += ["--username", database["USER"]]
    return command


def run(command: list[str]) -> None:
    env = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        env["PGPASSWORD"] = password
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")


# --- Restore --------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    """The manifest of the copy in ``source``, every checksum verified."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {source}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} holds a backup of another format.")
    database = source / manifest["database"]["file"]
    if not database.is_file() or sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database} is missing or does not match the manifest.")
    for entry in manifest["files"]:
        path = source / MEDIA / entry["storage"] / entry["name"]
        if not path.is_file() or sha256(path) != entry["sha256"]:
            raise BackupError(f"{path} is missing or does not match the manifest.")
    return manifest


def restore(source: Path) -> dict:
    """Load the copy in ``source`` into the configured database and media storages; the counts
    found after it, which must be the manifest's."""
    manifest = read_manifest(source)
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"The copy is of a {manifest['database']['vendor']} database; this site uses "
            f"{connection.vendor}."
        )
    load_database(source / manifest["database"]["file"])
    storages_by_label = media_storages()
    for entry in manifest["files"]:
        storage = storages_by_label[entry["storage"]]
        with (source / MEDIA / entry["storage"] / entry["name"]).open("rb") as handle:
            write_exactly(storage, entry["name"], File(handle))
    found = counts()
    if found != manifest["counts"]:
        raise BackupError(f"Restored {found}, the copy holds {manifest['counts']}.")
    from core.caching.version import bump

    bump()
    return found


def load_database(path: Path) -> None:
    connection.close()
    if connection.vendor == "postgresql":
        run(
            [
                *client("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                str(path),
            ]
        )
        return
    target = Path(connection.settings_dict["NAME"])
    source = sqlite3.connect(path)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def write_exactly(storage: Storage, name: str, content: File) -> None:
    """Write ``content`` under ``name`` itself: a storage's ``save`` may choose another name
    (ours make new names unguessable), and the database names this one."""
    if storage.exists(name):
        storage.delete(name)
    storage._save(name, content)
