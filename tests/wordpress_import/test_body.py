"""Post HTML as body blocks: WordPress's paragraphs, the body's block types, nothing unsafe."""

from __future__ import annotations

import pytest

from wordpress_import.body import (
    BodyConverter,
    LinkResolver,
    ResolvedDocument,
    ResolvedImage,
    shortcodes,
)

CONVERTER = BodyConverter()


def convert(html: str) -> list[tuple[str, object]]:
    return [(block["type"], block["value"]) for block in CONVERTER.convert(html).blocks]


def texts(html: str) -> str:
    return "".join(str(value) for _, value in convert(html))


def test_blank_lines_make_paragraphs_and_single_breaks_line_breaks():
    blocks = convert("Ett\ntvå\n\n\n<strong>Tre</strong>\n  \nFyra &amp; fem")
    assert [kind for kind, _ in blocks] == ["paragraph", "paragraph", "paragraph"]
    assert ">Ett<br/>två</p>" in blocks[0][1]
    assert "<b>Tre</b>" in blocks[1][1]
    assert "Fyra &amp; fem" in blocks[2][1]


def test_gutenberg_blocks_and_containers_are_opened():
    blocks = convert(
        '<!-- wp:group --><div class="wp-block-group"><!-- wp:heading {"level":1} -->'
        "<h1>Rubrik</h1><!-- /wp:heading --><p>Text</p></div><!-- /wp:group -->"
        "<h5>Liten</h5><hr><ol><li>Ett<ul><li>Under</li></ul></li></ol>"
    )
    assert blocks[0] == ("heading", {"text": "Rubrik", "level": "h2"})
    assert blocks[1][0] == "paragraph" and ">Text</p>" in blocks[1][1]
    assert blocks[2] == ("heading", {"text": "Liten", "level": "h4"})
    assert blocks[3][0] == "paragraph"
    assert "<ol>" in blocks[3][1] and "<ul>" in blocks[3][1] and "Under" in blocks[3][1]
    assert len(blocks) == 4


def test_tables_and_preformatted_text_become_paragraphs():
    blocks = convert(
        "<table><tr><th>År</th><th>Ort</th></tr><tr><td>2012</td><td>Lundsbrunn</td></tr>"
        "</table><pre>rad 1\nrad 2</pre>"
    )
    assert [kind for kind, _ in blocks] == ["paragraph", "paragraph", "paragraph"]
    assert ">År | Ort</p>" in blocks[0][1]
    assert ">2012 | Lundsbrunn</p>" in blocks[1][1]
    assert ">rad 1<br/>rad 2</p>" in blocks[2][1]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Hej<script>alert('x')</script></p>",
        "<script>alert('x')</script>Hej",
        '<p onclick="alert(\'x\')" style="color:red">Hej</p>',
        "<p><a href=\"javascript:alert('x')\">Hej</a></p>",
        "<p><a href=\"JaVa&#x09;script:alert('x')\">Hej</a></p>",
        "<p><img src=x onerror=\"alert('x')\">Hej</p>",
        "<iframe src=\"javascript:alert('x')\"></iframe><p>Hej</p>",
        "<style>p{}</style><p>Hej</p><svg><script>alert('x')</script></svg>",
        "<h2 onmouseover=\"alert('x')\">Hej</h2>",
        '<p><a linktype="page" id="1">Hej</a><span style="x">!</span></p>',
    ],
)
def test_nothing_unsafe_survives(html: str):
    result = texts(html)
    assert "Hej" in result
    for unsafe in ("alert", "script", "onclick", "onerror", "style", "linktype", "iframe"):
        assert unsafe not in result.lower()


def test_images_and_frames_are_links_for_now():
    blocks = convert(
        '<p><img src="https://smakom.example/wp-content/uploads/sjon.jpg" alt="Sjön"></p>'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
    )
    assert (
        '<a href="https://smakom.example/wp-content/uploads/sjon.jpg">[Bild: Sjön]</a>'
        in (blocks[0][1])
    )
    assert '<a href="https://www.youtube.com/embed/abc">' in blocks[1][1]


def test_quotes_with_attribution():
    assert convert("<blockquote><p>Ett</p><p>Två</p><footer>Någon</footer></blockquote>") == [
        ("quote", {"quote": "Ett\n\nTvå", "attribution": "Någon"})
    ]


def test_shortcodes_are_found_and_kept():
    html = '[caption id="a"]<img src="/a.jpg">Sjön[/caption] [embed]https://x[/embed] [1] [gallery]'
    assert shortcodes(html) == {"caption": 1, "embed": 1, "gallery": 1}
    assert "[embed]https://x[/embed]" in texts(html)


