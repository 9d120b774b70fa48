"""The language of an answer comes from its path: ``/en/…`` is English, everything else Swedish.

Django's ``LocaleMiddleware`` decides so here (``i18n_patterns`` with
``prefix_default_language=False`` makes every unprefixed path the default language, the admin's
and the APIs' included; the admin then switches to the user's own preference). It never reads
``Accept-Language`` or the language cookie for that, yet it adds ``Vary: Accept-Language`` to
every unprefixed answer, which makes shared caches keep one copy per browser language of the
same page. ``PathLanguageMiddleware`` is Django's, without that header.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re


class PathLanguageMiddleware(LocaleMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                header
                for header in cc_delim_re.split(response["Vary"])
                if header.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
