"""A reload in the same tab resumes its own conversation; the quick exit ends that for good.

What the widget keeps for it (web/static/widget.js, docs/widget.md#privacy): the
server-issued conversation id and an expiry, in the sessionStorage of the widget's own
origin under one key; never message text. On load it offers the id back in
``session_request``; the server resumes that conversation, or answers a forged or
unknown id with a fresh one. Proof that it is the same conversation is taken from the
server (the tracker over the test's API token holds the turns before and after the
reload), not from the page, which on purpose no longer shows the earlier messages.

Directly (``/widget`` as the top page) and in a partner's iframe on a second loopback
origin. In the iframe, the storage is third-party storage: it exists only where the
browser allows it (``third_party_context``, like an ordinary Chrome, Firefox or Safari
window), and then partitioned per top-level site, still unreadable by the partner's
scripts. Where the browser blocks it (Chromium's default here and private windows) the
widget works on with the id in memory only, and a reload starts afresh.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Observed, PartnerSite, WebPage, wait_until
from tests.browser.test_embed import open_partner, partner_page, send_in
from tests.browser.test_widget import get_json, send, wait_for_reply

pytestmark = pytest.mark.browser

KEY = "hulpwijzer.conversation"
TTL_SECONDS = 3600
FIRST = "ik maak me zorgen om mijn buurvrouw"
SECOND = "hij schreeuwt elke avond tegen haar"
RESUMED = "Je gesprek gaat verder"

#: Everything in this document's sessionStorage and localStorage, as [key, value] pairs.
READ_STORAGE = """() => ({
    session: Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]),
    local: Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]),
})"""


def confirmed(seen: Observed) -> list[str]:
    """Every conversation id the server confirmed to this tab, in order."""
    return [e[1] for e in seen.received if isinstance(e, list) and e[:1] == ["session_confirm"]]


def requested(seen: Observed) -> list[Any]:
    """The id each ``session_request`` of this tab offered (None: asked for a new one)."""
    return [(e[1] or {}).get("session_id") for e in seen.sent
            if isinstance(e, list) and e[:1] == ["session_request"]]


def user_texts(web: WebPage, conversation_id: str) -> list[str]:
    tracker = get_json(web.api(f"/conversations/{conversation_id}/tracker?include_events=ALL"))
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


def stored_entry(frame: Any) -> dict[str, Any]:
    """The widget's one stored entry, checked: only the id and an expiry, nothing else."""
    storage = frame.evaluate(READ_STORAGE)
    assert storage["local"] == []
    assert [key for key, _ in storage["session"]] == [KEY], storage
    entry = json.loads(storage["session"][0][1])
    assert set(entry) == {"id", "expires"}
    left = entry["expires"] / 1000 - time.time()
    assert TTL_SECONDS - 60 < left <= TTL_SECONDS, left
    return entry


def reload_and_wait(page: Any, seen: Observed) -> str:
    before = len(confirmed(seen))
    page.reload()
    wait_until(lambda: len(confirmed(seen)) > before, page)
    return confirmed(seen)[-1]


def widget_frame(page: Any) -> Any:
    """The widget's frame: the page itself, or the partner page's iframe."""
    return page.frames[1] if len(page.frames) > 1 else page.main_frame


def test_a_reload_resumes_the_conversation(widget, web: WebPage) -> None:
    page, seen = widget
    send(page, FIRST)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    entry = stored_entry(page)
    assert entry["id"] == session_id
    assert "buurvrouw" not in json.dumps(page.evaluate(READ_STORAGE)), "no text is stored"

    assert reload_and_wait(page, seen) == session_id
    assert requested(seen)[-1] == session_id, "the reloaded page offered its stored id"
    expect(page.get_by_text(RESUMED)).to_be_visible()
    assert "buurvrouw" not in page.locator("#hulpwijzer").inner_text(), "no text re-shown"

    received = len([e for e in seen.received if isinstance(e, list) and e[0] == "bot_uttered"])
    send(page, SECOND)
    wait_for_reply(page, seen, received)
    assert user_texts(web, session_id) == [FIRST, SECOND], "one conversation across the reload"
    assert stored_entry(page)["id"] == session_id
    assert not seen.console_errors, seen.console_errors


