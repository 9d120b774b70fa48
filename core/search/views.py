"""The search page of the public site."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from core.search.results import run_search


@require_safe
def search(request: HttpRequest) -> TemplateResponse:
    """The search page of the language being read (``/sok/``, ``/en/search/``)."""
    outcome = run_search(request)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search": outcome, "listing_page": outcome.results},
    )
