"""Browser tests: Debian's Chromium driven by Playwright against the app on a live server.

Without Chromium (or the playwright package) these tests fail, saying why: `make test` installs both.
"""

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "ddor-demo-2017"
WIDTHS = (1280, 390)


def _missing() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as exc:
        return f"the playwright packages are not installed ({exc})"
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"no Chromium at {CHROMIUM} (Debian package chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _missing()
    if problem:
        # Never skipped: `make test` installs both (SETUP_FOR_TESTS=1 bin/setup), so missing means broken set-up.
        pytest.fail(f"browser tests need Chromium and Playwright (run `make test` once to install them): {problem}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test's thread while it is open; the ORM
    # calls these tests make between page actions (and the database set-up around them) are still plain
    # synchronous calls. Allowed for this module's tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
            chromium = p.chromium.launch(executable_path=executable)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(transactional_db, settings):
    """The demo data (reports, cases, accounts) as `make run` loads it."""
    settings.AXES_FAILURE_LIMIT = 10**6
    call_command("seed_demo", stdout=open(os.devnull, "w"))


@pytest.fixture
def open_page(browser, live_server, demo):
    """open_page(role or None, width) → a Playwright page signed in as that demo account."""
    contexts = []

    def opener(username: str | None = None, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
        page.base = live_server.url
        return page

    yield opener
    for context in contexts:
        context.close()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each (rule, how many nodes, first target)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} {v['help']}" for v in result.response["violations"]
    ]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus; fail if the keyboard never reaches it."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the keyboard never reached {selector}")