def test_a_tampered_or_expired_stored_id_gives_a_fresh_conversation(widget, web: WebPage) -> None:
    page, seen = widget
    send(page, FIRST)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    assert session_id

    # One character changed, with a valid expiry: the server does not know it.
    middle = len(session_id) // 2
    altered = session_id[:middle] + ("A" if session_id[middle] != "A" else "B") + session_id[middle + 1:]
    page.evaluate("([key, id]) => sessionStorage.setItem(key, JSON.stringify("
                  "{id: id, expires: Date.now() + 600000}))", [KEY, altered])
    fresh = reload_and_wait(page, seen)
    assert requested(seen)[-1] == altered
    assert fresh not in (altered, session_id)
    assert page.evaluate(READ_STORAGE)["session"] == [], "the refused id is deleted"
    expect(page.get_by_text(RESUMED)).to_have_count(0)

    # The real id, but expired (or with an expiry no widget writes): not even offered.
    for expires in ("Date.now() - 1000", "Date.now() + 86400000"):
        page.evaluate(f"([key, id]) => sessionStorage.setItem(key, JSON.stringify("
                      f"{{id: id, expires: {expires}}}))", [KEY, session_id])
        assert reload_and_wait(page, seen) != session_id
        assert requested(seen)[-1] is None
        assert page.evaluate(READ_STORAGE)["session"] == []
    assert user_texts(web, session_id) == [FIRST], "the old conversation was not touched"


def test_after_the_quick_exit_a_new_visit_is_a_new_conversation(widget, web: WebPage) -> None:
    page, seen = widget
    send(page, FIRST)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    assert stored_entry(page)["id"] == session_id

    page.keyboard.press("Escape")
    page.wait_for_url(web.exit_url)
    # Same origin and tab as the widget: its sessionStorage, now empty.
    assert page.evaluate(READ_STORAGE) == {"session": [], "local": []}
    before = len(confirmed(seen))
    page.goto(web.url + "/widget")
    wait_until(lambda: len(confirmed(seen)) > before, page)
    assert requested(seen)[-1] is None
    assert confirmed(seen)[-1] != session_id
    expect(page.get_by_text(RESUMED)).to_have_count(0)


def test_in_a_partners_iframe_a_reload_resumes_and_the_exit_ends_it(
    third_party_context: Any, web: WebPage, partner: PartnerSite
) -> None:
    url = partner.origin + partner_page(partner, web, "hervat.html")
    page, frame, seen = open_partner(third_party_context, url)
    send_in(frame, FIRST)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    assert stored_entry(widget_frame(page))["id"] == session_id

    # allow-same-origin keeps the frame its own origin, which is not the partner's:
    # the partner's scripts reach neither its document nor its storage.
    reach = page.evaluate("""() => {
        const frame = document.querySelector("iframe");
        const attempt = (read) => { try { return ["read", String(read())]; }
                                    catch (e) { return ["refused", e.name]; } };
        return {
            contentDocument: frame.contentDocument === null ? null : "a document",
            storage: attempt(() => frame.contentWindow.sessionStorage.getItem("hulpwijzer.conversation")),
            own: Object.keys(sessionStorage),
        };
    }""")
    assert reach == {"contentDocument": None, "storage": ["refused", "SecurityError"], "own": []}

    assert reload_and_wait(page, seen) == session_id
    frame = page.frame_locator("iframe")
    expect(frame.get_by_text(RESUMED)).to_be_visible()
    before = len([e for e in seen.received if isinstance(e, list) and e[0] == "bot_uttered"])
    send_in(frame, SECOND)
    wait_for_reply(page, seen, before)
    assert user_texts(web, session_id) == [FIRST, SECOND]

    frame.get_by_role("button", name="Snel weg").click()
    page.wait_for_url(web.exit_url)
    before = len(confirmed(seen))
    page.goto(url)  # the same tab, the same partner site: the same storage partition
    wait_until(lambda: len(confirmed(seen)) > before, page)
    assert requested(seen)[-1] is None, "the exit deleted the stored id"
    assert confirmed(seen)[-1] != session_id
    assert widget_frame(page).evaluate(READ_STORAGE) == {"session": [], "local": []}


def test_in_an_iframe_without_third_party_storage_the_widget_works_and_a_reload_starts_afresh(
    context: Any, web: WebPage, partner: PartnerSite
) -> None:
    url = partner.origin + partner_page(partner, web, "geen-opslag.html")
    page, frame, seen = open_partner(context, url)
    blocked = widget_frame(page).evaluate(
        "() => { try { sessionStorage.length; return false; } catch (e) { return e.name; } }")
    assert blocked == "SecurityError", "this browser profile blocks third-party storage"
    send_in(frame, FIRST)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()

    fresh = reload_and_wait(page, seen)
    assert requested(seen)[-1] is None and fresh != session_id
    # (The partner's little static server answers its favicon with a 404.)
    assert not [e for e in seen.console_errors if "404" not in e], seen.console_errors
    # Without storage the quick exit still works (storage errors are caught).
    page.frame_locator("iframe").get_by_role("button", name="Snel weg").click()
    page.wait_for_url(web.exit_url)
