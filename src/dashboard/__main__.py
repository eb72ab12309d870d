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
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .authoring.newfiles import printable
from .authoring.scaffold import ARTICLE, ScaffoldError, create_visit
from .data.loading import DataError, data_dir_from_env, load_dataset


def say(text: object = "", file=None) -> None:
    """Print, with control characters from files, paths or data shown as escapes: a
    terminal never acts on an escape code that came from an article or a cell."""
    print(printable(str(text)), file=file)


def validate(data_dir: Path) -> int:
    try:
        dataset = load_dataset(data_dir, strict=True)
    except DataError as err:
        say(f"{len(err.problems)} problem(s) in {data_dir}:")
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
    args = parser.parse_args(argv)
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
