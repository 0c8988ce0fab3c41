"""The browser tests' fixtures: one `scriptdesk demo` for the whole run (`server`), the
people it seeded (`people`), and a fresh Chromium for each test (`browser`). A failing test
names every screenshot it took, the browser's console and the server's log."""

from pathlib import Path

import pytest

from browser import Browser, BrowserCannotStart
from server import People, ScriptDeskServer

ROOT = Path(__file__).resolve().parents[2]
BROWSER = pytest.StashKey[Browser]()
SERVER_LOG = pytest.StashKey[Path]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("scriptdesk")
    group.addoption("--scriptdesk", default=str(ROOT / ".build/debug/scriptdesk"), help="the scriptdesk program to serve the pages")
    group.addoption("--chromium", default="/usr/bin/chromium", help="the Chromium to drive")
    group.addoption("--chromedriver", default="/usr/bin/chromedriver", help="the chromedriver matching it")


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """`scriptdesk demo --board small` on a free port over a fresh storage folder."""
    running = ScriptDeskServer(Path(request.config.getoption("--scriptdesk")), tmp_path_factory.mktemp("server"))
    request.config.stash[SERVER_LOG] = running.log_path
    try:
        running.start()
    except RuntimeError as error:
        running.stop()
        pytest.exit(f"The ScriptDesk server did not start (log: {running.log_path}): {error}", returncode=2)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def people(server: ScriptDeskServer) -> People:
    """The demo's exams officers, teacher, operations user and read-only operations user, with their passwords."""
    return server.people()


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Chromium and chromedriver to use, once seen to start here; when they cannot, the
    run stops at once and says why."""
    paths = {"chromium": request.config.getoption("--chromium"), "chromedriver": request.config.getoption("--chromedriver")}
    try:
        Browser.start("", tmp_path_factory.mktemp("chromium"), **paths).driver.quit()
    except BrowserCannotStart as error:
        pytest.exit(str(error), returncode=3)
    return paths


@pytest.fixture
def browser(request: pytest.FixtureRequest, chromium: dict[str, str], server: ScriptDeskServer, tmp_path: Path):
    """A headless Chromium of the test's own, its screenshots in the test's folder."""
    started = Browser.start(server.base_url, tmp_path, **chromium)
    request.node.stash[BROWSER] = started
    yield started
    started.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        lines = []
        browser = item.stash.get(BROWSER, None)
        for visit in browser.visits if browser else []:
            lines += [visit.url, f"  screenshot: {visit.screenshot}"]
            lines += [f"  console: {line}" for line in visit.console]
        if browser:
            lines.append(f"chromedriver's log: {browser.folder / 'chromedriver.log'}")
        log = item.config.stash.get(SERVER_LOG, None)
        if log:
            lines.append(f"the server's log: {log}")
        if hasattr(report.longrepr, "addsection"):
            report.longrepr.addsection("pages visited, screenshots and logs", "\n".join(lines))
        else:
            report.sections.append(("pages visited, screenshots and logs", "\n".join(lines)))
    return report
