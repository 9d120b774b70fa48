"""The editors' roles and workflows, as data: a migration creates them (home 0006).

- *Redaktör* writes and edits every page in both languages and submits it for moderation; it
  uploads images and documents and may change its own uploads.
- *Kansli* (the secretariat) also publishes, unpublishes, moves and deletes pages, and manages
  the member register, the membership applications, ministries, redirects and promoted search
  results.
- *Styrelse* (the board) approves remissvar in the "Styrelsegodkännande" workflow.

The remissvar listings follow "Styrelsegodkännande": the editor submits, the board approves,
the secretariat publishes. Every other page follows "Kansliets granskning": the editor submits,
the secretariat publishes. Wagtail e-mails each step to those who act next and to the
submitter.

The names are stored in the database; they are Swedish, like the secretariat that uses them.
"""

from __future__ import annotations

EDITOR = "Redaktör"
SECRETARIAT = "Kansli"
BOARD = "Styrelse"

BOARD_WORKFLOW = "Styrelsegodkännande"
DEFAULT_WORKFLOW = "Kansliets granskning"
BOARD_TASK = "Styrelsens godkännande"
SECRETARIAT_TASK = "Kansliets publicering"

# Wagtail's own groups from its first migration; replaced by the roles above when no one uses them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

COLLECTION_ACTIONS = ("add", "change", "choose", "delete")

# (app_label, codename) of model permissions, per role.
MODEL_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    EDITOR: (
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("consultation_responses", "add_ministry"),
        ("consultation_responses", "change_ministry"),
    ),
    SECRETARIAT: (
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("consultation_responses", "add_ministry"),
        ("consultation_responses", "change_ministry"),
        ("consultation_responses", "delete_ministry"),
        ("members", "add_municipality"),
        ("members", "change_municipality"),
        ("members", "delete_municipality"),
        ("members", "view_municipality"),
        ("members", "change_membershipapplication"),
        ("members", "delete_membershipapplication"),
        ("members", "view_membershipapplication"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("wagtailsearchpromotions", "add_searchpromotion"),
        ("wagtailsearchpromotions", "change_searchpromotion"),
        ("wagtailsearchpromotions", "delete_searchpromotion"),
        ("home", "change_organisationsettings"),
    ),
    BOARD: (("wagtailadmin", "access_admin"),),
}

# Page permission types on the root page, so on every page of both languages.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITOR: ("add", "change"),
    SECRETARIAT: ("add", "change", "publish", "lock", "unlock", "bulk_delete"),
    BOARD: (),
}

# Collection permissions on the root collection: (app_label, codename).
COLLECTION_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    # "add" lets an editor change and delete what they uploaded themselves; others' files are
    # the secretariat's ("delete" is "change" to Wagtail).
    EDITOR: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ),
    SECRETARIAT: tuple(
        (app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in COLLECTION_ACTIONS
    ),
    BOARD: (("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")),
}

ROLES = (EDITOR, SECRETARIAT, BOARD)

# Each workflow's tasks in order: (task name, the group that acts on it).
WORKFLOWS: dict[str, tuple[tuple[str, str], ...]] = {
    DEFAULT_WORKFLOW: ((SECRETARIAT_TASK, SECRETARIAT),),
    BOARD_WORKFLOW: ((BOARD_TASK, BOARD), (SECRETARIAT_TASK, SECRETARIAT)),
}

# The webhooks (core/webhooks/): the secretariat's alone. Granted by core's migration 0003,
# since core's models are not there when home's 0006 runs.
WEBHOOK_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    SECRETARIAT: (
        ("core", "add_webhookendpoint"),
        ("core", "change_webhookendpoint"),
        ("core", "delete_webhookendpoint"),
        ("core", "view_webhookendpoint"),
        ("core", "view_webhookdelivery"),
    ),
}
