"""The article's HTML read back (`Marks`): its text with the rows citing each character,
each disclosure and the rows it lists, and how disclosures nest. Shared by the tests of the
article view and of the Sources & data page."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Marks(HTMLParser):
    """Reads article HTML back: the article's text with the rows citing each character, the
    disclosures (each `<details>` and its `<summary>`), the text of each disclosure's list
    of rows, and how disclosures nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, frozenset[str]]] = []
        self.marks: list[dict[str, str]] = []  # the summary's attributes, and the details' id
        self.panels: list[str] = []
        self.first_child: list[str] = []  # the first element inside each <details>
        self.sentence_numbers: list[int] = []
        self.depth = self.max_depth = 0
        self.rows: frozenset[str] = frozenset()
        self.skip = 0  # inside <sup> or <style>
        self.paragraphs = 0
        self.divs: list[str] = []  # classes of the open <div>s
        self.key = ""
        self._details_id = ""
        self._awaiting_child = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._awaiting_child:
            self.first_child.append(tag)
            self._awaiting_child = False
        if tag == "details":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self._details_id = attributes.get("id", "")
            self._awaiting_child = True
        elif tag == "summary":
            self.marks.append({**attributes, "id": self._details_id})
            self.rows = frozenset(attributes["data-rows"].split())
        elif tag in ("sup", "style"):
            self.skip += 1
            if attributes.get("class") == "sentence-number":
                self.sentence_numbers.append(int(attributes["id"].removeprefix("sentence-")))
        elif tag == "div":
            self.divs.append(attributes.get("class", ""))
            if attributes.get("class") == "para":
                self.paragraphs += 1
            elif attributes.get("class") == "cite-rows":
                self.panels.append("")

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1
        elif tag == "summary":
            self.rows = frozenset()
        elif tag in ("sup", "style"):
            self.skip -= 1
        elif tag == "div":
            self.divs.pop()

    def handle_data(self, data):
        if "cite-rows" in self.divs:
            self.panels[-1] += data
        elif "cite-key" in self.divs:
            self.key += data
        elif "para" in self.divs and not self.skip:
            self.chunks.append((data, self.rows))

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.chunks)

    def rows_at(self) -> list[frozenset[str]]:
        return [rows for text, rows in self.chunks for _ in text]


def parse(html_text: str) -> Marks:
    parser = Marks()
    parser.feed(html_text)
    parser.close()
    return parser


def text_offsets(seed_text: str) -> list[int]:
    """Seed offset -> offset in the HTML's text (paragraph breaks are not text there)."""
    mapping, removed = [], 0
    for ch in seed_text:
        mapping.append(len(mapping) - removed)
        removed += ch == "\n"
    return mapping


def tone(mark: dict[str, str]) -> int:
    """The shade class of a mark (t1 the lightest)."""
    (shade,) = [int(c[1:]) for c in mark["class"].split() if re.fullmatch(r"t\d", c)]
    return shade
