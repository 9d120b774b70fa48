"""``{% versioned_fragment %}``: a piece of a template rendered once per content version.

    {% load caching_tags %}
    {% versioned_fragment "home" page.pk %} … {% endversioned_fragment %}

The rendered HTML is kept in the shared cache under the content version
(``core.caching.version``), the language being rendered and the values after the name: a change
of content retires it with everything else, and it never outlives the next moment content
changes by time (``seconds_to_next_change``: an event's registration closing). What is inside
is not rendered at all when the fragment is kept, so the queries that feed it belong inside too
(the home page's sections: ``{% home_sections %}``).

Only what is the same for every reader belongs inside: no CSRF token, nothing of the user's.
Previews render it anew (a draft is no one else's), and so does everything where the shared
cache is off (``RESPONSE_CACHE_ENABLED``), as in the tests that count a render's queries.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from core.caching.version import MAX_VERSION_AGE, current_version, seconds_to_next_change

register = template.Library()


class VersionedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, vary: list) -> None:
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if not settings.RESPONSE_CACHE_ENABLED or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        varying = hashlib.md5(usedforsecurity=False)
        for value in (get_language(), *(each.resolve(context) for each in self.vary)):
            varying.update(str(value).encode())
            varying.update(b"\0")
        key = f"smakom:{current_version(request)}:fragment:{self.name}:{varying.hexdigest()}"
        html = cache.get(key)
        if html is None:
            with context.push():
                html = self.nodelist.render(context)
            seconds = seconds_to_next_change(request)
            timeout = MAX_VERSION_AGE if seconds is None else min(MAX_VERSION_AGE, seconds)
            if timeout > 0:
                cache.set(key, html, timeout)
        return html


@register.tag
def versioned_fragment(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name.")
    name = bits[1].strip("\"'")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endversioned_fragment",))
    parser.delete_first_token()
    return VersionedFragmentNode(nodelist, name, vary)
