"""Command line: `python -m dashboard validate [DATA_DIR]`.

Prints every problem in the data folder and exits 1, or a one-line summary and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import DataError, data_dir_from_env, load_dataset


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
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir or data_dir_from_env())
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
