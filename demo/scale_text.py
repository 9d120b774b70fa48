"""Plausible Swedish text for the scale content (``demo.scale``): titles, intros and bodies of
news items and remissvar, put together from small word lists by a seeded random generator, so
the same seed gives the same site."""

from __future__ import annotations

import random
from datetime import date
from typing import Any
from uuid import uuid4

from django.utils.html import escape

from consultation_responses.blocks import Stance

TOPICS = (
    "bredbandsutbyggnaden",
    "det kommunala utjämningssystemet",
    "äldreomsorgen",
    "skolskjutsarna",
    "vindkraften",
    "bostadsbyggandet",
    "räddningstjänsten",
    "kollektivtrafiken",
    "landsbygdspolitiken",
    "kompetensförsörjningen",
    "vårdcentralerna",
    "strandskyddet",
    "den kommunala ekonomin",
    "mottagandet av nyanlända",
    "vattenförsörjningen",
    "postservicen",
    "besöksnäringen",
    "mobiltäckningen",
    "gymnasieskolan",
    "den statliga närvaron",
    "upphandlingsreglerna",
    "lärarförsörjningen",
)
MUNICIPALITIES = (
    "Arjeplog",
    "Dorotea",
    "Bjurholm",
    "Sorsele",
    "Överkalix",
    "Pajala",
    "Ragunda",
    "Åsele",
    "Vilhelmina",
    "Storuman",
    "Malå",
    "Norsjö",
    "Bräcke",
    "Berg",
    "Ljusnarsberg",
    "Dals-Ed",
    "Bengtsfors",
    "Ydre",
    "Torsås",
    "Emmaboda",
    "Högsby",
    "Gnosjö",
    "Laxå",
    "Hällefors",
    "Strömsund",
    "Ockelbo",
    "Nordanstig",
    "Övertorneå",
)
AUTHORS = ("SmåKom", "SmåKom", "Hilkka", "Anders", "Maria", "Lennart", "Karin", "Björn", "Eva")
TAGS = (
    "Ekonomi",
    "Landsbygd",
    "Skola",
    "Omsorg",
    "Infrastruktur",
    "Konferens",
    "Styrelsen",
    "Riksdagen",
)
INQUIRY_AUTHORS = (
    "Kommunutredningen",
    "Landsbygdskommittén",
    "Boverket",
    "Skolverket",
    "Trafikverket",
    "Tillväxtverket",
    "Statskontoret",
    "Socialstyrelsen",
    "Post- och telestyrelsen",
    "Utredningen om kommunal utjämning",
)
MINISTRIES = (
    "Finansdepartementet",
    "Infrastrukturdepartementet",
    "Landsbygdsdepartementet",
    "Socialdepartementet",
    "Utbildningsdepartementet",
)

NEWS_TITLES = (
    "SmåKom kräver besked om {topic}",
    "Ny rapport om {topic} i små kommuner",
    "{municipality} går före med {topic}",
    "Styrelsen möttes i {municipality}: {topic} i fokus",
    "Riksdagen lyssnade på SmåKom om {topic}",
    "Små kommuner vill ha stöd för {topic}",
    "Så påverkar {topic} kommunerna i inlandet",
    "Rikskonferensen diskuterade {topic}",
)
SENTENCES = (
    "SmåKom har under året drivit frågan om {topic} i flera sammanhang.",
    "För en liten kommun som {municipality} märks förändringar i {topic} snabbt.",
    "Styrelsen vill att staten tar ett större ansvar för {topic}.",
    "Medlemskommunerna vittnar om att {topic} kräver långsiktiga besked.",
    "Frågan togs upp när företrädare för {municipality} besökte Rosenbad.",
    "Det som fungerar i storstaden fungerar inte alltid på landsbygden.",
    "SmåKom kommer att följa arbetet med {topic} och återkomma till medlemmarna.",
    "Kommunalrådet i {municipality} betonade att avstånden gör skillnad.",
    "Allt du kan göra i stan kan du göra på landsbygden, men villkoren måste vara rimliga.",
    "Ett samlat grepp om {topic} efterfrågas av nästan alla medlemmar.",
)
HEADINGS = ("Bakgrund", "Vad händer nu?", "SmåKoms synpunkter", "Kommunernas erfarenheter")
QUOTES = (
    "Vi måste kunna erbjuda samma service som större kommuner, med betydligt mindre resurser.",
    "Små kommuner är inte små problem, de är stora möjligheter.",
    "Allt du kan göra i stan kan du göra på landsbygden.",
)
INQUIRY_TITLES = (
    "En ny ordning för {topic}",
    "Ett starkare stöd för {topic}",
    "Översyn av {topic}",
    "Hållbar finansiering av {topic}",
    "Likvärdiga villkor för {topic} i hela landet",
)
POINT_TEXTS = {
    Stance.SUPPORTS: "SmåKom tillstyrker förslaget om {topic}, som gynnar de små kommunerna.",
    Stance.REJECTS: "SmåKom avstyrker förslaget, som skulle försvåra {topic} i glesbygden.",
    Stance.COMMENTS: "SmåKom vill påpeka att {topic} ser annorlunda ut i små kommuner.",
}


