"""Streamlit Community Cloud readiness: what Cloud installs is enough to run the app.

Cloud clones the repository, installs `requirements.txt` from its root and runs
`streamlit run app.py` there. The end-to-end test does the same from scratch: a clean copy
of the project's files (what git would push), a fresh virtual environment,
`pip install -r requirements.txt`, the server on a free loopback port, and headless Chromium
looking at the overview. One virtual environment per test session; the install takes a
minute or two.

The fast tests check that what a deploy installs is pinned and agrees with pyproject.toml
(requirements.lock, hashed, for the container image; requirements.txt, the same pins, for
Cloud: `python -m deploy.lock` writes both), and that the package finds data/ and seeds/
from the working folder when it is installed as a copy (not editable), where the checkout
cannot be found from the package's own location. The end-to-end tier adds that Cloud's
install is exactly the lock, and that the lock's hashes are those of the files pip fetches.

The server is the shared harness's (`benchmarks.harness.StreamlitServer`, as in the
browser tier and the benchmark); `streamlit_server` wraps it for a test.
tests/test_multi_visit.py still imports `streamlit_server` and the browser helpers from here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from dashboard.data.loading import DATA_DIR_ENV
from tests.harness import LAUNCH_ARGS, ServerError, StreamlitServer, find_chromium

ROOT = Path(__file__).resolve().parents[1]
TITLE = "President Lee Jae Myung's state visit to China"
DAYS = "4"
# Build and cache folders that a clone would not have, for a copy made without git.
NOT_SHIPPED = {
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".benchmarks",
    "build",
    "dist",
    "node_modules",
    "test-output",
}
INSTALL_TIMEOUT = 1500  # seconds; a cold install of streamlit, pandas, plotly, pyarrow…


# ---------------------------------------------------------------------------------------
# Helpers: environment, port, server, browser


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without what would leak the checkout into a child."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in (DATA_DIR_ENV, "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env.update(extra)
    return env


@contextmanager
def streamlit_server(
    python: str | list[str], cwd: Path, env: dict[str, str], log: Path, timeout: float = 120
) -> Iterator[str]:
    """`<python> -m streamlit run app.py` in `cwd` on a free loopback port (the shared
    harness); yields its URL, then stops the server by its PID. A server that exits or is
    not healthy in time fails the test with the end of its log.

    `[python, "-m", "streamlit"]` is accepted for `python` too: tests/test_multi_visit.py
    still passes it that way.
    """
    if not isinstance(python, str):
        python, *module = python
        assert module == ["-m", "streamlit"], f"not a python -m streamlit command: {module}"
    server = StreamlitServer(
        "app.py", cwd=cwd, env=env, log_path=log, python=python, timeout=timeout
    )
    try:
        server.start()
    except ServerError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield server.url
    finally:
        server.stop()


def require_browser() -> str:
    """The browser to launch; without one, fail in CI (DASHBOARD_REQUIRE_BROWSER) or skip."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        executable = None
        reason = "playwright is not installed (pip install -e '.[test]')"
    else:
        executable = find_chromium()
        reason = (
            "no Chromium: neither the system's (apt-get install chromium) nor a "
            "Playwright-managed browser was found"
        )
    if executable is None:
        if os.environ.get("DASHBOARD_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return executable


@contextmanager
def browser_page(executable: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """After `goto`: connected, the script finished, the running icon gone."""
    page.locator(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
        '[data-test-script-state="notRunning"]'
    ).wait_for(timeout=timeout_ms)
    page.locator('[data-testid="stStatusWidgetRunningIcon"]').wait_for(
        state="detached", timeout=timeout_ms
    )


# ---------------------------------------------------------------------------------------
# What Cloud would get: the project's files, as git would push them


def shipped_files(root: Path = ROOT) -> list[str]:
    """Tracked files plus new ones git would not ignore, as paths relative to `root`.

    Untracked files count so that the test checks the working tree about to be committed
    (requirements.txt included). Without git, every file outside build and cache folders.
    """
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        names = [n for n in listing.split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file()
            and not NOT_SHIPPED & set(p.relative_to(root).parts)
            and not any(part.endswith(".egg-info") for part in p.parts)
        ]
    return sorted(n for n in names if (root / n).is_file())  # a deleted file is not pushed


def copy_project(target: Path, root: Path = ROOT) -> Path:
    for name in shipped_files(root):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, destination)
    return target


def requirement_lines(path: Path) -> list[str]:
    return requirement_lines_of(path.read_text(encoding="utf-8"))


def requirement_lines_of(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------
# Fast checks (no network, no browser)


def pinned(lines: list[str]) -> dict[str, Requirement]:
    """Requirement lines by normalised name; each must pin one version (`name==version`)."""
    found = {}
    for line in lines:
        requirement = Requirement(line.split(" --hash=", 1)[0])
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"not pinned: {line}"
        found[canonicalize_name(requirement.name)] = requirement
    return found


def lock_lines() -> list[str]:
    """The lock's requirements, each with its hashes on one line."""
    return requirement_lines_of(
        re.sub(r"\\\n\s*", " ", (ROOT / "requirements.lock").read_text(encoding="utf-8"))
    )


def test_requirements_install_the_package_and_the_lock_pins():
    lines = requirement_lines(ROOT / "requirements.txt")
    assert "-e ." in lines, "requirements.txt must install the package itself"
    cloud = pinned([line for line in lines if line != "-e ."])
    lock = pinned(lock_lines())
    assert {name: str(r) for name, r in cloud.items()} == {
        name: str(r) for name, r in lock.items()
    }, "requirements.txt and requirements.lock pin different versions: run `python -m deploy.lock`"
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "/work" not in text and "/root" not in text  # no absolute paths of this machine


def test_every_pin_of_the_lock_has_its_files_hashes():
    for line in lock_lines():
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", line), f"no hash: {line}"


def test_the_lock_pins_every_runtime_dependency_within_pyproject_ranges():
    """Ranges in pyproject.toml for people who install the package; pins for a deploy, each
    inside its range, for every runtime dependency (and what they need in turn)."""
    lock = pinned(lock_lines())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for declared in map(Requirement, pyproject["project"]["dependencies"]):
        pin = lock.get(canonicalize_name(declared.name))
        assert pin is not None, f"{declared.name} is not pinned in requirements.lock"
        (version,) = (spec.version for spec in pin.specifier)
        assert declared.specifier.contains(version, prereleases=True), (
            f"{declared.name}=={version} is outside pyproject.toml's range {declared.specifier}"
        )
    assert str(lock["streamlit"].specifier).startswith("==1.67."), "the tests ran on 1.67"


def test_cloud_reads_requirements_txt_before_pyproject():
    # Cloud takes the first of uv.lock, Pipfile, environment.yml, requirements.txt,
    # pyproject.toml: none of the first three may shadow requirements.txt.
    for name in ("uv.lock", "Pipfile", "environment.yml"):
        assert not (ROOT / name).exists(), f"{name} would be used instead of requirements.txt"
    assert (ROOT / ".streamlit" / "config.toml").is_file()
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()


def test_the_server_runs_no_full_garbage_collection_after_each_run():
    """Streamlit's default collects all garbage after every script run, holding the
    interpreter (about 14 ms a rerun here), which halved the reruns one server carries
    (docs/capacity.md); the app freezes what lives for good instead."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert config["runner"]["magicEnabled"] is False


def test_the_deployed_app_never_shows_error_details():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config


def test_the_project_ships_what_the_app_needs():
    shipped = set(shipped_files())
    for name in (
        "requirements.txt",
        "pyproject.toml",
        "app.py",
        ".streamlit/config.toml",
        "assets/favicon.png",
        "src/dashboard/assets/basemap_world_50m.json",
        "src/dashboard/assets/basemap_world_110m.json",
    ):
        assert name in shipped
    assert any(n.startswith("data/lee-china-2026/") for n in shipped)
    assert any(n.startswith("seeds/") and n.endswith(".txt") for n in shipped)
    assert not any(n.startswith(".git/") for n in shipped)


def test_an_installed_copy_of_the_package_finds_data_in_the_working_folder(tmp_path):
    """Not editable: the package sits in site-packages, far from the checkout."""
    site = tmp_path / "venv" / "lib" / "site-packages"
    shutil.copytree(ROOT / "src" / "dashboard", site / "dashboard")
    app = tmp_path / "app"
    shutil.copytree(ROOT / "data", app / "data")
    shutil.copytree(ROOT / "seeds", app / "seeds")
    env = clean_env(PYTHONPATH=str(site))

    def python(*args: str, cwd: Path = app) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
        )

    ok = python("-m", "dashboard", "validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK: ") and f" loaded from {app / 'data'}: " in ok.stdout

    # One more process (each pays for importing pandas and pandera): where the package was
    # imported from and where it looks, started in app/; then the command's `main` from a
    # folder with no data/ beside it.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = python(
        "-c",
        "import os, sys\n"
        "import dashboard.data.loading as L\n"
        "from dashboard.__main__ import main\n"
        "print(L.__file__, L.project_root(), L.data_dir_from_env(), sep='\\n')\n"
        "os.chdir(sys.argv[1])\n"
        "sys.exit(main(['validate']))\n",
        str(elsewhere),
    )
    module, root, data, *missing = where.stdout.splitlines()
    assert Path(module).is_relative_to(site), where.stderr  # the copy, not the checkout
    assert (Path(root), Path(data)) == (app, app / "data")

    assert where.returncode == 1
    assert f"{elsewhere / 'data'}: is not a folder: set DASHBOARD_DATA_DIR" in "\n".join(missing)
    assert "Traceback" not in where.stdout + where.stderr


# ---------------------------------------------------------------------------------------
# End to end: a fresh virtual environment, as Cloud builds it


@dataclass(frozen=True)
class Deployment:
    root: Path  # the clean copy, as Cloud clones it
    bin: Path  # the virtual environment's bin/


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Deployment:
    root = copy_project(tmp_path_factory.mktemp("deploy") / "repo")
    venv = root.parent / "venv"  # beside the copy, not inside it
    python = os.environ.get("DASHBOARD_DEPLOY_PYTHON", sys.executable)
    subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=300, env=clean_env())
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-r", "requirements.txt"],
        cwd=root,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    if install.returncode != 0:
        pytest.fail(
            "pip install -r requirements.txt failed:\n" + (install.stdout + install.stderr)[-6000:]
        )
    return Deployment(root=root, bin=venv / "bin")


def run_in(deployment: Deployment, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(deployment.bin / "python"), *args],
        cwd=deployment.root,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.e2e
def test_the_fresh_environment_imports_the_package_from_the_copy(deployment):
    found = run_in(deployment, "-c", "import dashboard, streamlit; print(dashboard.__file__)")
    assert found.returncode == 0, found.stderr
    module = Path(found.stdout.strip()).resolve()
    assert not module.is_relative_to(ROOT), "the venv must not see this checkout"
    assert module.is_relative_to(deployment.root.resolve()) or module.is_relative_to(
        deployment.bin.parent.resolve()
    )


@pytest.mark.e2e
def test_the_fresh_environment_validates_the_shipped_data(deployment):
    result = run_in(deployment, "-m", "dashboard", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    data = re.escape(str(deployment.root / "data"))  # the shipped visit, and any beside it
    assert re.match(rf"OK: \d+ visits? loaded from {data}: ", result.stdout), result.stdout


@pytest.mark.e2e
def test_a_non_editable_install_finds_data_and_seeds_from_the_working_folder(deployment, tmp_path):
    site = tmp_path / "lib" / "site-packages"
    install = subprocess.run(
        [str(deployment.bin / "pip"), "install", "--no-deps", "--target", str(site), "."],
        cwd=deployment.root,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    assert install.returncode == 0, (install.stdout + install.stderr)[-4000:]
    assert (site / "dashboard" / "assets" / "basemap_world_50m.json").is_file()  # package data
    found = run_in(
        deployment, "-c", "import dashboard; print(dashboard.__file__)", PYTHONPATH=str(site)
    )
    assert Path(found.stdout.strip()).is_relative_to(site), found.stdout + found.stderr
    result = run_in(deployment, "-m", "dashboard", "validate", PYTHONPATH=str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    data = re.escape(str(deployment.root / "data"))  # the shipped visit, and any beside it
    assert re.match(rf"OK: \d+ visits? loaded from {data}: ", result.stdout), result.stdout


@pytest.mark.e2e
def test_streamlit_run_from_the_fresh_environment_shows_the_overview(deployment, tmp_path):
    executable = require_browser()
    assert (deployment.bin / "streamlit").is_file()  # the command Cloud runs is installed
    with streamlit_server(
        str(deployment.bin / "python"),
        cwd=deployment.root,
        env=clean_env(),
        log=tmp_path / "streamlit.log",
    ) as url:
        from playwright.sync_api import expect

        with browser_page(executable) as page:
            # The shipped visit by id: another visit folder in data/ may sort first.
            page.goto(f"{url}?visit=lee-china-2026", wait_until="domcontentloaded")
            wait_for_app(page)
            expect(page.locator("h1").filter(has_text=TITLE)).to_be_visible(timeout=30_000)
            days = page.locator('[data-testid="stMetric"]').filter(has_text="Days")
            expect(days).to_have_count(1)
            expect(days.locator('[data-testid="stMetricValue"]')).to_have_text(DAYS)
            expect(page.get_by_text("Data licence:", exact=False)).to_be_visible()
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            assert "The data needs fixing" not in page.content()


@pytest.mark.e2e
def test_cloud_installs_exactly_the_locked_versions(deployment):
    listed = run_in(deployment, "-m", "pip", "list", "--format=freeze", "--exclude-editable")
    assert listed.returncode == 0, listed.stderr
    installed = {
        canonicalize_name(name): version
        for name, _, version in (line.partition("==") for line in listed.stdout.splitlines())
        if canonicalize_name(name) not in {"pip", "setuptools", "wheel"}
    }
    locked = {
        name: next(iter(r.specifier)).version
        for name, r in pinned(lock_lines()).items()
        if r.marker is None or r.marker.evaluate()
    }
    assert installed == locked


@pytest.mark.e2e
def test_the_lock_hashes_are_those_of_the_files_pip_fetches(tmp_path):
    """What the container image does (`pip install --require-hashes -r requirements.lock`),
    up to the install: every file pip picks for this platform is fetched and checked."""
    fetched = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--require-hashes", "--no-deps", "-q",
         "-r", str(ROOT / "requirements.lock"), "-d", str(tmp_path)],
        env=clean_env(), capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
    )  # fmt: skip
    assert fetched.returncode == 0, (fetched.stdout + fetched.stderr)[-4000:]
    locked = [r for r in pinned(lock_lines()).values() if r.marker is None or r.marker.evaluate()]
    assert len(list(tmp_path.iterdir())) == len(locked)