def test_a_blank_line_between_two_links_ends_a_paragraph():
    blocks = convert('<a href="/a/">A</a>\n\n<a href="/b/">B</a>\n<a href="/c/">C</a>')
    assert [kind for kind, _ in blocks] == ["paragraph", "paragraph"]
    assert ">B</a><br/><a" in blocks[1][1]


class Documents(LinkResolver):
    """Attachment 9, the file 2012/01/intervju.mp3, is document 90."""

    def document(self, attachment_id, source):
        if attachment_id == 9 or source.endswith("/wp-content/uploads/2012/01/intervju.mp3"):
            return ResolvedDocument(90, "Intervju <med> Hilkka", 9)
        return None


def test_audio_and_playlists_of_imported_files_become_document_links(db):
    converter = BodyConverter(Documents())
    html = (
        "Hör [audio ogg='/x.ogg' mp3=\"/wp-content/uploads/2012/01/intervju.mp3\"]Spela[/audio]"
        ' och [audio src="/wp-content/uploads/2012/01/annan.mp3"] [playlist ids="9,9"]'
        ' [playlist ids="9,10"] [playlist] <a data-attachment-id="10">falsk</a>'
    )
    values = [block["value"] for block in converter.convert(html).blocks]
    link = '<a linktype="document" id="90">Intervju &lt;med&gt; Hilkka</a>'
    assert values[0].startswith("<p") and f"Hör {link} och [audio" in values[0]
    assert values[1].count("<li") == 2 and values[1].count(link) == 2
    assert '[playlist ids="9,10"] [playlist] falsk</p>' in values[2]
    assert "data-attachment-id" not in "".join(values)
    assert converter.shortcodes(html) == {"audio": 1, "playlist": 2}


def test_empty_paragraphs_are_dropped_and_the_first_text_kept():
    result = CONVERTER.convert("<p>&nbsp;</p><p> </p><p>Första <em>meningen</em>.</p><p>Två</p>")
    assert len(result.blocks) == 2
    assert result.first_text == "Första meningen."


def test_a_linked_image_is_its_link_with_the_image_named():
    result = texts(
        '<p><a href="https://smakom.example/stor.jpg"><img src="liten.jpg" alt="Sjön"></a></p>'
    )
    assert '<a href="https://smakom.example/stor.jpg">[Bild: Sjön]</a>' in result
    assert "liten.jpg" not in result


class Images(LinkResolver):
    """Attachment 7 is image 70, by its ID or its file (in any of WordPress's sizes)."""

    def image(self, attachment_id, source):
        if attachment_id == 7 or "/wp-content/uploads/2012/01/sjo" in source:
            return ResolvedImage(70, "Sjön")
        return None


def image_blocks(html: str) -> list[tuple[str, object]]:
    return [
        (block["type"], block["value"]) for block in BodyConverter(Images()).convert(html).blocks
    ]


def test_imported_images_become_image_blocks_where_they_stand():
    blocks = image_blocks(
        '[caption id="attachment_7" caption="Vid <em>sjön</em>"]<img src="x.jpg">'
        '[/caption]\n\n<p><img src="/wp-content/uploads/2012/01/sjo-150x150.jpg" alt="Is"> '
        'Först bild, sedan text <img class="alignright wp-image-7" src="y.jpg"></p>'
        '[caption id="attachment_8"]<img src="/wp-content/uploads/z.jpg" alt="Z"> Z[/caption]'
    )
    assert [kind for kind, _ in blocks] == ["image", "image", "paragraph", "image", "paragraph"]
    assert blocks[0][1] == {
        "image": {"image": 70, "decorative": False, "alt_text": "Sjön"},
        "caption": "Vid sjön",
        "credit": "",
    }
    assert blocks[1][1]["image"]["alt_text"] == "Is"
    assert "Först bild, sedan text" in blocks[2][1] and "img" not in blocks[2][1]
    assert blocks[3][1]["caption"] == ""
    # An image that was not imported stays a link, its shortcode text.
    assert '<a href="/wp-content/uploads/z.jpg">[Bild: Z]</a>' in blocks[4][1]
    assert BodyConverter(Images()).shortcodes(
        '[caption id="attachment_7"]<img src="a.jpg">[/caption][caption id="x"]<img>[/caption]'
    ) == {"caption": 1}


