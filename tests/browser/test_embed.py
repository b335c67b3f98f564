"""The widget in a partner's iframe, in Chromium: it works and keeps the partner's page out.

Why these tests: the widget used to be a script in the partner's page, where the
partner's own scripts (analytics, session replay) could read the conversation, and the
documented embed did not even load cross-origin. Now a partner shows our ``/widget``
page in an iframe (the snippet in docs/widget.md, used here as written). The page
around it is served by the ``partner`` fixture from another loopback origin; what the
partner's scripts can do is what ``page.evaluate`` does in the top frame.

User activation: Chromium lets a framed page navigate the top window on a keypress
only with ``allow-top-navigation``; Esc and Shift give no user activation, which
``allow-top-navigation-by-user-activation`` would need. A click or Enter in the frame
gives activation for 5 s, so the keyboard exits below wait that out first: they test
what a person pressing Shift three times gets, not what a click just before allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PartnerSite, WebPage, observe, wait_until
from tests.browser.test_widget import (
    ACUTE,
    bot_events,
    tracker_forgot,
    user_events,
    wait_for_reply,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "widget.md"
#: The widget's address in the documented snippet; the tests put the real one there.
DOCUMENTED_HOST = "https://hulpwijzer.example.nl"
#: Chromium's transient user activation lasts 5 s (kActivationLifespan); a bit more.
ACTIVATION_EXPIRES_MS = 5_500
HIT_NOW = "hij slaat me nu"


def documented_snippet() -> str:
    """The first ``<iframe`` code block of docs/widget.md: what partners copy."""
    blocks = re.findall(r"```html\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    snippet = next((b for b in blocks if "<iframe" in b), None)
    assert snippet, "docs/widget.md has no ```html block with the <iframe> snippet"
    return snippet


class IframeAttributes(HTMLParser):
    """The attributes of the first <iframe> in a piece of HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe" and self.attrs is None:
            self.attrs = dict(attrs)


