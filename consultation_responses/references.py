"""Finding a remissvar by the inquiry it answers: a search for "SOU 2011:59", "Ds 2012:3" or
"Prop. 2011/12:172" puts the response to exactly that inquiry first (the search page's
``search_exact_matches`` hook, in wagtail_hooks.py)."""

from __future__ import annotations

import re

from .models import ConsultationResponsePage

# "SOU 2011:59", "Ds 2012:3", "Prop. 2011/12:172": searched for as the exact reference too.
REFERENCE = re.compile(r"(SOU|Ds|Prop\.?)\s*\d{4}(/\d{2})?:\d+", re.IGNORECASE)


def reference_key(reference: str) -> str:
    """A reference as compared: case, spaces and dots aside ("prop.2011/12:172")."""
    return re.sub(r"[\s.]", "", reference).casefold()


def exact_references(reference: str, language: str) -> list[ConsultationResponsePage]:
    """The responses whose inquiry reference is ``reference``, case, spaces and dots aside."""
    number = re.search(r"\d{4}(/\d{2})?:\d+", reference).group(0)
    candidates = (
        ConsultationResponsePage.objects.for_readers()
        .filter(locale__language_code=language)
        .filter(inquiry_reference__icontains=number)
        .order_by("-pk")
    )
    return [
        page
        for page in candidates
        if reference_key(page.inquiry_reference) == reference_key(reference)
    ]


def responses_named_in(query: str, language: str) -> list[ConsultationResponsePage]:
    """The responses to the inquiry ``query`` names, if it names one; no query otherwise."""
    reference = REFERENCE.search(query)
    return exact_references(reference.group(0), language) if reference else []
