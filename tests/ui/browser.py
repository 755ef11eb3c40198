"""A real browser against a real `foi ui` server: Debian's chromium driven headless by Selenium.

Shared by the browser tests and the README screenshot script.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1440,1100",
)
# The first semantic query loads the embedding model inside the server: be patient on a busy machine.
PATIENCE_S = 180.0


def browser_available() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file()


@contextmanager
def foi_ui_server(index: Path, port: int, log: Path) -> Iterator[str]:
    """`foi ui --index INDEX` on 127.0.0.1:PORT until the block ends; yields its base URL."""
    foi = Path(sys.executable).parent / "foi"
    command = [str(foi)] if foi.is_file() else [sys.executable, "-m", "cli.main"]
    command += ["ui", "--index", str(index), "--host", "127.0.0.1", "--port", str(port)]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "DO_NOT_TRACK": "1"}
    with log.open("w") as output:
        # A session of its own, so that stopping it also stops the streamlit child it starts.
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment, start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server, log)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=20)


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"foi ui exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"foi ui did not become healthy within 90 s:\n{log.read_text()}")


@contextmanager
def chromium(profile: Path) -> Iterator[WebDriver]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: WebDriver, css: str, text: str = "", timeout: float = PATIENCE_S) -> WebElement:
    """The first element matching `css` that is displayed (and holds `text`), once the app has drawn it."""

    def found(_: WebDriver) -> WebElement | bool:
        for element in driver.find_elements("css selector", css):
            try:
                if element.is_displayed() and text in element.text:
                    return element
            except Exception:  # Streamlit replaced the element while we looked: look again
                continue
        return False

    element = WebDriverWait(driver, timeout, poll_frequency=0.3).until(
        found, message=f"nothing matching {css!r} with {text!r} appeared"
    )
    assert isinstance(element, WebElement)
    return element


def wait_for_url(driver: WebDriver, *fragments: str, timeout: float = PATIENCE_S) -> str:
    """The page URL, once the app has written all of these query parameters into it."""
    WebDriverWait(driver, timeout, poll_frequency=0.3).until(
        lambda d: all(fragment in d.current_url for fragment in fragments),
        message=f"the URL never held {fragments}",
    )
    return str(driver.current_url)


def wait_until_idle(driver: WebDriver, timeout: float = PATIENCE_S) -> None:
    """Until Streamlit's 'running' indicator is gone (the script run has finished)."""
    time.sleep(0.4)
    WebDriverWait(driver, timeout, poll_frequency=0.3).until(
        lambda d: not d.find_elements("css selector", '[data-testid="stStatusWidget"]'),
        message="the app kept running",
    )


def settle(driver: WebDriver) -> None:
    """Let the page finish drawing before a screenshot."""
    wait_until_idle(driver)
    time.sleep(1.0)
