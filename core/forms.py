"""What the site's public forms share: the error summary shown after a failed submit.

The summary follows the GOV.UK Design System's pattern: at the top of the form, a heading that
counts the errors and a list with one entry per error, each a link to the field it is about.
Focus moves to it when the page loads (``autofocus``, no script: the public pages run no inline
script under the Content-Security-Policy), so a screen reader announces what went wrong and a
keyboard user reaches each field in one step. The same count goes into the page's title, which
is the first thing read out on the new page. ``site/templates/includes/error_summary.html``
shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.functional import cached_property


@dataclass(frozen=True)
class FormError:
    """One entry of the summary: a message, and the field it is about (empty for the form's
    own errors, which are shown as text)."""

    message: str
    label: str = ""
    field_id: str = ""


class ErrorSummaryMixin:
    """A form whose errors can be summarised (``form.error_summary``), mixed in before
    ``forms.Form``."""

    @cached_property
    def error_summary(self: forms.BaseForm) -> list[FormError]:
        """Every error of the bound form, in the order a reader meets them: the form's own
        errors first, then each field's in the order of the fields. Empty when the form is
        valid or unbound."""
        summary = [FormError(str(message)) for message in self.non_field_errors()]
        for field in self:
            # A hidden field has nothing to link to; its errors are the form's.
            target = "" if field.is_hidden else field.id_for_label
            label = "" if field.is_hidden else str(field.label)
            summary += [FormError(str(message), label, target or "") for message in field.errors]
        return summary
