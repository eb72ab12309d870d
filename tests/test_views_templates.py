"""The views' templates (dashboard.views.templates, views/templates/): every one escapes text
from data, in elements and in attributes; a missing variable fails; the CSS ships as written;
and no view escapes by hand any more."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from dashboard.views import templates
from dashboard.views.cards import IssueCard, KeyFigure, RelatedEvent, card_html, cards_html
from dashboard.views.maps.legend import Legend, Swatch, legend_html
from dashboard.views.overview.itinerary import Day, Item, Itinerary, itinerary_html
from dashboard.views.sources.article import Cite, Piece
from dashboard.views.sources.shades import Shade, shade_key_html

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ROOT / "src" / "dashboard" / "views"
TEMPLATES = VIEWS / "templates"
#: Markup that would run if it reached the page as it is: a script, an element with a
#: handler, and a quote that would end an attribute and start another.
HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> \' " & x" onmouseover="y'


class Read(HTMLParser):
    """The elements (tag, attributes) and the text of some HTML, as a browser would read it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def read(html: str) -> Read:
    parsed = Read()
    parsed.feed(str(html))  # a Markup would escape each piece the parser adds to it
    parsed.close()
    return parsed


def assert_inert(html: str) -> Read:
    """Nothing of HOSTILE acts: no script or image element, no handler attribute."""
    parsed = read(html)
    tags = {tag for tag, _ in parsed.elements}
    assert not tags & {"script", "img"}, tags
    for tag, attributes in parsed.elements:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
    assert "<script" not in html and "<img" not in html
    return parsed


def _card() -> IssueCard:
    return IssueCard(
        id=f"id{HOSTILE}",
        title=HOSTILE,
        topic="topic",
        topic_label=HOSTILE,
        colour='#000000" onmouseover="x',  # a colour that slipped past the checks
        text_colour="#FFFFFF",
        sensitivity=HOSTILE,
        sensitivity_words=HOSTILE,
        status=HOSTILE,
        plan=HOSTILE,
        visit_id=HOSTILE,
        aim=HOSTILE,
        aim_of=HOSTILE,
        why=HOSTILE,
        figures=(KeyFigure(HOSTILE, HOSTILE, HOSTILE, HOSTILE),),
        events=(RelatedEvent(HOSTILE, HOSTILE, HOSTILE, HOSTILE, True),),
        quotes=((HOSTILE, 3),),
        findings=(HOSTILE,),
        basis="article",
        basis_note="",
    )


def test_a_card_escapes_every_field_in_text_and_in_attributes():
    card = _card()
    html = card_html(card)
    parsed = assert_inert(html)
    article = next(attributes for tag, attributes in parsed.elements if tag == "article")
    assert article["id"] == f"card-id{HOSTILE}" and article["data-card"] == f"id{HOSTILE}"
    assert article["style"] == 'border-left-color:#000000" onmouseover="x'  # one value
    assert parsed.text.count(HOSTILE) == 15  # every field shown, as text
    assert "&lt;script&gt;" in html and "&#34;" in html and "&#39;" in html
    assert cards_html([card]).count(html) == 1  # the grid prints the card as rendered


def test_the_itinerary_the_legend_and_the_shade_key_escape_data():
    item = Item(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE)
    day = Day(HOSTILE, HOSTILE, HOSTILE, (item,), 2)
    html = itinerary_html(Itinerary((day,), (item,), 1000), empty=HOSTILE)
    parsed = assert_inert(html)
    section = next(a for tag, a in parsed.elements if tag == "section")
    assert section["data-day"] == HOSTILE and section["aria-label"] == HOSTILE
    assert "… and 1,000 more" in parsed.text
    legend = Legend((Swatch("city", HOSTILE),), (Swatch("colour", HOSTILE, (1, 2, 3)),))
    parsed = assert_inert(legend_html(legend))
    assert parsed.text.count(HOSTILE) == 2
    assert "background:rgba(1,2,3,1.00)" in legend_html(legend)
    key = shade_key_html((Shade(1, 1, 1), Shade(4, 2, 1200)), kept_only=True)
    assert read(key).text == (
        "Shade: how many of the rows the filters keep cite the text:"
        "1 row2–1,200 rowsnot cited by them"
    )


def test_a_piece_of_the_article_and_its_citing_row_escape_data():
    piece = Piece(HOSTILE + HOSTILE, ("k",), frozenset({"k"}), starts=((0, 3), (len(HOSTILE), 4)))
    parsed = assert_inert(piece.html)
    assert parsed.text == f"3{HOSTILE}4{HOSTILE}"  # each sentence after its number
    assert [a["id"] for tag, a in parsed.elements if tag == "sup"] == ["sentence-3", "sentence-4"]
    cite = Cite(HOSTILE, "events", HOSTILE, HOSTILE, HOSTILE)
    assert assert_inert(cite.html).text == f"Event: {HOSTILE} — {HOSTILE}"


def test_a_missing_variable_fails_loudly():
    with pytest.raises(UndefinedError):
        templates.render("cards.html")
    with pytest.raises(UndefinedError):
        templates.render("shade_key.html", shades=())  # kept_only is missing
    with pytest.raises(UndefinedError):
        templates.macro("issue_card.html", "issue_card")(object())  # no field at all


def test_only_rendered_fragments_are_joined_unescaped():
    assert templates.joined([Markup("<b>a</b>"), Markup("c")]) == "<b>a</b>c"
    with pytest.raises(TypeError):
        templates.joined([Markup("<b>a</b>"), "<script>"])


def test_css_ships_as_one_style_block_as_written():
    css = templates.style("article.css")
    assert css.strip().startswith("<style>") and css.strip().endswith("</style>")
    assert css.count("<style") == 1 and "details.cite > summary" in css  # not &gt;
    for name in ("cards.css", "itinerary.css", "legend.css", "article.css", "page.css"):
        assert "</style" not in (TEMPLATES / name).read_text(encoding="utf-8")


def test_every_template_ships_with_the_package_and_compiles():
    """pyproject ships views/templates/*.html and *.css as package data: nothing else."""
    files = sorted(p.name for p in TEMPLATES.iterdir())
    assert files and all(name.endswith((".html", ".css")) for name in files), files
    for name in files:
        if name.endswith(".html"):
            templates.template(name)  # compiles
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"views/templates/*.html", "views/templates/*.css"' in pyproject


def test_no_view_escapes_by_hand_or_builds_markup_in_python():
    """HTML is the templates': no view imports `html` or calls `html.escape`, and the views
    that draw HTML hold no tag in their Python."""
    for path in VIEWS.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import html\b|from html import)", source, re.M), path
        assert not re.search(r"\bhtml\.escape\b|(?<![\w.])escape\(", source), path
    drawing = ["cards.py", "overview/itinerary.py", "maps/legend.py", "sources/article.py",
               "sources/shades.py"]  # fmt: skip
    for name in drawing:
        code = re.sub(r'"""[\s\S]*?"""', "", (VIEWS / name).read_text(encoding="utf-8"))
        code = re.sub(r"#.*", "", code)  # comments may name an element
        tag = re.search(r"</?(div|span|section|details|summary|li|ul|p|style|sup)\b", code)
        assert tag is None, (name, tag)
