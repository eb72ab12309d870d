"""Pin what a deploy installs to the versions installed here, where the tests passed:
`python -m deploy.lock` (needs uv: `pip install uv`; asks PyPI for the files' hashes).

pyproject.toml keeps ranges for people who install the package. A deploy installs pins:
- `requirements.lock`: every distribution the runtime dependencies need, at the version
  installed in this environment, with the sha256 of each of its files on PyPI, for any
  platform and Python 3.11 or newer (`uv pip compile --universal --generate-hashes`, the
  installed versions as constraints). The container image installs it with
  `pip install --require-hashes`.
- `requirements.txt`, the file Streamlit Community Cloud installs: `-e .` (the package from
  src/) and the same pins without their hashes, since pip refuses hashes beside `-e .`.

tests/test_deploy.py checks that the two files pin the same versions, that every pin of a
runtime dependency satisfies pyproject.toml's range, and that every one is pinned.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
REQUIREMENTS = ROOT / "requirements.txt"
COMMAND = "python -m deploy.lock"

HEADER = """\
# Streamlit Community Cloud installs this file from the repository root (with uv, or
# `pip install -r requirements.txt`), then runs `streamlit run app.py` there.
#
# `-e .` installs the `dashboard` package from src/ together with the dependencies that
# pyproject.toml declares. Editable, so the app always runs the src/ of the checked-out
# commit, whether or not the environment is rebuilt after a push. (A plain `.` works too:
# the app then finds data/ and seeds/ in the working folder.)
-e .

# Every other line pins a distribution to its version in requirements.lock: the versions
# the tests passed on, so that a new release of Streamlit or of anything it needs reaches a
# deploy only through a tested change of these files. Both files are written by
# `{command}`; the lock adds each file's hash, which pip refuses beside `-e .` (the
# container image installs the lock itself). tests/test_deploy.py checks that they agree
# with each other and with pyproject.toml.
"""


def pins(lock_text: str) -> list[str]:
    """The lock's requirement lines without their hashes: `name==version[ ; marker]`."""
    joined = re.sub(r"\\\n\s*", " ", lock_text)
    lines = (line.split(" --hash=", 1)[0].strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def installed_versions() -> str:
    """`pip freeze` of this environment, less the editable install of the project itself."""
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    return "".join(line + "\n" for line in frozen.splitlines() if "==" in line)


def compile_lock(uv: str) -> str:
    with tempfile.TemporaryDirectory() as work:
        constraints = Path(work) / "installed.txt"
        constraints.write_text(installed_versions(), encoding="utf-8")
        out = Path(work) / "requirements.lock"
        subprocess.run(
            [uv, "pip", "compile", "pyproject.toml", "--universal", "--python-version", "3.11",
             "--generate-hashes", "--no-annotate", "--constraint", str(constraints),
             "--custom-compile-command", COMMAND, "--output-file", str(out), "--quiet"],
            cwd=ROOT, check=True, timeout=600,
        )  # fmt: skip
        return out.read_text(encoding="utf-8")


def main() -> int:
    uv = shutil.which("uv")
    if uv is None:
        print("deploy.lock needs uv: pip install uv", file=sys.stderr)
        return 1
    lock = compile_lock(uv)
    LOCK.write_text(lock, encoding="utf-8")
    requirements = HEADER.format(command=COMMAND) + "".join(pin + "\n" for pin in pins(lock))
    REQUIREMENTS.write_text(requirements, encoding="utf-8")
    print(f"{LOCK.name}: {len(pins(lock))} pins; {REQUIREMENTS.name} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
