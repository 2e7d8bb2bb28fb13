"""A new student: a page in a browser context of its own (cookies, storage and cache apart)."""

import pytest

from host_network import wait_for_host_network_to_settle

CONSOLE = pytest.StashKey[list]()  # the page's console, kept for a failure's report (conftest.py)


def fresh_page(browser, stack, request, **context_options):
    """A page in a browser context of its own, its console kept for a failure's report."""
    wait_for_host_network_to_settle()  # after the containers an earlier test restarted (host_network.py)
    context = browser.new_context(
        base_url=stack.base_url, viewport={"width": 1280, "height": 900}, **context_options
    )
    page = context.new_page()
    console = request.node.stash[CONSOLE] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    yield page
    context.close()
