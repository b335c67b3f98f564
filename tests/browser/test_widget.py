"""The website widget in Chromium, against the real Rasa, action and web servers.

What a person needs from it: a reply with the help to call (112 first when there is
danger now), buttons that work, nothing that runs from a message, a quick exit that
leaves no trace, and a page that works with a keyboard and a screen reader.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Observed, WebPage, wait_until
from tests.helpers import post_json

pytestmark = pytest.mark.browser

ACUTE = "hij staat nu met een mes voor de deur"
#: Gets Veilig Thuis and a yes/no question (with buttons) about danger now.
WORRIED = "ik maak me zorgen om mijn buurvrouw, ik denk dat haar man haar slaat"
MARKUP = "<img src=x onerror=\"document.title='gehackt'\"><script>alert(1)</script>"
REPLY_TIMEOUT = 30_000


def send(page: Any, text: str) -> None:
    box = page.get_by_label("Je bericht")
    box.fill(text)
    box.press("Enter")


def bot_events(seen: Observed) -> list[dict[str, Any]]:
    return [e[1] for e in seen.received if isinstance(e, list) and e[:1] == ["bot_uttered"]]


def user_events(seen: Observed) -> list[dict[str, Any]]:
    return [e[1] for e in seen.sent if isinstance(e, list) and e[:1] == ["user_uttered"]]


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def wait_for_reply(page: Any, seen: Observed, before: int) -> None:
    """Wait until Rasa answered and the burst of bot messages is over."""
    wait_until(lambda: len(bot_events(seen)) > before, page, REPLY_TIMEOUT)
    settled = -1
    while settled != len(bot_events(seen)):
        settled = len(bot_events(seen))
        page.wait_for_timeout(700)


def test_page_sends_the_security_headers(web: WebPage) -> None:
    with urllib.request.urlopen(web.url + "/widget", timeout=10) as response:
        headers = response.headers
        body = response.read().decode()
    csp = headers["Content-Security-Policy"]
    rasa = urlsplit(web.rasa_url).netloc
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert f"connect-src 'self' http://{rasa} ws://{rasa}" in csp
    # Framing: only the partners (tests/browser/test_embed.py has the details).
    assert "frame-ancestors 'self' http://localhost:" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    assert f'data-rasa-url="{web.rasa_url}"' in body
    assert "<script>" not in body, "no inline script: the CSP forbids it"


def test_acute_message_gets_112_first_then_veilig_thuis(widget, reports: Path) -> None:
    page, seen = widget
    send(page, ACUTE)
    wait_for_reply(page, seen, 0)
    emergency = page.locator('.hw-card[data-service="112"]')
    expect(emergency).to_have_count(1)
    expect(emergency.locator('a[href="tel:112"]')).to_be_visible()
    veilig_thuis = page.locator('.hw-card[data-service="veilig_thuis"]')
    expect(veilig_thuis.first).to_be_visible()
    expect(veilig_thuis.first.locator('a[href="tel:08002000"]')).to_have_text("Bel 0800-2000")
    # 112 is the first thing in the answer, above any text and any other card.
    first = page.locator(".hw-turn").last.locator(":scope > *").first
    expect(first).to_have_attribute("data-service", "112")
    expect(page.locator(".hw-card").first).to_have_attribute("data-service", "112")
    # The user's words and the bot's answer are on screen.
    expect(page.locator(".hw-msg--user .hw-text").last).to_have_text(ACUTE)
    assert page.locator(".hw-msg--bot").count() >= 2
    # Artefacts: what the person sees (112 card scrolled to the top of the log), and the
    # whole widget with the log unrolled so the answer's cards are all in one picture.
    emergency.scroll_into_view_if_needed()
    emergency.evaluate("card => card.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(reports / "widget-acute-viewport.png"))
    page.evaluate(
        "() => { const w = document.querySelector('.hw-widget');"
        " w.style.height = 'auto'; w.querySelector('.hw-log').style.overflow = 'visible'; }"
    )
    page.locator(".hw-widget").screenshot(path=str(reports / "widget-acute-112-veilig-thuis.png"))
    assert not seen.console_errors, seen.console_errors


def test_quick_reply_sends_its_payload_with_the_keyboard(widget) -> None:
    page, seen = widget
    send(page, WORRIED)
    wait_for_reply(page, seen, 0)
    button = page.locator(".hw-reply").first
    expect(button).to_be_visible()
    title = button.inner_text()
    offered = [q for e in bot_events(seen) for q in e.get("quick_replies") or []]
    payload = next(q["payload"] for q in offered if q["title"] == title)

    before = len(bot_events(seen))
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".hw-msg--user .hw-text").last).to_have_text(title)
    wait_until(lambda: len(user_events(seen)) == 2, page)
    sent = user_events(seen)[-1]
    assert sent["message"] == payload
    assert sent["metadata"] == {"hulpwijzer": {"kind": "button"}}
    assert sent["session_id"] == seen.session_id()
    wait_for_reply(page, seen, before)
    assert user_events(seen)[0]["metadata"] == {"hulpwijzer": {"kind": "typed"}}


def test_markup_is_shown_as_text_and_never_run(widget, web: WebPage) -> None:
    page, seen = widget
    send(page, MARKUP)
    expect(page.locator(".hw-msg--user .hw-text").last).to_have_text(MARKUP)
    wait_for_reply(page, seen, 0)

    # A bot message with markup and a hostile route, through the real socket.io channel.
    hostile = {
        "service": "wijkteam",
        "name": "<b>Wijkteam</b>",
        "phone": "<i>0800</i>",
        "url": "javascript:alert(1)",
        "chat_url": "data:text/html,<script>alert(1)</script>",
        "hours": "<img src=x onerror=alert(1)>",
        "municipality": None,
        "urgency": "advice",
    }
    before = len(bot_events(seen))
    post_json(
        web.api(f"/conversations/{seen.session_id()}/tracker/events"
                "?output_channel=socketio&execute_side_effects=true"),
        [{"event": "bot", "text": MARKUP, "data": {"custom": {"route": hostile}}}],
    )
    wait_until(lambda: len(bot_events(seen)) >= before + 2, page)
    expect(page.locator(".hw-msg--bot .hw-text").last).to_have_text(MARKUP)
    card = page.locator('.hw-card[data-service="wijkteam"]')
    expect(card.locator(".hw-card-title")).to_have_text("<b>Wijkteam</b>")
    expect(card.locator("a")).to_have_count(0)  # no javascript:, data: or fake tel: link

    root = page.locator("#hulpwijzer")
    for tag in ("img", "script", "b", "i"):
        expect(root.locator(tag)).to_have_count(0)
    assert page.title() != "gehackt"
    assert seen.dialogs == []


def tracker_forgot(web: WebPage, session_id: str, said: str) -> bool:
    """Nothing the person said is left in the conversation's whole history on the server."""
    history = get_json(web.api(f"/conversations/{session_id}/tracker?include_events=ALL"))
    texts = [e.get("text") for e in history.get("events", []) if e.get("event") == "user"]
    return said not in texts


