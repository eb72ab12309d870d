"""The mini visit with reports: the sources and claims added to a copy of
tests/fixtures/mini_visit (`with_reports`), and that copy read back as of an instant or
checked. Shared by the tests of the reports' format and of what the sources say."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from dashboard.data.loading import check_folder, load_dataset
from dashboard.model.visit import select_visit

VISIT = "fixture-mini-2026"
UTC = ZoneInfo("UTC")

SOURCE_HEADER = "id,visit_id,kind,outlet,title,url,language,published_date,published_time,published_zone,accessed,note"
SOURCES = [
    "seed,{v},seed,Fixture Post,The fixture article,seed.txt,en,2026-03-01,,,2026-03-01,",
    "wire-a,{v},original,Wire A,Minister A to meet Mayor B,https://a.example/1,en,2026-03-02,09:00,UTC,2026-12-05,a preview",
    "wire-b,{v},original,Wire B,Minister A meets Mayor B,https://b.example/1,en,2026-03-02,14:00,UTC,2026-12-05,",
    "paper-c,{v},original,Paper C,Talks on river trade,https://c.example/1,en,2026-03-02,,,2026-12-05,no time on the page",
    "digest-d,{v},summary,Digest D,[Machine summary],https://d.example/1,en,2026-03-03,08:00,UTC,2026-12-05,",
    "office-e,{v},official,Office E,Readout,https://e.example/1,en,2026-03-03,18:00,UTC,2026-12-05,",
]
CLAIM_HEADER = "id,visit_id,source_id,table,row_id,field,value,qualifier,locator,note"
CLAIMS = [
    "c1,{v},wire-a,events,meeting,status,scheduled,,para 1,",
    "c2,{v},wire-a,events,meeting,time,10:00,scheduled,para 2,",
    "c3,{v},wire-b,events,meeting,status,done,,para 1,",
    "c4,{v},wire-b,events,meeting,date,2026-03-02,,para 1,",
    "c5,{v},wire-b,events,meeting,time,10:15,,para 2,",
    "c6,{v},paper-c,events,meeting,status,done,,headline,",
    "c7,{v},paper-c,events,meeting,date,2026-03-02,,para 1,",
    "c8,{v},paper-c,events,meeting,time,10:15,about,para 3,",
    "c9,{v},digest-d,events,meeting,date,2026-03-03,,,a wrong day",
    "c10,{v},digest-d,events,meeting,place,city-x,,,",
    "c11,{v},wire-b,figures,agreements,value,3,,para 4,",
    "c12,{v},paper-c,figures,agreements,value,4,,para 5,",
    "c13,{v},office-e,issue_cards,river-trade,outcome,agreed,,para 1,",
    "c14,{v},wire-b,events,press,status,done,,para 6,",
    "c15,{v},wire-b,events,press,date,2026-03-02,,para 6,",
    "c16,{v},digest-d,events,press,time,15:00,,,only a summary gives a time",
]
PRESS = (
    "press,{v},Press conference,press,done,2026-03-02,2026-03-02,day,"
    '"2 March 2026, as reported",,,city-x,minister-a,diplomacy,false,'
    "The minister takes questions after the talks.,,reported,First reported after the article."
)


def with_reports(folder: Path, sources=SOURCES, claims=CLAIMS, press=True) -> Path:
    (folder / "sources.csv").write_text(
        "\n".join([SOURCE_HEADER, *(s.format(v=VISIT) for s in sources)]) + "\n", "utf-8"
    )
    (folder / "claims.csv").write_text(
        "\n".join([CLAIM_HEADER, *(c.format(v=VISIT) for c in claims)]) + "\n", "utf-8"
    )
    if press:
        with (folder / "events.csv").open("a", encoding="utf-8") as f:
            f.write(PRESS.format(v=VISIT) + "\n")
    return folder


def visit_of(folder: Path, as_of: str | None = None):
    moment = datetime.fromisoformat(as_of).replace(tzinfo=UTC) if as_of else None
    return select_visit(load_dataset(folder), VISIT, moment)


def problems_of(folder: Path) -> list[str]:
    problems, _ = check_folder(folder)
    return [str(p) for p in problems]
