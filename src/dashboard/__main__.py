"""Command line for the data folder.

`python -m dashboard validate [DATA_DIR]` prints every problem in the data folder and exits 1,
or a one-line summary and exits 0.

`python -m dashboard new-visit NAME [--data-dir DATA_DIR]` creates DATA_DIR/NAME/, a valid
folder for a new visit with every table's header and one commented example row; it refuses
(exit 1) to overwrite anything.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import DataError, data_dir_from_env, load_dataset
from .scaffold import ARTICLE, ScaffoldError, create_visit


def validate(data_dir: Path) -> int:
    try:
        dataset = load_dataset(data_dir)
    except DataError as err:
        print(f"{len(err.problems)} problem(s) in {data_dir}:")
        for problem in err.problems:
            print(f"  {problem}")
        return 1
    print(dataset.summary())
    return 0


def new_visit(name: str, data_dir: Path) -> int:
    try:
        folder = create_visit(data_dir, name)
    except ScaffoldError as err:
        print(f"Cannot create the visit: {err}", file=sys.stderr)
        return 1
    print(f"Created {folder} with every table's header and one commented example row.")
    print("Next:")
    print(f"  1. Put the article in seeds/ and point `seed` in {folder / 'visits.csv'} at it;")
    print(f"     replace the placeholder visit row, then delete {folder / ARTICLE}.")
    print("  2. Add rows: copy an example line, delete its leading '# ', replace every value.")
    print(f"  3. Run: python -m dashboard validate {folder}")
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
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir or data_dir_from_env())
    if args.command == "new-visit":
        return new_visit(args.name, args.data_dir or data_dir_from_env())
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
