"""The UI in a real browser: headless Debian chromium (Selenium) against `foi ui` on 127.0.0.1.

Screenshots land in test-artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import PROJECT, RoundRobin
from tests.ui.browser import (
    PATIENCE_S,
    browser_available,
    chromium,
    foi_ui_server,
    settle,
    wait_for,
    wait_for_url,
    wait_until_idle,
)
from tests.ui.conftest import XSS_IMG, XSS_TEXT, MetadataIndex, free_port

ARTIFACTS = PROJECT / "test-artifacts"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not browser_available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver"),
]


@pytest.fixture(scope="module")
def server(foi_index: MetadataIndex) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    with foi_ui_server(foi_index.folder, free_port(), ARTIFACTS / "foi-ui-server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def type_into(driver: WebDriver, widget_key: str, text: str) -> None:
    field = wait_for(driver, f".st-key-{widget_key} input")
    field.click()
    field.send_keys(text)
    field.send_keys(Keys.ENTER)
    wait_until_idle(driver)


def screenshot(driver: WebDriver, name: str) -> None:
    path = ARTIFACTS / name
    assert driver.save_screenshot(str(path)) and path.stat().st_size > 10_000


def no_alert(driver: WebDriver) -> bool:
    try:
        driver.switch_to.alert  # noqa: B018 - raises when there is none
    except NoAlertPresentException:
        return True
    return False


def test_search_filter_and_open_a_document(server: str, browser: WebDriver) -> None:
    browser.get(server)
    wait_for(browser, ".st-key-result_summary", "documents")
    type_into(browser, "q", "officers misconduct")
    wait_for_url(browser, "q=officers")
    wait_for(browser, ".st-key-result_summary", "documents")
    assert "Misconduct hearings 2021 response letter" in browser.find_element("tag name", "body").text

    type_into(browser, "exemption", "s40")  # the sidebar exemption filter: type to find, Enter to pick
    wait_for_url(browser, "q=officers", "exemption=s40")
    summary = wait_for(browser, ".st-key-result_summary", "2 documents")
    # Streamlit leaves the previous run's elements on the page until the new run has drawn its own.
    wait_until_idle(browser)
    cards = WebDriverWait(browser, PATIENCE_S).until(
        lambda d: len(found := d.find_elements("css selector", "[class*='st-key-result_'] .foi-card")) == 2 and found
    )
    assert all("s40(2)" in card.text for card in cards)
    assert browser.find_elements("css selector", ".foi-card mark")  # highlighted snippets
    browser.find_element("tag name", "body").send_keys(Keys.ESCAPE)  # close the filter's drop-down
    settle(browser)
    screenshot(browser, "results.png")
    assert summary.is_displayed()

    wait_for(browser, ".st-key-open_met-letter button").click()
    metadata = wait_for(browser, ".st-key-document_metadata", "Third-party personal data")
    assert "Names of officers are withheld under section 40(2) personal information." in metadata.text
    wait_for_url(browser, "doc=met-letter", "exemption=s40")
    assert browser.find_elements("css selector", ".st-key-document_text mark")
    assert "RE: FOI request - misconduct hearings" in wait_for(browser, ".st-key-document_family").text
    settle(browser)
    screenshot(browser, "document.png")

    # A bookmark of this view opens the same document with the same search.
    browser.get(browser.current_url)
    wait_for(browser, ".st-key-document_metadata", "Third-party personal data")
    assert wait_for(browser, ".st-key-q input").get_attribute("value") == "officers misconduct"


def test_script_and_html_in_a_document_show_as_text(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/?q=breach+reports+sector&mode=keyword")
    card = wait_for(browser, ".st-key-result_ico-xss", XSS_TEXT)
    assert XSS_TEXT in card.text
    wait_for(browser, ".st-key-open_ico-xss button").click()
    text = wait_for(browser, ".st-key-document_text", XSS_IMG)
    assert XSS_TEXT in text.text and XSS_IMG in text.text
    assert XSS_IMG in wait_for(browser, ".st-key-document_metadata").text  # the evidence sentence too
    settle(browser)
    screenshot(browser, "xss-document.png")
    assert no_alert(browser)
    assert not browser.find_elements("css selector", "img[src='x'], img[onerror]")
    injected = browser.execute_script(
        "return [...document.scripts].some(s => s.textContent.includes('alert(1)'))"
        " || [...document.querySelectorAll('*')].some(e => e.getAttribute('onerror'))"
    )
    assert injected is False


def test_overview_page_in_the_browser(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/?view=overview")
    status = wait_for(browser, ".st-key-ingest_status", "Failed")
    assert "Skipped\n1" in status.text and "Failed\n1" in status.text
    wait_for(browser, "[data-testid='stVegaLiteChart'], .vega-embed")
    settle(browser)
    screenshot(browser, "overview.png")


@pytest.fixture(scope="module")
def round_robin_server(round_robin: RoundRobin) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    with foi_ui_server(round_robin.index, free_port(), ARTIFACTS / "foi-ui-round-robin.log") as url:
        yield url


def test_a_search_hit_opens_the_round_robin_compare_page_with_its_charts(
    round_robin_server: str, browser: WebDriver
) -> None:
    browser.get(f"{round_robin_server}/?q=section+60+stop+and+search&mode=keyword")
    wait_for(browser, ".st-key-result_summary", "documents")
    # A letter found in several files is listed once; its copies are one click away.
    wait_for(browser, "[class*='st-key-copies_'] button", "Also found as").click()
    wait_for(browser, "[data-testid='stPopoverBody'] button", "duplicates/")
    browser.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    compare = wait_for(browser, "[class*='st-key-compare_'] button", "Compare the round-robin")
    compare.click()
    wait_for_url(browser, "view=compare", "campaign=cmp-")
    summary = wait_for(browser, ".st-key-compare_summary", "disclosed")
    assert "Authorities that answered" in summary.text and "24" in summary.text
    for chart in ("compare_outcomes", "compare_exemptions"):
        wait_for(browser, f".st-key-{chart} [data-testid='stVegaLiteChart'], .st-key-{chart} .vega-embed")
    table = wait_for(browser, ".st-key-compare_table [data-testid='stDataFrame']")
    assert table.size["height"] > 200
    wait_for(browser, ".st-key-compare_csv button", "Download CSV")
    assert "Not answered" in browser.find_element("tag name", "body").text
    settle(browser)
    screenshot(browser, "compare.png")
