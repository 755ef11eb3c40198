"""Take the README's screenshots: the sample corpus through `foi ingest`, then `foi ui` in chromium.

.venv/bin/python -m tests.ui.readme_screenshots   # writes docs/images/results.png and document.png
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.keys import Keys

from tests.conftest import PROJECT
from tests.ui.browser import chromium, foi_ui_server, settle, wait_for, wait_for_url, wait_until_idle
from tests.ui.conftest import free_port

IMAGES = PROJECT / "docs" / "images"
QUERY = "names of officers withheld"
WINDOW = (1440, 1500)


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="foi-screenshots-") as work:
        index = Path(work) / "index"
        foi = Path(sys.executable).parent / "foi"
        environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
        ingest = [str(foi), "ingest", str(PROJECT / "sample_corpus"), "--index", str(index)]
        subprocess.run(ingest, check=True, env=environment)
        with (
            foi_ui_server(index, free_port(), Path(work) / "server.log") as url,
            chromium(Path(work) / "profile") as driver,
        ):
            driver.set_window_size(*WINDOW)
            # A first search loads the embedding model, so that the pictured one shows its usual time.
            driver.get(f"{url}/?q=police")
            wait_for(driver, ".st-key-result_summary", "documents")
            driver.get(url)
            field = wait_for(driver, ".st-key-q input")
            field.send_keys(QUERY, Keys.ENTER)
            wait_for_url(driver, "q=names")
            wait_until_idle(driver)
            wait_for(driver, ".st-key-result_summary", "documents")
            settle(driver)
            driver.save_screenshot(str(IMAGES / "results.png"))
            wait_for(driver, "[class*='st-key-open_'] button").click()
            wait_for(driver, ".st-key-document_metadata", "Authority")
            settle(driver)
            driver.save_screenshot(str(IMAGES / "document.png"))
    print(f"wrote {IMAGES / 'results.png'} and {IMAGES / 'document.png'}")


if __name__ == "__main__":
    main()
