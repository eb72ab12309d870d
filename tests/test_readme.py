"""The README's commands are the ones that run.

CI (`.ci/run`) runs the README's test command, exactly as written under "## Test it", with
the browser required, then the linter. The README's run command and its deploy notes start
the app as Cloud does: `streamlit run app.py`.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"
RUN_APP = "streamlit run app.py"


def section(title: str) -> str:
    """The README's text under `## <title>`, up to the next heading of that level."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def bash_block(title: str) -> list[str]:
    """The command lines of the first fenced bash block in a section."""
    match = re.search(r"^```bash\n(.*?)^```", section(title), re.M | re.S)
    assert match, f"'## {title}' in README.md has no ```bash block"
    return [
        line.strip()
        for line in match.group(1).splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def ci_commands() -> list[str]:
    """The lines .ci/run executes: neither blank nor comments."""
    return [
        line.strip()
        for line in CI.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_ci_runs_the_readme_test_command_exactly():
    (command,) = bash_block("Test it")
    assert "pytest" in command
    assert ci_commands().count(command) == 1, f"{CI} must run the README's test command as written"


def test_ci_requires_the_browser_then_lints():
    lines = ci_commands()
    (command,) = bash_block("Test it")
    assert "set -euo pipefail" in lines  # any failure fails the run
    install = next(i for i, line in enumerate(lines) if "apt-get install" in line)
    require = lines.index("export DASHBOARD_REQUIRE_BROWSER=1")
    tests = lines.index(command)
    lint = lines.index("python -m ruff check .")
    layers = lines.index("lint-imports")
    assert install < require < tests < lint < layers
    assert "chromium" in shlex.split(lines[install])


def test_ci_installs_and_requires_haproxy_for_the_replica_tier():
    lines = ci_commands()
    (command,) = bash_block("Test it")
    install = next(
        i for i, line in enumerate(lines) if "apt-get install" in line and "haproxy" in line
    )
    require = lines.index("export DASHBOARD_REQUIRE_HAPROXY=1")
    assert install < require < lines.index(command)
    assert "haproxy" in shlex.split(lines[install])


def test_ci_script_is_executable_bash():
    assert CI.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert os.access(CI, os.X_OK)
    subprocess.run(["bash", "-n", str(CI)], check=True, timeout=30)  # it parses


def test_the_readme_runs_and_deploys_the_app_with_streamlit_run_app_py():
    assert any(RUN_APP in line for line in bash_block("Run it"))
    deploy = " ".join(section("Deploy (Streamlit Community Cloud)").split())
    assert f"runs `{RUN_APP}`" in deploy  # what Cloud does
