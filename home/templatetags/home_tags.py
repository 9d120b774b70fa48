"""The home page's sections, asked for by its template where it renders them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_sections(context: template.Context) -> str:
    """Puts the home page's sections (``HomePage.sections``: the film, the latest news and
    remissvar, the next meeting, the members) into the context, as ``{% … as name %}`` puts one
    value: inside ``{% versioned_fragment %}``, where a kept fragment never asks."""
    for name, value in context["page"].sections(context.get("request")).items():
        context[name] = value
    return ""