def test_embeds_of_the_sites_providers_become_embed_blocks():
    blocks = convert(
        "[embed]https://www.youtube.com/watch?v=aqz-KE-bpKQ[/embed]\n\n"
        '<figure class="wp-block-embed is-provider-vimeo"><div class="wp-block-embed__wrapper">\n'
        "https://vimeo.com/76979871\n</div><figcaption>Vimeos film</figcaption></figure>"
        '<iframe title="Spelaren" src="https://www.youtube.com/embed/aqz-KE-bpKQ"></iframe>\n\n'
        "https://youtu.be/aqz-KE-bpKQ\n\n"
        "[embed]https://twitter.com/smakom/status/1[/embed]\n\n"
        '<iframe src="https://kartor.example/karta"></iframe>'
    )
    youtube = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    assert blocks[0] == ("embed", {"embed": youtube, "title": youtube})
    assert blocks[1] == ("embed", {"embed": "https://vimeo.com/76979871", "title": "Vimeos film"})
    assert blocks[2] == (
        "embed",
        {"embed": youtube, "title": "Spelaren"},
    )
    assert blocks[3] == (
        "embed",
        {"embed": "https://youtu.be/aqz-KE-bpKQ", "title": "https://youtu.be/aqz-KE-bpKQ"},
    )
    # Not a provider the site embeds: the shortcode stays, the frame is a link.
    assert "[embed]https://twitter.com/smakom/status/1[/embed]" in blocks[4][1]
    assert '<a href="https://kartor.example/karta">[Inbäddat: ' in blocks[5][1]
    assert len(blocks) == 6
    assert CONVERTER.shortcodes("[embed]https://vimeo.com/1[/embed][embed]x[/embed]") == {
        "embed": 1
    }


def test_a_gallery_of_imported_images_becomes_image_blocks():
    blocks = image_blocks('Före\n\n[gallery columns="2" ids="7, 7"]\n\nEfter [gallery ids="7,8"]')
    assert [kind for kind, _ in blocks] == ["paragraph", "image", "image", "paragraph"]
    assert blocks[1][1]["image"] == {"image": 70, "decorative": False, "alt_text": "Sjön"}
    # One of its images was not imported: the shortcode stays.
    assert '[gallery ids="7,8"]' in blocks[3][1]
    gutenberg = image_blocks(
        '<figure class="wp-block-gallery has-nested-images"><figure class="wp-block-image">'
        '<img class="wp-image-7" src="a.jpg" alt="A"></figure><figure class="wp-block-image">'
        '<img class="wp-image-8" src="b.jpg" alt="B"><figcaption>Bee</figcaption></figure></figure>'
    )
    assert [kind for kind, _ in gutenberg] == ["image", "paragraph", "paragraph"]
    assert ">[Bild: B]</a>" in gutenberg[1][1] and "Bee" in gutenberg[2][1]
    assert BodyConverter(Images()).shortcodes('[gallery ids="7"][gallery ids="8"]') == {
        "gallery": 1
    }


def test_an_unclosed_shortcode_is_text_that_ends_at_the_next_one():
    blocks = image_blocks(
        '[caption [caption id="attachment_7"]<img src="x.jpg"> Sjön[/caption] [gallery '
        '[gallery ids="7, ٣"][gallery ids="7"]'
    )
    assert [kind for kind, _ in blocks] == ["paragraph", "image", "paragraph", "image"]
    assert blocks[1][1]["caption"] == "Sjön"
    assert ">[caption</p>" in blocks[0][1]
    assert '>[gallery [gallery ids="7, ٣"]</p>' in blocks[2][1]
    assert shortcodes("[caption [gallery [embed]x[/embed] [audio") == {"embed": 1}


class Attached(Images):
    """Post 1 has images 8 and 7 attached (8 first), post 2 image 7 only; 8 was not imported."""

    def image(self, attachment_id, source):
        if attachment_id == 8:
            return ResolvedImage(80, "Åtta")
        return super().image(attachment_id, source)

    def attached_images(self, post_id):
        return {1: [8, 7], 2: [7], 3: [9]}.get(post_id, [])


def test_a_gallery_without_ids_shows_the_images_attached_to_its_post():
    converter = BodyConverter(Attached())

    def images(html: str, post_id: int) -> list[int]:
        blocks = converter.convert(html, post_id).blocks
        return [block["value"]["image"]["image"] for block in blocks if block["type"] == "image"]

    assert images('[gallery columns="3"]', 1) == [80, 70]
    assert images('[gallery exclude="8"]', 1) == [70]
    assert images('[gallery id="2"]', 1) == [70]
    assert images('[gallery ids=""]', 2) == [70]
    # No image attached, one not imported, an ID list that is none: the shortcode stays.
    for html, post_id in (("[gallery]", 4), ("[gallery]", 3), ('[gallery ids="a"]', 1)):
        assert images(html, post_id) == []
        assert converter.shortcodes(html, post_id) == {"gallery": 1}