class SwedishText:
    """The words of the scale content, drawn from ``rng`` (seeded, so runs are repeatable)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: str) -> str:
        return template.format(
            topic=self.rng.choice(TOPICS), municipality=self.rng.choice(MUNICIPALITIES)
        )

    def _sentences(self, count: int) -> str:
        return " ".join(self._fill(self.rng.choice(SENTENCES)) for _ in range(count))

    def news_title(self) -> str:
        title = self._fill(self.rng.choice(NEWS_TITLES))
        return title[0].upper() + title[1:]

    def intro(self) -> str:
        return self._sentences(2)

    def author(self) -> str:
        return self.rng.choice(AUTHORS)

    def tag(self) -> str:
        return self.rng.choice(TAGS)

    def news_body(self) -> list[dict[str, Any]]:
        """StreamField data for ``core.blocks.BodyBlock``: paragraphs, a heading, maybe a quote."""
        body = [self._paragraph(3)]
        body.append(block("heading", {"text": self.rng.choice(HEADINGS), "level": "h2"}))
        body.extend(self._paragraph(self.rng.randint(2, 4)) for _ in range(self.rng.randint(1, 3)))
        if self.rng.random() < 0.3:
            body.append(block("quote", {"quote": self.rng.choice(QUOTES), "attribution": ""}))
        return body

    def _paragraph(self, sentences: int) -> dict[str, Any]:
        return block("paragraph", f"<p>{escape(self._sentences(sentences))}</p>")

    def rich_text(self, sentences: int) -> str:
        return f"<p>{escape(self._sentences(sentences))}</p>"

    def inquiry_title(self) -> str:
        title = self._fill(self.rng.choice(INQUIRY_TITLES))
        return title[0].upper() + title[1:]

    def inquiry_author(self) -> str:
        return self.rng.choice(INQUIRY_AUTHORS)

    def response_points(self) -> list[dict[str, Any]]:
        """StreamField data for ``ResponsePointsBlock``: two to five numbered points."""
        points = []
        for number in range(1, self.rng.randint(2, 5) + 1):
            stance = self.rng.choice(list(Stance))
            points.append(
                block(
                    "point",
                    {
                        "stance": str(stance),
                        "heading": self._fill("{topic}").capitalize(),
                        "text": f"<p>{escape(self._fill(POINT_TEXTS[stance]))}</p>",
                        "proposal_reference": f"p {number}.{self.rng.randint(1, 9)}",
                    },
                )
            )
        return points

    def case_number(self, ministry_name: str, year: int) -> str:
        return f"{ministry_name[:2]}{year}/{self.rng.randint(100, 9999):05d}"

    def day_between(self, first: date, last: date) -> date:
        return date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))


def block(block_type: str, value: Any) -> dict[str, Any]:
    """One block of StreamField data as stored, with its own id."""
    return {"type": block_type, "value": value, "id": str(uuid4())}
