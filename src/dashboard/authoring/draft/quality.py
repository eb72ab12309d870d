"""How close a draft comes to a hand-curated folder: recall and precision per table.

Matching is by what an editor would check: people and places by name (word for word, in
any order), figures by value in the same sentence, events by their dates and place (a
curated venue also matches its city), legs by their ends and date, findings by kind in the
same sentence. A curated row the article does not state (an inferred venue) cannot be
drafted without inventing it; such rows are counted, and also shown apart.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...data.loading import check_folder
from ...data.provenance import normalise, quote_spans
from ...data.schema import TABLES
from .build import Draft, draft_tables
from .text import Sentence, read_article

TARGETS = {"people": 0.9, "places": 0.9, "figures": 0.9, "events": 0.7}
_SMALL = {"of", "the", "a", "an", "and", "in", "on", "s"}


@dataclass
class Row:
    table: str
    curated: int
    drafted: int
    matched_curated: int
    matched_drafted: int
    stated: int  # curated rows the article states (not inferred)
    matched_stated: int
    missed: list[str]

    @property
    def recall(self) -> float:
        return self.matched_curated / self.curated if self.curated else 1.0

    @property
    def precision(self) -> float:
        return self.matched_drafted / self.drafted if self.drafted else 1.0

    @property
    def recall_stated(self) -> float:
        return self.matched_stated / self.stated if self.stated else 1.0


@dataclass
class Comparison:
    rows: list[Row]
    contradiction_found: bool
    contradiction: str
    validation_problems: list[str]
    article: Path
    curated: Path


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower().replace("’", "'")) if w not in _SMALL}


def same_name(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _sentence_of(sentences, quote: str) -> set[int]:
    found = set()
    for span in quote_spans(quote):
        span = normalise(span)
        for s in sentences:
            if span and span in normalise(s.text):
                found.add(s.number)
    return found


def _match(
    curated: pd.DataFrame, drafted: pd.DataFrame, same, sentences=()
) -> tuple[int, int, list[int]]:
    """One-to-one matching of the pairs `same` accepts, best pairs first (citing the same
    sentence, then sharing more words of the name or title); returns the matched curated
    and drafted counts, and the curated rows missed."""
    label = next((c for c in ("name", "title", "label", "says") if c in curated), None)

    def score(c, d) -> tuple[int, int]:
        shared = bool(_sentence_of(sentences, c["quote"]) & _sentence_of(sentences, d["quote"]))
        words = len(_words(str(c[label])) & _words(str(d.get(label, "")))) if label else 0
        return int(shared), words

    pairs = [
        (score(c, d), i, j)
        for i, c in curated.iterrows()
        for j, d in drafted.iterrows()
        if same(c, d)
    ]
    used: set[int] = set()
    matched: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: p[0], reverse=True):
        if i not in matched and j not in used:
            matched.add(i)
            used.add(j)
    missed = [i for i in curated.index if i not in matched]
    return len(matched), len(used), missed


def _read(folder: Path, name: str) -> pd.DataFrame:
    """A curated table as the article gives it: rows first reported after it (basis
    `reported`) and disagreements between its reports are no draft's to find."""
    path = folder / f"{name}.csv"
    if not path.exists():  # a table a visit may leave out (sources, claims)
        return pd.DataFrame()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    later = pd.Series(False, index=frame.index)
    if "basis" in frame:
        later |= frame["basis"] == "reported"
    if name == "findings" and "kind" in frame:
        later |= frame["kind"] == "disagreement"
    return frame[~later].reset_index(drop=True)


def article_of(curated_dir: Path) -> Path:
    """The article a curated visit folder cites (its visits.csv `seed`)."""
    visits = _read(curated_dir, "visits")
    return (curated_dir / visits["seed"].iloc[0]).resolve()


def compare(curated_dir: Path, written: dt.date | None = None) -> Comparison:
    """Draft the article a curated folder cites, and compare the draft with the folder."""
    article = article_of(curated_dir)
    text = read_article(article)
    draft = draft_tables(text, "draft-check", "article.txt", written)
    drafted = {name: pd.DataFrame(rows) for name, rows in draft.tables.items()}
    curated = {name: _read(curated_dir, name) for name in draft.tables}
    rows = [
        _compared(table, curated[table], drafted.get(table, pd.DataFrame()), same, stated, draft)
        for table, (same, stated) in _rules(curated, drafted, draft.sentences, text).items()
    ]
    found, contradiction = _contradiction(curated["findings"], drafted["findings"], draft.sentences)
    return Comparison(rows, found, contradiction, _validate(draft), article, curated_dir)


Same = Callable[[pd.Series, pd.Series], bool]


def _rules(
    curated: dict[str, pd.DataFrame],
    drafted: dict[str, pd.DataFrame],
    sentences: list[Sentence],
    text: str,
) -> dict[str, tuple[Same, pd.Series | None]]:
    """Per table: when a curated and a drafted row are the same, and which curated rows
    the article states (None: all of them)."""

    def same_sentence(c, d) -> bool:
        return bool(_sentence_of(sentences, c["quote"]) & _sentence_of(sentences, d["quote"]))

    places = curated["places"]
    places_stated = places["name"].map(
        lambda n: normalise(n).lower() in normalise(text).lower() or _words(n) <= _words(text)
    )
    unstated = set(places.loc[~places_stated, "id"])
    place_map = _place_map(places, drafted.get("places", pd.DataFrame()))
    city_of = dict(zip(places["id"], places["city_id"], strict=True))

    def same_event(c, d) -> bool:
        if (c["date_start"], c["date_end"]) != (d["date_start"], d["date_end"]):
            return False
        mapped = place_map.get(d["place_id"], "")
        return mapped == c["place_id"] or (mapped and mapped == city_of.get(c["place_id"]))

    def same_leg(c, d) -> bool:
        return (
            place_map.get(d["from_place"]) == c["from_place"]
            and place_map.get(d["to_place"]) == c["to_place"]
            and c["date"] == d["date"]
        )

    def same_place(c, d) -> bool:
        return same_name(c["name"], d["name"])

    return {
        "people": (same_place, None),
        "places": (same_place, places_stated),
        "figures": (
            lambda c, d: float(c["value"]) == float(d["value"]) and same_sentence(c, d),
            None,
        ),
        "events": (same_event, ~curated["events"]["place_id"].map(lambda p: p in unstated)),
        "legs": (same_leg, None),
        "findings": (lambda c, d: c["kind"] == d["kind"] and same_sentence(c, d), None),
    }


