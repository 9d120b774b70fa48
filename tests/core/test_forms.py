"""The error summary any public form can show (core/forms.py, includes/error_summary.html): the
form's own errors as text, each field's as a link to it, in the order a reader meets them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.forms import ErrorSummaryMixin, FormError


class MeetingForm(ErrorSummaryMixin, forms.Form):
    place = forms.CharField(label="Ort")
    seats = forms.IntegerField(label="Platser")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise ValidationError("Mötet krockar med ett annat.")


def test_the_forms_own_errors_come_first_then_each_fields_in_order():
    form = MeetingForm({"place": "", "seats": "många", "token": ""})

    assert form.error_summary == [
        FormError("Mötet krockar med ett annat."),
        FormError("Det här fältet är obligatoriskt", "Ort", "id_place"),
        FormError("Fyll i ett heltal.", "Platser", "id_seats"),
        # A hidden field has nowhere to link to.
        FormError("Det här fältet är obligatoriskt"),
    ]


def test_unbound_and_valid_forms_have_nothing_to_summarise():
    class Valid(ErrorSummaryMixin, forms.Form):
        place = forms.CharField()

    assert Valid().error_summary == []
    assert Valid({"place": "Krokom"}).error_summary == []


def test_the_summary_links_field_errors_and_shows_the_forms_own_as_text():
    form = MeetingForm({"place": "", "seats": "12", "token": "x"})

    html = BeautifulSoup(
        render_to_string("includes/error_summary.html", {"form": form}), "html.parser"
    )

    items = html.select(".error-summary li")
    assert [item.get_text() for item in items] == [
        "Mötet krockar med ett annat.",
        "Ort: Det här fältet är obligatoriskt",
    ]
    assert items[0].find("a") is None
    assert items[1].find("a")["href"] == "#id_place"
    assert html.find("h2").get_text() == "Det finns 2 fel i formuläret"


def test_nothing_is_rendered_without_errors():
    html = render_to_string("includes/error_summary.html", {"form": MeetingForm()})

    assert html.strip() == ""
