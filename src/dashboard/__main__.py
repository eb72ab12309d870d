"""Command line for the data folder.

`python -m dashboard validate [DATA_DIR]` prints every problem in the data folder and exits 1,
or a one-line summary and exits 0.

`python -m dashboard new-visit NAME [--data-dir DATA_DIR]` creates DATA_DIR/NAME/, a valid
folder for a new visit with every table's header and one commented example row; it refuses
(exit 1) to overwrite anything.

`python -m dashboard draft ARTICLE --id VISIT_ID [--written YYYY-MM-DD]` copies the article
into seeds/ and writes DATA_DIR/VISIT_ID/ with every table drafted from the text, each row
marked as a draft, and a draft report; it refuses (exit 1) to overwrite anything.

`python -m dashboard draft-quality CURATED_DIR` drafts the article a hand-curated visit
folder cites, in memory, and compares the draft with the folder: recall and precision per
table.

`python -m dashboard draft-report REPORT --visit VISIT_ID --outlet NAME --published
YYYY-MM-DD[THH:MM] --url URL` adds a news report's source to the visit's sources.csv and
the claims it makes to claims.csv (new events to events.csv), each marked as a draft, and
writes a short report of what it found; it refuses (exit 1) a source already listed.

`python -m dashboard draft-report-quality` drafts the fictional fixture reports in memory
and compares the claims with those an editor expects: recall and precision per report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .authoring.newfiles import printable
from .authoring.scaffold import ARTICLE, ScaffoldError, create_visit
from .data.loading import DataError, data_dir_from_env, load_dataset
from .data.problems import count_text


def say(text: object = "", file=None) -> None:
    """Print, with control characters from files, paths or data shown as escapes: a
    terminal never acts on an escape code that came from an article or a cell."""
    print(printable(str(text)), file=file)


def validate(data_dir: Path) -> int:
    try:
        dataset = load_dataset(data_dir, strict=True)
    except DataError as err:
        say(f"{count_text(len(err.problems), 'problem')} in {data_dir}:")
        for problem in err.problems:
            say(f"  {problem}")
        return 1
    say(dataset.summary())
    from .data.review import review_lines

    for line in review_lines(dataset):
        say(line)
    for warning in dataset.warnings:
        say(f"Warning: {warning}")
    return 0


def new_visit(name: str, data_dir: Path) -> int:
    try:
        folder = create_visit(data_dir, name)
    except ScaffoldError as err:
        say(f"Cannot create the visit: {err}", file=sys.stderr)
        return 1
    say(f"Created {folder} with every table's header and one commented example row.")
    say("Next:")
    say(f"  1. Put the article in seeds/ and point `seed` in {folder / 'visits.csv'} at it;")
    say(f"     replace the placeholder visit row, then delete {folder / ARTICLE}.")
    say("  2. Add rows: copy an example line, delete its leading '# ', replace every value.")
    say(f"  3. Run: python -m dashboard validate {folder}")
    return 0


def draft(
    article: Path, visit_id: str, data_dir: Path, seeds_dir: Path, written: str | None
) -> int:
    import datetime as dt

    try:
        from .authoring.draft import ArticleError, DraftError, write_draft
    except ImportError as err:
        say(
            f"The draft command needs packages that are not installed ({err.name}). "
            'Install them with: python -m pip install -e ".[draft]"',
            file=sys.stderr,
        )
        return 1
    day = None
    if written:
        try:
            day = dt.date.fromisoformat(written)
        except ValueError:
            say(f"--written {written!r} is not a date in YYYY-MM-DD form.", file=sys.stderr)
            return 1
    try:
        result, folder = write_draft(article, visit_id, data_dir, seeds_dir, day)
    except (ArticleError, DraftError) as err:
        say(f"Cannot draft the visit: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # one sentence, never a traceback (write_draft wrote nothing)
        say(
            f"Cannot draft the visit: the article could not be drafted "
            f"({type(err).__name__}: {err}). Nothing was written; please report this.",
            file=sys.stderr,
        )
        return 1
    from .authoring.draft import REPORT

    say((folder / REPORT).read_text(encoding="utf-8"))
    found = sum(len(rows) for name, rows in result.tables.items() if name != "visits")
    if found < 3:
        say(
            "Almost nothing was recognised: no date, place or name the draft knows. The "
            "folder holds the visit row and the tables' headers; fill them in by hand."
        )
    say(f"Wrote {folder} (every row marked draft=true) and the article to {seeds_dir}.")
    say("Next:")
    say(f"  1. Review it in the app: DASHBOARD_DATA_DIR={data_dir} streamlit run app.py")
    say(f"  2. Fix rows, empty their draft cells, run: python -m dashboard validate {data_dir}")
    say("  3. Commit the folder and the article when validate reports no draft rows.")
    return 0


def draft_quality(curated: Path) -> int:
    try:
        from .authoring.draft.quality import compare, document

        result = compare(curated)
    except ImportError as err:
        say(f'The draft command needs {err.name}: pip install -e ".[draft]"', file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as err:  # a readable sentence, never a traceback
        say(f"Cannot compare with {curated}: {err}", file=sys.stderr)
        return 1
    say(document(result, f"python -m dashboard draft-quality {curated.as_posix()}"))
    return 0


def draft_report(args: argparse.Namespace) -> int:
    try:
        from .authoring.draft import ArticleError
        from .authoring.report import ReportError, Request, WriteError, add_report
    except ImportError as err:
        say(
            f"The draft-report command needs packages that are not installed ({err.name}). "
            'Install them with: python -m pip install -e ".[draft]"',
            file=sys.stderr,
        )
        return 1
    request = Request(
        args.report,
        args.visit,
        args.outlet,
        args.published,
        args.url,
        args.data_dir or data_dir_from_env(),
        args.kind,
        args.title or "",
        args.language,
        args.zone or "",
    )
    try:
        outcome = add_report(request)
    except (ArticleError, ReportError, WriteError) as err:
        say(f"Cannot add the report: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # one sentence, never a traceback (nothing was written)
        say(
            f"Cannot add the report: it could not be drafted ({type(err).__name__}: {err}). "
            "Nothing was written; please report this.",
            file=sys.stderr,
        )
        return 1
    say(outcome.text)
    say(
        f"Wrote {outcome.report} and added the rows to {outcome.folder} (claims marked draft=true)."
    )
    say(
        f"Next: review each claim against the report, then run: python -m dashboard validate {outcome.folder}"
    )
    return 0


def draft_report_quality(fixtures: Path | None) -> int:
    try:
        from .authoring.report.quality import FIXTURES, document, measure

        scores = measure(fixtures)
    except ImportError as err:
        say(
            f'The draft-report command needs {err.name}: pip install -e ".[draft]"', file=sys.stderr
        )
        return 1
    except (OSError, ValueError, KeyError) as err:  # a readable sentence, never a traceback
        say(f"Cannot measure the report drafts: {err}", file=sys.stderr)
        return 1
    command = "python -m dashboard draft-report-quality"
    if fixtures is not None and fixtures != FIXTURES:
        command += f" {fixtures.as_posix()}"
    say(document(scores, command))
    return 0


def _report_parsers(commands) -> None:
    """The draft-report and draft-report-quality subcommands."""
    reporting = commands.add_parser(
        "draft-report",
        help="add a news report's source and draft claims to a visit",
        description="Read REPORT (a UTF-8 text file, not copied), add its source to the "
        "visit's sources.csv and the claims it makes to claims.csv (new events to "
        "events.csv), each marked draft=true, and write DRAFT-REPORT-<source id>.md.",
    )
    reporting.add_argument("report", type=Path, help="the report, a UTF-8 text file")
    reporting.add_argument("--visit", required=True, help="the visit's id")
    reporting.add_argument("--outlet", required=True, help="who published it")
    reporting.add_argument(
        "--published", required=True, help="when, as its byline gives it: YYYY-MM-DD[THH:MM]"
    )
    reporting.add_argument("--url", required=True, help="the page's address")
    reporting.add_argument(
        "--kind", default="original", help="original (default), official or summary"
    )
    reporting.add_argument("--title", default=None, help="the page's headline")
    reporting.add_argument("--language", default="en", help="a language code (default: en)")
    reporting.add_argument(
        "--zone", default=None, help="the byline's IANA time zone, if it gives one"
    )
    reporting.add_argument("--data-dir", type=Path, default=None, help="default: data/")
    measuring = commands.add_parser(
        "draft-report-quality",
        help="compare draft-report's claims on the fixture reports with an editor's",
    )
    measuring.add_argument(
        "fixtures",
        nargs="?",
        type=Path,
        default=None,
        help="the fixture reports (default: tests/fixtures/reports of the checkout)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder and report every problem")
    check.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=None,
        help="the data folder (default: $DASHBOARD_DATA_DIR or data/)",
    )
    scaffold = commands.add_parser(
        "new-visit",
        help="create an empty, valid folder for a new visit",
        description="Create DATA_DIR/NAME/ with every table's header and one commented "
        "example row, and a placeholder visit row so the folder validates as it stands.",
    )
    scaffold.add_argument("name", help="the visit id: lower-case letters, digits and hyphens")
    scaffold.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the data folder that holds one folder per visit (default: $DASHBOARD_DATA_DIR "
        "or data/)",
    )
    drafting = commands.add_parser(
        "draft",
        help="draft a visit folder from an article, for an editor to check",
        description="Copy ARTICLE into seeds/ and write DATA_DIR/VISIT_ID/ with every table "
        "drafted from the text; every row is marked draft=true and cites the article.",
    )
    drafting.add_argument("article", type=Path, help="the article, a UTF-8 text file")
    drafting.add_argument("--id", required=True, dest="visit_id", help="the new visit's id")
    drafting.add_argument(
        "--written",
        default=None,
        help="the day the article was written, YYYY-MM-DD (default: the first full date in it)",
    )
    drafting.add_argument("--data-dir", type=Path, default=None, help="default: data/")
    drafting.add_argument(
        "--seeds-dir", type=Path, default=None, help="default: seeds/ beside the data folder"
    )
    quality = commands.add_parser(
        "draft-quality",
        help="compare the draft of an article with its hand-curated folder",
    )
    quality.add_argument("curated", type=Path, help="a curated visit folder, such as data/<id>")
    _report_parsers(commands)
    args = parser.parse_args(argv)
    if args.command == "draft-report":
        return draft_report(args)
    if args.command == "draft-report-quality":
        return draft_report_quality(args.fixtures)
    if args.command == "draft":
        data_dir = args.data_dir or data_dir_from_env()
        seeds_dir = args.seeds_dir or data_dir.resolve().parent / "seeds"
        return draft(args.article, args.visit_id, data_dir, seeds_dir, args.written)
    if args.command == "draft-quality":
        return draft_quality(args.curated)
    if args.command == "validate":
        return validate(args.data_dir or data_dir_from_env())
    if args.command == "new-visit":
        return new_visit(args.name, args.data_dir or data_dir_from_env())
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
