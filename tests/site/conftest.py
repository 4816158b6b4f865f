"""The site-wide tests' own hooks."""


def pytest_terminal_summary(terminalreporter):
    """Say where the browser tests kept their screenshots, so a reviewer can open them."""
    from tests.site.test_browser_layout import SAVED, SCREENSHOTS

    if SAVED:
        terminalreporter.write_line(f"{len(set(SAVED))} screenshots of the public pages kept in {SCREENSHOTS}")