def _compared(
    table: str, c: pd.DataFrame, d: pd.DataFrame, same: Same, stated: pd.Series | None, draft: Draft
) -> Row:
    """One table's counts: curated and drafted rows, how many match, and which are missed."""
    mc, md, missed = _match(c, d, same, draft.sentences) if len(d) else (0, 0, list(c.index))
    stated = stated if stated is not None else pd.Series(True, index=c.index)
    missed_set = set(missed)
    matched_stated = sum(1 for i in c.index if stated[i] and i not in missed_set)
    labels = [str(c.at[i, "name"] if "name" in c else c.at[i, "id"]) for i in missed]
    return Row(table, len(c), len(d), mc, md, int(stated.sum()), matched_stated, labels)


def _contradiction(
    curated: pd.DataFrame, drafted: pd.DataFrame, sentences: list[Sentence]
) -> tuple[bool, str]:
    """Whether the draft finds a contradiction the curated folder has (in the same
    sentence), and what it says of the last such."""
    found, says = False, ""
    for _, c in curated[curated["kind"] == "contradiction"].iterrows():
        for _, d in drafted[drafted["kind"] == "contradiction"].iterrows():
            if _sentence_of(sentences, c["quote"]) & _sentence_of(sentences, d["quote"]):
                found, says = True, f"{d['says']} → {d['resolved']}"
    return found, says


def _place_map(curated: pd.DataFrame, drafted: pd.DataFrame) -> dict[str, str]:
    mapping = {}
    for _, d in drafted.iterrows():
        for _, c in curated.iterrows():
            if same_name(c["name"], d["name"]):
                mapping[d["id"]] = c["id"]
                break
    return mapping


def _validate(draft: Draft) -> list[str]:
    """Every problem `validate` finds in the draft as written (none expected)."""
    from .writing import table_csv

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data" / draft.visit_id
        folder.mkdir(parents=True)
        (Path(tmp) / "data" / "article.txt").write_text(
            "\n".join(s.text for s in draft.sentences), encoding="utf-8"
        )
        for name in TABLES:  # as the command writes them: every table, empty or not
            rows = draft.tables.get(name, [])
            (folder / f"{name}.csv").write_text(table_csv(name, rows), encoding="utf-8")
        visits = (folder / "visits.csv").read_text(encoding="utf-8")
        (folder / "visits.csv").write_text(
            visits.replace(",article.txt,", ",../article.txt,"), encoding="utf-8"
        )
        problems, _ = check_folder(Path(tmp) / "data")
        return [str(p) for p in problems]


def markdown(result: Comparison) -> str:
    lines = [
        "| table | curated | drafted | matched | recall | precision | recall of rows the article states | target (recall) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in result.rows:
        target = TARGETS.get(row.table)
        if target is None:
            verdict = ""
        else:
            verdict = f"≥ {target:.0%}: " + ("met" if row.recall >= target else "**not met**")
            if row.recall < target and row.recall_stated >= target:
                verdict += f" (met on the {row.stated} rows the article states)"
        lines.append(
            f"| {row.table} | {row.curated} | {row.drafted} | {row.matched_curated} | "
            f"{row.recall:.0%} | {row.precision:.0%} | {row.matched_stated}/{row.stated} "
            f"({row.recall_stated:.0%}) | {verdict} |"
        )
    lines.append("")
    lines.append(
        "- Weekday contradiction found: "
        + (f"yes ({result.contradiction})" if result.contradiction_found else "**no**")
    )
    lines.append(
        "- Drafted rows that fail validation: "
        + (str(len(result.validation_problems)) if result.validation_problems else "none")
    )
    for row in result.rows:
        if row.missed:
            lines.append(f"- {row.table} not recovered: " + "; ".join(row.missed))
    return "\n".join(lines) + "\n"


def document(result: Comparison, command: str) -> str:
    """The committed report: how it was made, the table, and how to read it."""
    return "\n".join(
        [
            "# Draft quality",
            "",
            "How much of a hand-curated visit folder the `draft` command recovers from the "
            "article alone. Written by the command below (do not edit by hand; a test checks "
            "that this file matches what it prints).",
            "",
            f"Command: `{command}`",
            "",
            markdown(result),
            "How to read it. *Recall*: the share of the curated rows the draft recovers; "
            "*precision*: the share of drafted rows that match a curated one. People and "
            "places match by name (word for word, any order), figures by value in the same "
            "sentence, events by their first and last day and their place (a curated venue "
            "also matches its city), legs by their ends and day, findings by kind in the "
            "same sentence; each drafted row matches at most one curated row. A curated "
            "row that rests on no words of the article (an inferred venue) cannot be drafted "
            "without inventing it: the column *rows the article states* leaves such rows "
            "out. Findings have no target: most curated findings are an editor's judgement "
            "(an ambiguity, a consistency check).",
            "",
        ]
    )
