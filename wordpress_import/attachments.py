"""The export's attachments imported as images and documents, and what shows them in a body.

With ``media_dir`` (a copy of ``wp-content/uploads``), attachments are imported first: their
files become images or documents through the admin's validation (wordpress_import/media.py),
matched by WordPress ID too; a file that is missing is a warning, one the admin would refuse an
error, and neither leaves anything behind. An imported file is never changed by a later run.
``views.uploads_redirect`` answers the old files' addresses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from wordpress_import.links import ImportLinks
from wordpress_import.media import (
    Refused,
    delete_file,
    find_file,
    is_image,
    original_path,
    save_form,
    upload_path,
    validated_form,
)
from wordpress_import.models import ImportedItem
from wordpress_import.report import Report
from wordpress_import.wxr import WxrItem


class Attachments:
    """The attachments of the export of ``site_key``; each file imported is added to ``links``.
    A dry run checks each file as the import would, and stores none."""

    def __init__(
        self,
        site_key: str,
        links: ImportLinks,
        report: Report,
        *,
        media_dir: Path | None,
        dry_run: bool,
        log: Callable[[str], None],
    ) -> None:
        self.site_key = site_key
        self.links = links
        self.report = report
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.log = log
        self.records: dict[int, ImportedItem] = {}
        # What shows a file imported in this run in a body (its ID, its path without the
        # extension), and the posts it is attached to: for the bodies of unchanged items.
        self.new_media: set[str] = set()
        self.new_media_posts: set[int] = set()

    def load(self) -> None:
        """What earlier runs imported, in one query, known to ``links``."""
        self.records = {
            record.wp_id: record
            for record in ImportedItem.objects.filter(
                wp_site=self.site_key, wp_type="attachment"
            ).select_related("image", "document")
        }
        for record in self.records.values():
            self.links.add_media(record.wp_id, record.file_path, record.image, record.document)

    def import_item(self, item: WxrItem, name: str) -> None:
        """The file of the attachment ``item`` (named ``name`` in the report) imported, once."""
        record = self.records.get(item.wp_id)
        if self.media_dir is None:
            self.report.skipped["attachment"] += 1
            return
        if item.error:
            self.report.errors.append(f"{name}: {item.error}; skipped.")
            self.report.skipped["attachment (error)"] += 1
            return
        alt = " ".join(item.meta.get("_wp_attachment_image_alt", "").split())
        digest = hashlib.sha256(
            json.dumps([item.title, alt, item.attachment_url]).encode("utf-8")
        ).hexdigest()
        if record is not None:
            imported = record.image or record.document
            if imported is None:
                self.report.warnings.append(
                    f"{name} was deleted on this site after an earlier import; not recreated."
                )
                self.report.skipped["attachment (deleted here)"] += 1
            elif record.content_hash != digest:
                self.report.warnings.append(
                    f"{name} was changed in WordPress (its title, alternative text or file); "
                    f"”{imported.title}” was left as it is."
                )
                self.report.skipped["attachment (changed in WordPress)"] += 1
            else:
                self.report.unchanged[type(imported).__name__] += 1
            return
        path = upload_path(item.attachment_url)
        if not path:
            self.report.warnings.append(
                f"{name}: its file's address ({item.attachment_url[:100] or 'none'}) is not "
                f"under /wp-content/uploads/; not imported."
            )
            self.report.skipped["attachment (no file)"] += 1
            return
        try:
            file = find_file(self.media_dir, path)
            form = validated_form(file, item.title, alt) if file is not None else None
        except Refused as refusal:
            self.report.errors.append(f"{name}: the file {path} was refused: {refusal}.")
            self.report.skipped["attachment (refused)"] += 1
            return
        except Exception as error:  # noqa: BLE001 - an unreadable file skips this item only
            self.report.errors.append(f"{name}: the file {path}: {type(error).__name__}: {error}.")
            self.report.skipped["attachment (error)"] += 1
            return
        if form is None:
            self.report.warnings.append(f"{name}: the file {path} is not in the media folder.")
            self.report.skipped["attachment (file missing)"] += 1
            return
        kind = "Image" if is_image(path) else "Document"
        if self.dry_run:
            form.files["file"].close()
            self.report.created[kind] += 1
            return
        saved = None
        try:
            with transaction.atomic():
                saved = save_form(form)
                ImportedItem.objects.create(
                    wp_site=self.site_key,
                    wp_id=item.wp_id,
                    wp_type=item.post_type,
                    image=saved if kind == "Image" else None,
                    document=saved if kind == "Document" else None,
                    file_path=path,
                    content_hash=digest,
                )
        except Exception as error:  # noqa: BLE001 - any failure skips this item only
            delete_file(saved if saved is not None else form.instance)
            self.report.errors.append(f"{name}: {type(error).__name__}: {error}; skipped.")
            self.report.skipped["attachment (error)"] += 1
            return
        self.links.add_media(
            item.wp_id,
            path,
            image=saved if kind == "Image" else None,
            document=saved if kind == "Document" else None,
        )
        # What shows the file in a body: its ID, or its path in any of its sizes.
        stem = original_path(path).rpartition(".")[0] or path
        self.new_media.update({f"wp-image-{item.wp_id}", f"attachment_{item.wp_id}", stem})
        self.new_media_posts.add(item.parent_id)
        self.report.created[kind] += 1
        self.log(f"  + {kind} {saved.title}")

    def may_show_new_media(self, item: WxrItem) -> bool:
        """Whether ``item``'s body may show a file imported in this run (``new_media``)."""
        if not self.new_media:
            return False
        content = item.content
        return (
            item.wp_id in self.new_media_posts
            or "[gallery" in content
            or "[playlist" in content
            or any(marker in content for marker in self.new_media)
        )
