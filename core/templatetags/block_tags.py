"""Template filters of StreamField blocks' values: ``choice_label``, the label editors chose
from a ChoiceBlock (a response point's stance), not its stored value."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def choice_label(bound_block: Any) -> str:
    """The human label of a ChoiceBlock's value (``value.bound_blocks.stance|choice_label``)."""
    value = getattr(bound_block, "value", bound_block)
    block = getattr(bound_block, "block", None)
    field = getattr(block, "field", None)
    for choice_value, label in getattr(field, "choices", ()):
        if isinstance(label, (list, tuple)):
            continue
        if str(choice_value) == str(value):
            return str(label)
    return str(value or "")
