"""report.html in a real headless Chromium, driven by Playwright as a user would: it loads with no error and
fetches nothing, search finds a named person, a finding leads to its subject, the filters filter, hostile names
stay text, and the page of 100,000 positions works.

Chromium is the system's (Debian's `chromium`, which `make test` installs like Graphviz's `dot`); Playwright
downloads no browser of its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from render.test_outputs import hostile_org

from orgdiag.diagnosis import diagnose
from orgdiag.importers import import_org
from orgdiag.orgfile import load_org
from orgdiag.over_time import history, load_snapshots
from orgdiag.render.history import write_history
from orgdiag.render.outputs import write_outputs

from conftest import DEMO, FIXTURES

#: Browser tests are slow tests too: Chromium starts once a module and the page of 100,000 positions is built.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: As the machine needs it: no sandbox as root, and none of Chromium's own calls home, which a closed network refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.fail("the browser test needs Chromium: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Opened:
    """A page opened from a file, with every error, dialog and request it caused."""

    def __init__(self, browser: Browser, path: Path, ready: str = "#tree details"):
        self.path = path
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri(), timeout=120_000)
        self.page.wait_for_selector(ready, state="attached", timeout=120_000)

    def outside(self) -> list[str]:
        """Requests for anything but the page itself."""
        return [url for url in self.requests if not url.startswith("file://")]


@pytest.fixture(scope="module")
def demo_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    out = tmp_path_factory.mktemp("demo")
    write_outputs(diagnose(load_org(DEMO)), out)
    opened = Opened(browser, out / "report.html")
    yield opened
    opened.page.close()


def test_the_page_loads_without_an_error_and_fetches_nothing(demo_page: Opened) -> None:
    assert demo_page.errors == [] and demo_page.dialogs == []
    assert demo_page.outside() == []
    assert demo_page.page.inner_text("header h1") == "Diagnosis of Nordvik Sport AB"


def test_search_finds_a_person_and_selects_their_post(demo_page: Opened) -> None:
    page = demo_page.page
    page.fill("#search", "Maja")
    page.click("#results li[data-id='some']")
    assert "Maja Fors" in page.inner_text("#details")
    assert page.get_attribute("[data-org='some']", "class") is not None
    assert "selected" in (page.get_attribute("[data-org='some']", "class") or "")
    assert "chain" in (page.get_attribute("[data-org='ecom']", "class") or "")  # her manager, up the line


def test_a_finding_leads_to_its_subject(demo_page: Opened) -> None:
    page = demo_page.page
    page.click("tr.finding[data-rule='OD105']")
    assert "selected" in (page.get_attribute("[data-org='cmo']", "class") or "")
    assert "OD105" in page.inner_text("#details")


def test_the_findings_filter_by_severity_and_rule(demo_page: Opened) -> None:
    page = demo_page.page
    page.select_option("#findings select[name='severity']", "critical")
    assert page.locator("#findings tr.finding:visible").count() == 1
    page.select_option("#findings select[name='severity']", "")
    page.select_option("#findings select[name='rule']", "OD101")
    assert page.locator("#findings tr.finding:visible").count() == 2
    page.select_option("#findings select[name='rule']", "")


def test_the_unit_tree_opens_on_demand(browser: Browser, demo_page: Opened) -> None:
    page = Opened(browser, demo_page.path).page  # as it first opens
    assert page.locator("#tree li.post").count() == 0
    page.click("#tree details[data-unit='ledning'] > summary")
    page.wait_for_selector("#tree details[data-unit='ledning'] li.post", timeout=5000)  # filled on the toggle event
    assert page.locator("#tree details[data-unit='ledning'] li.post").count() >= 1
    page.close()


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "=HYPERLINK(1)"])
def test_hostile_names_stay_text(browser: Browser, tmp_path: Path, text: str) -> None:
    write_outputs(diagnose(hostile_org(text)), tmp_path)
    opened = Opened(browser, tmp_path / "report.html")
    assert opened.dialogs == [] and opened.errors == [] and opened.outside() == []
    assert opened.page.inner_text("header h1") == f"Diagnosis of {text}"
    opened.page.fill("#search", "Strategist")
    opened.page.click("#results li")
    assert text in opened.page.inner_text("#details")
    opened.page.close()


def test_the_page_of_100000_positions_opens_and_searches(browser: Browser, synthetic_100k: Path) -> None:
    opened = Opened(browser, synthetic_100k / "report.html")
    page = opened.page
    assert opened.errors == [] and opened.outside() == []
    page.fill("#search", "Sales 3")
    assert page.locator("#results li").count() > 0
    page.click("#results li")
    assert page.locator("[data-org].selected").count() == 1
    page.close()


def test_the_history_page_shows_its_charts_timeline_and_latest_snapshot(browser: Browser, tmp_path: Path) -> None:
    compilation = "department_for_international_development-2011-2014-compilation.csv"
    followed = history(load_snapshots([FIXTURES / "real" / "uk-organogram-history" / compilation]))
    write_history(followed, tmp_path)
    opened = Opened(browser, tmp_path / "report.html", ready="#latest svg")
    page = opened.page
    assert opened.errors == [] and opened.dialogs == [] and opened.outside() == []
    assert page.inner_text("header h1") == "History of Department for International Development"
    assert page.eval_on_selector("#trends img", "image => image.complete && image.naturalWidth") == 1100
    assert page.locator("#findings tr").count() == len(followed.findings) + 1
    assert page.locator("#latest [data-org]").count() > 0
    page.screenshot(path=str(tmp_path / "report-html.png"), full_page=True)
    page.close()


def test_a_large_organisation_opens_at_a_zoom_where_its_text_is_read(browser: Browser, tmp_path: Path) -> None:
    """The Home Office's overview fitted whole into the page drew its text 4 pixels high; it opens at a readable
    zoom instead (text at least 10 pixels high), around its first box, and "Fit" still shows it whole."""
    corpus = FIXTURES / "real" / "uk-organogram-corpus"
    sheets = [corpus / f"130930-Home-Office-Organogram-Data-{sheet}.csv" for sheet in ("senior", "junior")]
    write_outputs(diagnose(import_org(sheets, "uk-organogram").org), tmp_path)
    opened = Opened(browser, tmp_path / "report.html")
    smallest = """() => Math.min(...Array.from(document.querySelectorAll('#chart .drawing.shown svg text'))
        .map((t) => t.getBoundingClientRect().height).filter((h) => h > 0))"""
    assert opened.errors == []
    assert opened.page.evaluate(smallest) >= 10
    opened.page.click("#zoom-reset")
    assert opened.page.evaluate(smallest) < 10  # the whole drawing, as before: smaller than readable
    opened.page.close()