def partner_page(partner: PartnerSite, web: WebPage, name: str, snippet: str | None = None) -> str:
    """A partner's page with the documented snippet pointing at the web server under test.

    Its own script records every message the frame posts to it: the widget must tell
    the page around it nothing.
    """
    snippet = (snippet or documented_snippet()).replace(DOCUMENTED_HOST, web.url)
    return partner.page(name, f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Een partnersite</title></head>
<body><h1>Een partnersite</h1>
<script>
  window.messagesFromFrames = [];
  window.addEventListener("message", function (e) {{ messagesFromFrames.push(String(e.data)); }});
</script>
{snippet}
</body></html>
""")


def open_partner(context: Any, url: str) -> tuple[Any, Any, Any]:
    """The partner's page in a fresh tab, once the widget in its iframe has a session."""
    page = context.new_page()
    seen = observe(page)
    page.goto(url)
    wait_until(lambda: seen.session_id() is not None, page)
    return page, page.frame_locator("iframe"), seen


def send_in(frame: Any, text: str) -> None:
    box = frame.get_by_label("Je bericht")
    box.fill(text)
    box.press("Enter")


def test_documented_snippet_is_the_demo_pages_iframe() -> None:
    """The demo page (web/static/index.html) embeds the widget exactly as partners are told."""
    documented = IframeAttributes(documented_snippet()).attrs
    demo = IframeAttributes((ROOT / "web" / "static" / "index.html").read_text("utf-8")).attrs
    assert documented and demo
    assert documented["src"] == f"{DOCUMENTED_HOST}/widget" and demo["src"] == "/widget"
    for name in ("sandbox", "referrerpolicy", "title"):
        assert documented.get(name) == demo.get(name), name
    assert documented["referrerpolicy"] == "no-referrer"
    assert set(str(documented["sandbox"]).split()) == {
        "allow-scripts", "allow-same-origin", "allow-top-navigation",
        "allow-popups", "allow-popups-to-escape-sandbox",
    }


def test_partner_page_gets_help_through_the_iframe_and_cannot_read_it(
    context: Any, web: WebPage, partner: PartnerSite, reports: Path
) -> None:
    url = partner.origin + partner_page(partner, web, "hulp.html")
    framed: list[Any] = []
    context.on("request", lambda r: r.url == web.url + "/widget" and framed.append(r))
    page, frame, seen = open_partner(context, url)

    send_in(frame, HIT_NOW)
    wait_for_reply(page, seen, 0)
    emergency = frame.locator('.hw-card[data-service="112"]')
    expect(emergency).to_have_count(1)
    expect(emergency.locator('a[href="tel:112"]')).to_be_visible()
    expect(frame.locator(".hw-card").first).to_have_attribute("data-service", "112")
    # The send button works in the sandbox without allow-forms (it is no submit button).
    before = len(bot_events(seen))
    frame.get_by_label("Je bericht").fill("dank je")
    frame.get_by_role("button", name="Verstuur").click()
    wait_until(lambda: len(user_events(seen)) == 2, page)
    wait_for_reply(page, seen, before)
    page.screenshot(path=str(reports / "embed-partner-page-112.png"))

    # What the partner's own scripts (analytics, session replay) can reach: nothing.
    reach = page.evaluate("""() => {
        const frame = document.querySelector("iframe");
        const attempt = (read) => { try { return ["read", String(read())]; }
                                    catch (e) { return ["refused", e.name]; } };
        return {
            contentDocument: frame.contentDocument === null ? null : "a document",
            document: attempt(() => frame.contentWindow.document.body.innerText),
            widget: attempt(() => frame.contentWindow.HulpwijzerWidget),
            storage: attempt(() => frame.contentWindow.sessionStorage.length),
            pageText: document.body.innerText,
            messages: window.messagesFromFrames,
        };
    }""")
    assert reach["contentDocument"] is None
    assert reach["document"] == ["refused", "SecurityError"]
    assert reach["widget"] == ["refused", "SecurityError"]
    assert reach["storage"] == ["refused", "SecurityError"]
    assert "slaat" not in reach["pageText"] and "112" not in reach["pageText"]
    assert reach["messages"] == [], "the widget posts nothing to the page around it"
    # The partner's address (it may say what the page is about) is not sent to us.
    # all_headers: what went over the wire, with what the network stack adds.
    assert len(framed) == 1 and "referer" not in framed[0].all_headers()
    assert not [e for e in seen.console_errors if "Content Security Policy" in e]


def test_frame_ancestors_refuses_a_site_not_in_partner_origins(
    context: Any, web: WebPage, partner: PartnerSite
) -> None:
    """The same partner page from an origin not in PARTNER_ORIGINS shows no widget."""
    path = partner_page(partner, web, "niet-toegestaan.html")
    page = context.new_page()
    seen = observe(page)
    page.goto(partner.foreign_origin + path)
    page.wait_for_timeout(3000)
    assert any("frame-ancestors" in e for e in seen.console_errors), seen.console_errors
    assert seen.sockets == [] and seen.session_id() is None
    assert [f.url for f in page.frames[1:]] != [web.url + "/widget"]
    assert page.frame_locator("iframe").locator(".hw-root").count() == 0


def test_the_old_script_tag_embed_is_refused(
    context: Any, web: WebPage, partner: PartnerSite
) -> None:
    """Cross-Origin-Resource-Policy: widget.js cannot run in a partner's page, even copied."""
    path = partner.page("script-embed.html", f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Oud</title></head><body>
<div id="hulpwijzer"></div>
<script src="{web.url}/widget.js" data-rasa-url="{web.rasa_url}"></script>
</body></html>""")
    page = context.new_page()
    failed: list[tuple[str, str]] = []
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure or "")))
    page.goto(partner.origin + path)
    page.wait_for_timeout(1500)
    # CORP same-origin, as the server sends it on every file but the widget page.
    assert (f"{web.url}/widget.js", "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin") in failed, failed
    assert page.evaluate("() => typeof window.HulpwijzerWidget") == "undefined"
    assert page.locator(".hw-root").count() == 0


def wait_out_user_activation(page: Any) -> None:
    """No Playwright call into the frame here: each would count as user activation."""
    page.wait_for_timeout(ACTIVATION_EXPIRES_MS)


@pytest.mark.parametrize("how", ["shift three times", "escape", "button"])
def test_quick_exit_in_the_iframe_leaves_the_partner_page(
    context: Any, web: WebPage, partner: PartnerSite, how: str
) -> None:
    url = partner.origin + partner_page(partner, web, "snel-weg.html")
    page, frame, seen = open_partner(context, url)
    said = "hallo, ik wil iets vragen"
    send_in(frame, said)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    assert session_id

    if how == "button":
        frame.get_by_role("button", name="Snel weg").click()
    else:
        wait_out_user_activation(page)  # focus stays in the frame's text box
        for key in ["Shift"] * 3 if how == "shift three times" else ["Escape"]:
            page.keyboard.press(key)
    # The whole tab leaves: the partner's page is replaced by the exit page.
    page.wait_for_url(web.exit_url)
    assert context.cookies() == []
    page.go_back()
    assert page.url in {"about:blank", web.exit_url}, "Back returns to the partner page"
    wait_until(lambda: tracker_forgot(web, session_id, said), page)


def test_without_allow_top_navigation_the_keyboard_exit_still_empties_the_frame(
    context: Any, web: WebPage, partner: PartnerSite
) -> None:
    """Why the snippet has allow-top-navigation, and what the widget does without it.

    With ``allow-top-navigation-by-user-activation`` Shift three times cannot leave the
    partner's page (no user activation). The widget then still forgets the conversation
    on the server, empties its frame and says in the console which token is missing.
    """
    weaker = documented_snippet().replace(
        "allow-top-navigation ", "allow-top-navigation-by-user-activation "
    )
    assert weaker != documented_snippet()
    url = partner.origin + partner_page(partner, web, "zwakke-sandbox.html", weaker)
    page, frame, seen = open_partner(context, url)
    said = "hallo, ik wil iets vragen"
    send_in(frame, said)
    wait_for_reply(page, seen, 0)
    session_id = seen.session_id()
    assert session_id

    wait_out_user_activation(page)
    for _ in range(3):
        page.keyboard.press("Shift")
    wait_until(lambda: any("allow-top-navigation" in e for e in seen.console_errors), page)
    assert page.url == url, "the top window stayed: the reason for allow-top-navigation"
    wait_until(lambda: page.frames[1].url == "about:blank", page)
    assert any(e and e[0] == "forget_session" for e in seen.sent if isinstance(e, list))
    wait_until(lambda: tracker_forgot(web, session_id, said), page)


def test_help_links_work_from_the_sandboxed_frame(
    context: Any, web: WebPage, partner: PartnerSite
) -> None:
    """tel: links and new-tab links to help sites work; the new tab is no sandbox."""
    outside: list[str] = []

    def stand_in(route: Any) -> None:
        # The tests make no request beyond loopback: a help site is a stand-in page.
        outside.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Hulpsite</title>")

    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), stand_in)
    url = partner.origin + partner_page(partner, web, "links.html")
    page, frame, seen = open_partner(context, url)
    send_in(frame, ACUTE)
    wait_for_reply(page, seen, 0)

    site = frame.locator('.hw-card a[target="_blank"]').first
    with context.expect_page() as opened:
        site.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert outside and tab.url == outside[0]
    assert tab.evaluate("() => window.opener") is None
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # A sandbox carried over to the new tab would block dialogs (no allow-modals).
    tab.evaluate("() => alert('geen sandbox')")
    assert dialogs == ["geen sandbox"], "the help site opened inside our sandbox"
    tab.close()

    # Last, the tel: link: headless Chromium has no telephone app and keeps the
    # external-protocol prompt open, which would hold up the new tab above.
    frame.locator('.hw-card[data-service="112"] a[href="tel:112"]').click()
    page.wait_for_timeout(500)
    assert not [e for e in seen.console_errors if "sandbox" in e], seen.console_errors
    assert page.url == url
