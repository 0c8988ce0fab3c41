"""One headless Chromium for one test, driven through selenium and chromedriver. Every page
it lands on is photographed into the test's own folder, checked by axe-core (any violation
fails the test), and its console read: a Content-Security-Policy refusal or a script error
fails the test too. Tests go places only through `open`, `click`, `press_and_leave` and
`sign_in`, so that no page escapes the checks."""

import base64
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import axe_core_python
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from server import Person

WAIT_SECONDS = 20
# axe-core 4.4.3, from axe-core-python: see requirements.txt for why not the one
# axe-selenium-python bundles.
AXE_SCRIPT = str(Path(axe_core_python.__file__).parent / "axe.min.js")
WINDOW = (1280, 1000)


class PageProblem(AssertionError):
    """A page failed a check every page must pass."""


class BrowserCannotStart(RuntimeError):
    """Chromium or chromedriver is missing, mismatched or cannot run here."""


@dataclass
class Visit:
    """A page the test landed on, its screenshot and what its console said."""

    url: str
    screenshot: Path
    console: list[str] = field(default_factory=list)


class Browser:
    """Chromium on `base_url`, writing its screenshots into `folder`."""

    def __init__(self, driver: webdriver.Chrome, base_url: str, folder: Path):
        self.driver = driver
        self.base_url = base_url
        self.folder = folder
        self.visits: list[Visit] = []
        self.width: int | None = None

    @staticmethod
    def start(base_url: str, folder: Path, chromium: str, chromedriver: str) -> "Browser":
        """A new headless Chromium with a profile of its own; raises `BrowserCannotStart`."""
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=en-GB"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        downloads = folder / "downloads"
        downloads.mkdir(exist_ok=True)
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
        service = Service(chromedriver, log_output=str(folder / "chromedriver.log"))
        try:
            driver = webdriver.Chrome(options=options, service=service)
        except (WebDriverException, OSError) as error:
            raise BrowserCannotStart(
                f"Chromium could not be started headless through chromedriver ({chromium}, {chromedriver}): "
                f"{str(error).strip()}\nchromedriver's log: {folder / 'chromedriver.log'}"
            ) from error
        driver.set_script_timeout(60)
        return Browser(driver, base_url, folder)

    def close(self) -> None:
        """Reads the console one last time (a late refusal fails the test), then quits."""
        try:
            problems = self._console_problems(self._read_console(self.visits[-1] if self.visits else None))
            if problems:
                raise PageProblem(f"After the test, on {self.path}:\n" + "\n".join(problems))
        finally:
            self.driver.quit()

    # Going places. Each lands on a page and checks it.

    def open(self, path: str) -> None:
        """Goes to `path` (following redirects) as if typed into the address bar."""
        self.driver.get(self.base_url + path)
        self._wait_loaded()
        self._arrived()

    def click(self, name: str) -> None:
        """Clicks the link or button called `name`, which leads to another page. A page still
        settling (its script moving focus) can replace the node while it is being found or
        clicked: then it is found again, up to three times."""
        for attempt in range(3):
            page = self.driver.find_element(By.TAG_NAME, "html")
            try:
                # Finding it can meet the replaced node too (asking whether it is shown).
                self.control(name).click()
                break
            except (StaleElementReferenceException, WebDriverException) as error:
                if attempt == 2 or "does not belong to the document" not in str(error) and not isinstance(error, StaleElementReferenceException):
                    raise
                time.sleep(0.2)
        self._left(page)

    def click_element(self, element: WebElement) -> None:
        """Clicks `element`, a link or button found some other way, which leads to another page."""
        self._leaving(element.click)

    def downloaded(self, suffix: str, seconds: float = 60) -> Path:
        """The file ending in `suffix` that the browser has finished downloading, waiting for it."""
        folder = self.folder / "downloads"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            done = [path for path in folder.iterdir() if path.name.endswith(suffix)]
            if done:
                return done[0]
            time.sleep(0.2)
        raise AssertionError(f"no {suffix} file was downloaded within {seconds} s: {sorted(p.name for p in folder.iterdir())}")

    def press(self, *keys: str) -> None:
        """Types `keys` into whatever has focus, staying on this page."""
        ActionChains(self.driver).send_keys(*keys).perform()

    def press_and_leave(self, *keys: str) -> None:
        """Types `keys` into whatever has focus; the last of them leads to another page."""
        self._leaving(lambda: self.press(*keys))

    def fill(self, label: str, text: str) -> None:
        """Types `text` into the field labelled `label`, replacing what was there."""
        box = self.field(label)
        box.clear()
        box.send_keys(text)

    def sign_in(self, person: Person) -> None:
        """Signs in through the form as `person`, pressing Enter in the password field, and
        expects the home page."""
        self.open("/sign-in")
        self.fill("User name", person.username)
        self.fill("Password", person.password)
        self.press_and_leave(Keys.ENTER)
        assert self.path == "/", f"signing in as {person.username} ({person.role}) led to {self.path}: {self.text[:300]}"

    def at_width(self, pixels: int) -> None:
        """Lays pages out `pixels` CSS pixels wide from now on (this page included)."""
        self.width = pixels
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": pixels, "height": 800, "deviceScaleFactor": 1, "mobile": False}
        )

    # Reading the page.

    @property
    def path(self) -> str:
        """The path of the page (no query or fragment)."""
        return urlsplit(self.driver.current_url).path

    @property
    def text(self) -> str:
        """The page's visible text."""
        return self.driver.find_element(By.TAG_NAME, "body").text

    @property
    def heading(self) -> str:
        """The text of the page's `h1`."""
        return self.find("h1").text

    @property
    def focused(self) -> WebElement:
        """The element that has focus."""
        return self.driver.switch_to.active_element

    def find(self, css: str) -> WebElement:
        """The first element `css` selects; fails the test if there is none."""
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        assert found, f"nothing on {self.path} matches {css!r}"
        return found[0]

    def find_all(self, css: str) -> list[WebElement]:
        """Every element `css` selects."""
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def field(self, label: str) -> WebElement:
        """The form field whose `<label>` reads `label` (so the label must name it)."""
        labels = self.driver.find_elements(By.XPATH, f"//label[normalize-space()={_xpath_text(label)}]")
        assert labels, f"no label {label!r} on {self.path}"
        target = labels[0].get_attribute("for")
        assert target, f"the label {label!r} on {self.path} names no field"
        return self.driver.find_element(By.ID, target)

    def control(self, name: str) -> WebElement:
        """The visible link or button whose text is `name`."""
        text = _xpath_text(name)
        candidates = self.driver.find_elements(By.XPATH, f"//a[normalize-space()={text}] | //button[normalize-space()={text}]")
        shown = [candidate for candidate in candidates if candidate.is_displayed()]
        assert shown, f"no link or button {name!r} on {self.path}"
        return shown[0]

    def summary(self, key: str) -> str:
        """The value beside `key` in a summary list."""
        for row in self.find_all(".summary-list__row"):
            if row.find_element(By.CSS_SELECTOR, ".summary-list__key").text == key:
                return row.find_element(By.CSS_SELECTOR, ".summary-list__value").text
        raise AssertionError(f"no summary list row {key!r} on {self.path}")

    def script(self, code: str, *arguments):
        """The value of `code` run in the page (for measuring; not for going places)."""
        return self.driver.execute_script(code, *arguments)

    def console(self) -> list[str]:
        """What the console said since it was last read."""
        return [_entry(entry) for entry in self.driver.get_log("browser")]

    # The checks every page passes.

    def _leaving(self, action) -> None:
        page = self.driver.find_element(By.TAG_NAME, "html")
        action()
        self._left(page)

    def _left(self, page: WebElement) -> None:
        try:
            WebDriverWait(self.driver, WAIT_SECONDS).until(lambda driver: self._gone(page))
        except TimeoutException:
            raise PageProblem(f"still on {self.path} {WAIT_SECONDS} s later: no new page came") from None
        self._wait_loaded()
        self._arrived()

    @staticmethod
    def _gone(page: WebElement) -> bool:
        """Whether `page` (the old document's root) is no longer in the window. Asked while the
        browser swaps documents, chromedriver may answer that the node "does not belong to the
        document" rather than that it is stale: both mean the old page has gone."""
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in (error.msg or ""):
                return True
            raise

    def _wait_loaded(self) -> None:
        WebDriverWait(self.driver, WAIT_SECONDS).until(lambda driver: driver.execute_script("return document.readyState") == "complete")

    def _arrived(self) -> None:
        visit = Visit(self.driver.current_url, self._photograph(len(self.visits) + 1))
        self.visits.append(visit)
        problems = self._console_problems(self._read_console(visit))
        problems += self.accessibility_problems()
        if problems:
            raise PageProblem(f"{self.path} ({visit.screenshot}):\n" + "\n".join(problems))

    def _photograph(self, number: int) -> Path:
        """The whole page, not only what fits the window, as a PNG."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.path.lower()).strip("-") or "home"
        width = f"-{self.width}px" if self.width else ""
        path = self.folder / f"{number:02d}-{slug}{width}.png"
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def _read_console(self, visit: Visit | None) -> list[dict]:
        entries = self.driver.get_log("browser")
        if visit is not None:
            visit.console += [_entry(entry) for entry in entries]
        return entries

    @staticmethod
    def _console_problems(entries: list[dict]) -> list[str]:
        refused = [entry for entry in entries if entry["source"] == "security" or "Content Security Policy" in entry["message"]]
        errors = [entry for entry in entries if entry["source"] == "javascript" and entry["level"] == "SEVERE"]
        return [f"  CSP refusal: {entry['message']}" for entry in refused] + [f"  script error: {entry['message']}" for entry in errors]

    def accessibility_problems(self) -> list[str]:
        """What axe-core finds wrong with the page as it is now, a line each: the rule, its
        impact and help, then each element it found with what to fix."""
        Axe(self.driver, script_url=AXE_SCRIPT).inject()
        results = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(done, error => done({error: String(error)}));"
        )
        if "error" in results:
            return [f"  axe-core could not run: {results['error']}"]
        lines = []
        for violation in results["violations"]:
            lines.append(f"  axe {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
                lines += [f"      {line}" for line in node.get("failureSummary", "").splitlines()]
        return lines


def _entry(entry: dict) -> str:
    return f"{entry['level']} {entry['source']}: {entry['message']}"


def _xpath_text(text: str) -> str:
    """`text` as an XPath string literal, whatever quotes it holds."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"
