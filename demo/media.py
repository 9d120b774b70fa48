"""Generated media for the demo content: landscape graphics (Pillow) and reply letters (reportlab).

Everything is drawn locally and deterministically from the item it illustrates, so a second
load can recognise what it already made and nothing is ever downloaded.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

IMAGE_SIZE = (1200, 675)
# Pillow's built-in font has no å, ä or ö; reportlab (a dependency) ships Bitstream Vera, which has.
LABEL_FONT = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def swedish_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _palette(seed: str) -> dict[str, tuple[int, int, int]]:
    """Colours of sky, sun and three hills, derived from ``seed`` so each item looks its own."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    hue = digest[0] / 255

    def rgb(h: float, lightness: float, saturation: float) -> tuple[int, int, int]:
        r, g, b = colorsys.hls_to_rgb(h % 1, lightness, saturation)
        return round(r * 255), round(g * 255), round(b * 255)

    return {
        "sky_top": rgb(hue + 0.55, 0.55, 0.45),
        "sky_bottom": rgb(hue + 0.10, 0.86, 0.55),
        "sun": rgb(hue + 0.12, 0.78, 0.85),
        "far": rgb(hue + 0.30, 0.52, 0.25),
        "middle": rgb(hue + 0.28, 0.38, 0.35),
        "near": rgb(hue + 0.25, 0.24, 0.40),
    }


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def landscape_jpeg(seed: str, label: str) -> bytes:
    """A stylised countryside (sky, sun, rolling hills) with ``label`` on a dark band."""
    width, height = IMAGE_SIZE
    colours = _palette(seed)
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    image = Image.new("RGB", IMAGE_SIZE)
    draw = ImageDraw.Draw(image)

    top, bottom = colours["sky_top"], colours["sky_bottom"]
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )

    sun_x = 150 + digest[1] * 900 // 255
    sun_y = 120 + digest[2] * 100 // 255
    draw.ellipse((sun_x - 70, sun_y - 70, sun_x + 70, sun_y + 70), fill=colours["sun"])

    for index, (name, base) in enumerate((("far", 330), ("middle", 400), ("near", 470))):
        amplitude = 25 + digest[3 + index] % 40
        frequency = 1.5 + (digest[6 + index] % 10) / 5
        phase = digest[9 + index] / 40
        outline = [
            (x, base + amplitude * math.sin(frequency * math.tau * x / width + phase))
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([(0, height), *outline, (width, height)], fill=colours[name])

    font = ImageFont.truetype(str(LABEL_FONT), size=50)
    lines = _wrap(draw, label, font, width - 160)
    if len(lines) > 2:
        lines = [lines[0], f"{lines[1]} …"]
    band_top = height - 60 - 66 * len(lines)
    draw.rectangle((0, band_top, width, height), fill=(20, 32, 28))
    for number, line in enumerate(lines):
        draw.text((80, band_top + 30 + 66 * number), line, font=font, fill=(255, 255, 255))

    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=78, optimize=True)
    return buffer.getvalue()


@dataclass
class ReplyLetter:
    """What a signed consultation response says, in the order a letter says it."""

    title: str
    inquiry_reference: str
    inquiry_title: str
    ministry: str
    sender_name: str
    sender_address: str
    letter_date: date | None
    summary: str
    points: list[str] = field(default_factory=list)
    signatory: str = "För styrelsen i SmåKom"


def reply_letter_pdf(letter: ReplyLetter) -> bytes:
    """A one- or two-page reply letter in reportlab's standard Helvetica fonts."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=letter.title,
        author=letter.sender_name,
        subject=letter.inquiry_title,
        lang="sv",
        invariant=True,
    )
    styles = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=styles["BodyText"], fontSize=11, leading=15)
    small = ParagraphStyle("Small", parent=body, fontSize=9, leading=12)
    heading = ParagraphStyle("Heading", parent=styles["Heading1"], fontSize=16, leading=20)
    subheading = ParagraphStyle("Subheading", parent=styles["Heading2"], fontSize=12)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story = [
        para(f"{letter.sender_name}\n{letter.sender_address}", small),
        Spacer(1, 8 * mm),
    ]
    if letter.ministry:
        story.append(para(letter.ministry))
    if letter.letter_date:
        story.append(para(swedish_date(letter.letter_date)))
    story += [Spacer(1, 6 * mm), para(letter.title, heading)]
    inquiry = " ".join(filter(None, [letter.inquiry_reference, letter.inquiry_title]))
    story.append(para(f"Utredning: {inquiry}"))
    if letter.summary:
        story += [para("Sammanfattning", subheading), para(letter.summary)]
    if letter.points:
        story.append(para("SmåKoms synpunkter", subheading))
        story.append(
            ListFlowable(
                [ListItem(para(point), leftIndent=14) for point in letter.points],
                bulletType="1",
                bulletFontName="Helvetica",
                bulletFontSize=11,
                leftIndent=14,
            )
        )
    story += [
        Spacer(1, 12 * mm),
        para(letter.signatory),
        para(letter.sender_name),
        Spacer(1, 12 * mm),
        para(
            "Demoexemplar: återgivet ur SmåKoms publicerade remissvar för SmåKom CMS. "
            "Det undertecknade originalet finns hos SmåKom.",
            small,
        ),
    ]
    document.build(story)
    return buffer.getvalue()