@pytest.mark.parametrize("how", ["shift three times", "escape", "button"])
def test_quick_exit_leaves_no_trace(widget, context, web: WebPage, how: str) -> None:
    page, seen = widget
    said = "hallo, ik wil iets vragen"
    send(page, said)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    assert session_id

    if how == "shift three times":
        for _ in range(3):
            page.keyboard.press("Shift")
    elif how == "escape":
        page.keyboard.press("Escape")
    else:
        page.get_by_role("button", name="Snel weg").focus()
        page.keyboard.press("Enter")
    page.wait_for_url(web.exit_url)

    # Nothing left in the browser: no cookies, nothing in any storage.
    assert context.cookies() == []
    state = context.storage_state()
    assert all(not origin.get("localStorage") for origin in state["origins"])
    left = page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]")
    assert left == ["", 0, 0]
    # Back does not return to the conversation: location.replace swapped its history
    # entry, so Back goes to what came before it (the tab's blank start page).
    page.go_back()
    assert page.url in {"about:blank", web.exit_url}
    assert page.locator("#hulpwijzer").count() == 0
    # The server forgot the conversation (restarted and dropped from memory).
    wait_until(lambda: tracker_forgot(web, session_id, said), page)


def test_shift_count_resets_when_another_key_comes_between(widget, web: WebPage) -> None:
    page, _ = widget
    page.get_by_label("Je bericht").focus()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.type("a")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(web.url + "/") and page.url != web.exit_url


def test_only_this_site_and_rasa_are_contacted(widget, web: WebPage) -> None:
    page, seen = widget
    send(page, ACUTE)
    wait_for_reply(page, seen, 0)
    allowed = {urlsplit(web.url).netloc, urlsplit(web.rasa_url).netloc}
    contacted = {urlsplit(url).netloc for url in seen.requests + seen.sockets}
    assert contacted <= allowed, contacted - allowed
    # User text travels in socket frames only, never in a URL.
    for url in seen.requests + seen.sockets:
        assert "mes" not in url.lower() and "deur" not in url.lower(), url
    # Stored: only the conversation id and its expiry (tests/browser/test_resume.py).
    left = page.evaluate("() => [document.cookie, localStorage.length, Object.keys(sessionStorage),"
                         " JSON.stringify(sessionStorage)]")
    assert left[:3] == ["", 0, ["hulpwijzer.conversation"]]
    assert "mes" not in left[3] and "deur" not in left[3]
    assert not seen.console_errors, seen.console_errors  # also: no CSP violations


@pytest.mark.parametrize(
    "context",
    [{"width": 320, "height": 640}, {"width": 1280, "height": 900}],
    indirect=True,
    ids=["320px", "desktop"],
)
def test_accessibility_has_no_serious_violations(widget, axe_source: str, reports: Path) -> None:
    page, seen = widget
    send(page, ACUTE)
    wait_for_reply(page, seen, 0)
    before = len(bot_events(seen))
    send(page, WORRIED)
    wait_for_reply(page, seen, before)
    expect(page.locator(".hw-reply").first).to_be_visible()

    page.evaluate(axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, serious
    # Works at this width: nothing sticks out sideways, the exit button is on screen.
    width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0
    expect(page.get_by_role("button", name="Snel weg")).to_be_in_viewport()
    expect(page.get_by_text("Direct gevaar?").first).to_be_visible()
    width = page.viewport_size["width"]
    page.screenshot(path=str(reports / f"widget-{width}px.png"))
