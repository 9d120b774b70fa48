"""The demo site, one module per page app, and the order its steps run in.

Every step has the same small interface, ``step(loader, home) -> None`` (``demo.loader.Step``):
it builds its part under the home page with the loader's tools (``sync_page``, ``image``,
``document``, the tally and the progress lines) and leaves it in the database, where a later
step that needs it looks it up again (the news articles find the remissvar they link to). Most
modules have one step, ``load``; home and news have several because their parts go at different
points of the order, which is the order of the old single loader: it decides the page ids and
tree paths (and so the menu), and the progress lines of ``manage.py load_demo_content``.

The dependencies point one way: the management command imports this package and
``demo.loader``, and hands ``STEPS`` to ``DemoContentLoader.load``; the step modules import the
page apps' models and ``demo``'s helpers, and the loader only for type hints. The loader imports
no step and the page apps import nothing from ``demo``, so there is no cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from demo import translations
from demo.sections import events, home, members, news, responses

if TYPE_CHECKING:
    from demo.loader import Step

STEPS: tuple[Step, ...] = (
    home.home_page,
    news.index,  # before the remissvar, so that the menu reads Nyheter, Remissvar, …
    responses.load,
    news.articles,  # after the remissvar they link to
    events.load,
    home.film,
    home.text_pages,
    members.load,
    translations.load,  # once every Swedish page and ministry exists
    home.organisation_settings,  # names the accessibility statement, a text page
    home.default_site,
)
