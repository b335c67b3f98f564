/*
 * Hulpwijzer chat widget.
 *
 * Runs only on the widget page of its own site (web/static/widget.html, served as
 * /widget), which partners show in an iframe (docs/widget.md):
 *   <script src="/widget.js" data-rasa-url="https://rasa.example.org"
 *           data-exit-url="https://www.google.nl/"></script>
 * Never in a partner's page itself: there the partner's own scripts could read the
 * conversation. The server's Cross-Origin-Resource-Policy keeps other sites from
 * loading this file.
 *
 * Why it is written this way (see docs/widget.md):
 * - Safety first: the "Snel weg" button, Esc and Shift pressed three times replace the
 *   whole tab (the partner's page around the iframe too) through location.replace
 *   (Back does not return), and the server is asked to forget the conversation.
 * - Almost nothing is stored in the browser: no cookies, no localStorage, and no
 *   message text anywhere. Only the server-issued conversation id and its expiry go
 *   into sessionStorage (this tab only, gone when it closes), so a reload resumes the
 *   conversation; the quick exit deletes them first.
 * - Bot text is always set with textContent, never as HTML.
 * - The socket.io client is loaded from the same place as this file.
 * - The Rasa server is reached over https/wss only (http/ws on a loopback host only).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.HulpwijzerWidget) {
    return;
  }
  var base = new URL(".", script.src).href;
  var data = script.dataset || {};

  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000;
  /** How long the quick exit waits for the server to confirm it forgot the conversation.
   *  Leaving at once can cut off the request (the page that sends it is unloaded); the
   *  screen is already empty while it waits, and it never waits longer than this. */
  var FORGET_WAIT_MS = 400;
  var SLOW_REPLY_MS = 15000;
  var MAX_LENGTH = 1000;
  /**
   * The conversation's lifetime on the server: the tracker stores' record_exp (3600 s,
   * bot/endpoints.yml and bot/endpoints.redis.yml) and the domain's session expiry.
   * tests/unit/test_widget_session_ttl.py keeps them equal. A stored id is refreshed
   * on every message and dropped here once the server would have forgotten it.
   */
  var CONVERSATION_TTL_MS = 3600 * 1000;
  var STORAGE_KEY = "hulpwijzer.conversation";
  /** Issued ids are 76 characters; anything odder in storage is not ours. */
  var MAX_ID_LENGTH = 200;

  /** Only http(s) links may leave the widget: never javascript: or data: URLs. */
  function safeUrl(value, relativeTo) {
    if (typeof value !== "string" || !value) {
      return null;
    }
    try {
      var url = new URL(value, relativeTo || undefined);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  var LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

  /**
   * The Rasa URL if it is safe to send a conversation to, else null: https: or wss:,
   * or http:/ws: on this machine only (127.0.0.1, localhost, [::1]). Over plain http
   * anyone on the way (a shared wifi, the router at home) could read every message.
   */
  function rasaEndpoint(value) {
    if (typeof value !== "string" || !value) {
      return null;
    }
    var url;
    try {
      url = new URL(value);
    } catch (e) {
      return null;
    }
    if (url.username || url.password) {
      return null;
    }
    if (url.protocol === "https:" || url.protocol === "wss:") {
      return url.href;
    }
    var local = LOOPBACK_HOSTS.indexOf(url.hostname) >= 0;
    return local && (url.protocol === "http:" || url.protocol === "ws:") ? url.href : null;
  }

  var config = {
    // No attribute: the local default. A refused one: no connection at all (connect()).
    rasaUrl: data.rasaUrl === undefined ? "http://127.0.0.1:5005" : rasaEndpoint(data.rasaUrl),
    socketPath: data.socketPath || "/socket.io/",
    exitUrl: safeUrl(data.exitUrl, window.location.href) || "https://www.google.nl/",
    container: data.container || "#hulpwijzer"
  };

  // All Dutch texts in one place. Numbers only from the project's knowledge base
  // (112 and Veilig Thuis 0800-2000, free and day and night).
  var T = {
    title: "Hulpwijzer",
    intro: "Hoi, ik ben Hulpwijzer. Vertel in je eigen woorden wat er aan de hand is. " +
      "Ik zoek met je uit welke hulp past. Je hoeft je naam niet te geven.",
    danger: "Direct gevaar? Bel 112.",
    exit: "Snel weg",
    exitLabel: "Snel weg: verlaat deze pagina meteen",
    exitHint: "Snel weg kan ook met Esc, of door 3 keer op Shift te drukken.",
    privacy: "Tip: gebruik een privévenster. Dan onthoudt je browser deze pagina niet.",
    inputLabel: "Je bericht",
    placeholder: "Typ je bericht…",
    send: "Verstuur",
    you: "Jij",
    bot: "Hulpwijzer",
    typing: "Hulpwijzer typt…",
    offline: "Er is even geen verbinding. Bij gevaar: bel 112. " +
      "Voor advies: bel Veilig Thuis, 0800-2000 (gratis, dag en nacht).",
    slow: "Het antwoord duurt langer dan normaal. Bij gevaar: bel 112.",
    resumed: "Je gesprek gaat verder waar je was. Je eerdere berichten staan hier niet " +
      "meer, zodat niemand ze later in dit tabblad kan teruglezen.",
    call: "Bel",
    chat: "Chat",
    website: "Website",
    hours: "Bereikbaar",
    emergency: "Nu in gevaar",
    shiftLeft: function (n) {
      return "Shift: nog " + n + " keer drukken om deze pagina te verlaten.";
    },
    shiftReset: "Snel weg met Shift is gestopt."
  };

  var state = {
    socket: null,
    sessionId: null,
    resumeId: null,
    ready: false,
    exiting: false,
    queue: [],
    turn: null,
    slowTimer: null
  };
  var ui = {};

  /* ---------- small DOM helpers (text only, never HTML) ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function link(href, text, external) {
    var a = el("a", "hw-link", text);
    a.href = href;
    if (external) {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    return a;
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  /* ---------- building the widget ---------- */

  function build(root) {
    root.classList.add("hw-root");
    root.setAttribute("lang", "nl");

    var exit = el("button", "hw-exit", T.exit);
    exit.type = "button";
    exit.setAttribute("aria-label", T.exitLabel);
    exit.addEventListener("click", quickExit);

    var section = el("section", "hw-widget");
    section.setAttribute("aria-labelledby", "hw-title");
    var header = el("div", "hw-header");
    var title = el("h2", "hw-title", T.title);
    title.id = "hw-title";
    var danger = el("p", "hw-danger");
    danger.appendChild(document.createTextNode("Direct gevaar? "));
    danger.appendChild(link("tel:112", "Bel 112", false));
    danger.appendChild(document.createTextNode("."));
    header.appendChild(title);
    header.appendChild(danger);

    var log = el("div", "hw-log");
    log.id = "hw-log";
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Gesprek met Hulpwijzer");
    log.tabIndex = 0;

    var typing = el("p", "hw-typing", T.typing);
    typing.hidden = true;
    typing.setAttribute("aria-hidden", "true");

    var status = el("p", "hw-status");
    status.setAttribute("role", "status");
    status.hidden = true;

    var form = el("form", "hw-form");
    form.method = "post";
    form.setAttribute("autocomplete", "off");
    var label = el("label", "hw-label", T.inputLabel);
    label.htmlFor = "hw-input";
    var input = el("textarea", "hw-input");
    input.id = "hw-input";
    input.rows = 2;
    input.maxLength = MAX_LENGTH;
    input.placeholder = T.placeholder;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "true");
    // A plain button, not a submit button: in the partner's sandboxed iframe (no
    // allow-forms) a submit button would do nothing at all.
    var send = el("button", "hw-send", T.send);
    send.type = "button";
    send.addEventListener("click", sendTyped);
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      sendTyped();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendTyped();
      }
    });

    var footer = el("div", "hw-footer");
    footer.appendChild(el("p", "hw-hint", T.exitHint));
    footer.appendChild(el("p", "hw-hint", T.privacy));

    var shiftStatus = el("p", "hw-visually-hidden");
    shiftStatus.setAttribute("role", "status");

    section.appendChild(header);
    section.appendChild(log);
    section.appendChild(typing);
    section.appendChild(status);
    section.appendChild(form);
    section.appendChild(footer);
    root.appendChild(exit);
    root.appendChild(section);
    root.appendChild(shiftStatus);

    ui = {
      root: root, log: log, typing: typing, status: status, input: input, send: send,
      exit: exit, shiftStatus: shiftStatus
    };
    addBubble("bot", T.intro);
  }

  /* ---------- rendering messages ---------- */

  function newTurn() {
    var turn = el("div", "hw-turn");
    ui.log.appendChild(turn);
    state.turn = turn;
    return turn;
  }

  function currentTurn() {
    return state.turn || newTurn();
  }

  function addBubble(who, text) {
    var item = el("div", "hw-msg hw-msg--" + who);
    item.appendChild(el("span", "hw-visually-hidden", (who === "user" ? T.you : T.bot) + ": "));
    item.appendChild(el("p", "hw-text", text));
    (who === "user" ? newTurn() : currentTurn()).appendChild(item);
    if (who === "user") {
      newTurn();
    }
    scrollToEnd();
    return item;
  }

  function removeQuickReplies() {
    var groups = ui.log.querySelectorAll(".hw-replies");
    for (var i = 0; i < groups.length; i++) {
      groups[i].parentNode.removeChild(groups[i]);
    }
  }

  function addQuickReplies(replies) {
    var group = el("div", "hw-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    replies.forEach(function (reply) {
      if (!reply || typeof reply.title !== "string" || typeof reply.payload !== "string") {
        return;
      }
      var button = el("button", "hw-reply", reply.title);
      button.type = "button";
      button.addEventListener("click", function () {
        removeQuickReplies();
        sendMessage(reply.payload, reply.title, "button");
        ui.input.focus();
      });
      group.appendChild(button);
    });
    if (group.childNodes.length) {
      currentTurn().appendChild(group);
      scrollToEnd();
    }
  }

  /** "0800-2000" -> "08002000"; "113 of 0800-0113" -> two numbers. */
  function phoneNumbers(phone) {
    return String(phone)
      .split(/\s+of\s+|,|;|\//)
      .map(function (part) { return part.trim(); })
      .filter(function (part) { return /^\+?[\d\s().-]{3,20}$/.test(part); })
      .map(function (part) {
        return { shown: part, dial: part.replace(/[^\d+]/g, "") };
      });
  }

  function isEmergency(route) {
    return route.service === "112";
  }

  function addRouteCard(route) {
    if (!route || typeof route !== "object") {
      return;
    }
    var emergency = isEmergency(route);
    var card = el("article", "hw-card" + (emergency ? " hw-card--emergency" : "") +
      (route.urgency === "acute" ? " hw-card--acute" : ""));
    card.setAttribute("data-service", String(route.service || ""));
    var name = String(route.name || route.service || "");
    var heading = el("h3", "hw-card-title", name);
    var headingId = "hw-card-" + Math.random().toString(36).slice(2);
    heading.id = headingId;
    card.setAttribute("aria-labelledby", headingId);
    if (emergency) {
      card.appendChild(el("p", "hw-card-badge", T.emergency));
    }
    card.appendChild(heading);
    var where = route.display_name || route.municipality || route.region;
    if (where) {
      card.appendChild(el("p", "hw-card-place", String(where)));
    }
    var actions = el("div", "hw-card-actions");
    if (route.phone) {
      phoneNumbers(route.phone).forEach(function (number) {
        var call = link("tel:" + number.dial, T.call + " " + number.shown, false);
        call.className = "hw-call";
        actions.appendChild(call);
      });
    }
    var chat = safeUrl(route.chat_url);
    if (chat) {
      actions.appendChild(link(chat, T.chat + " met " + name, true));
    }
    var url = safeUrl(route.url);
    if (url && url !== chat) {
      var site = link(url, T.website + " " + new URL(url).hostname.replace(/^www\./, ""), true);
      actions.appendChild(site);
    }
    if (actions.childNodes.length) {
      card.appendChild(actions);
    }
    if (route.hours) {
      card.appendChild(el("p", "hw-card-hours", T.hours + ": " + String(route.hours)));
    }
    var turn = currentTurn();
    if (emergency && turn.firstChild) {
      turn.insertBefore(card, turn.firstChild); // 112 first, whatever came before it
    } else {
      turn.appendChild(card);
    }
    scrollToEnd();
  }

  function onBotMessage(message) {
    if (!message || typeof message !== "object" || state.exiting) {
      return;
    }
    stopWaiting();
    storeId(); // the server's expiry restarted with this turn: so does ours
    if (typeof message.text === "string" && message.text.trim()) {
      addBubble("bot", message.text);
    }
    var replies = message.quick_replies || message.buttons;
    if (Array.isArray(replies) && replies.length) {
      addQuickReplies(replies);
    }
    if (message.custom && typeof message.custom === "object" && message.custom.route) {
      addRouteCard(message.custom.route);
    }
  }

  /* ---------- the conversation id in sessionStorage ---------- */

  /**
   * This tab's sessionStorage, or null where the browser refuses it: in a partner's
   * iframe when third-party storage is blocked (Chromium's private windows and
   * "block third-party cookies", Brave). Even reading the property throws there. The
   * widget then keeps the id in memory only, and a reload starts afresh.
   */
  function tabStorage() {
    try {
      var store = window.sessionStorage;
      return store || null;
    } catch (e) {
      return null;
    }
  }

  function forgetStoredId() {
    var store = tabStorage();
    if (!store) {
      return;
    }
    try {
      store.removeItem(STORAGE_KEY);
    } catch (e) { /* nothing stored, then */ }
  }

  /**
   * The stored id if it is one the server may still know: a string of sane length
   * whose expiry lies in the future, and no further than one lifetime ahead (a later
   * one was not written by this widget). Anything else is deleted. Whether the id is
   * genuine is for the server to say: it answers a forged one with a fresh id.
   */
  function storedId() {
    var store = tabStorage();
    if (!store) {
      return null;
    }
    var entry = null;
    try {
      entry = JSON.parse(store.getItem(STORAGE_KEY) || "null");
    } catch (e) {
      entry = null;
    }
    var now = Date.now();
    if (entry && typeof entry === "object" && typeof entry.id === "string" &&
        entry.id.length > 0 && entry.id.length <= MAX_ID_LENGTH &&
        typeof entry.expires === "number" && entry.expires > now &&
        entry.expires <= now + CONVERSATION_TTL_MS) {
      return entry.id;
    }
    forgetStoredId();
    return null;
  }

  /**
   * Store the id and a new expiry: called when the person sends a message and when an
   * answer arrives, the moments the server's expiry restarts too. Only once something
   * was said: an id without a conversation is not worth keeping.
   */
  function storeId() {
    var store = tabStorage();
    if (!store || !state.sessionId || state.exiting) {
      return;
    }
    try {
      store.setItem(STORAGE_KEY, JSON.stringify({
        id: state.sessionId,
        expires: Date.now() + CONVERSATION_TTL_MS
      }));
    } catch (e) { /* full or refused: the id stays in memory only */ }
  }

  /* ---------- talking to Rasa ---------- */

  function showStatus(text) {
    ui.status.textContent = text || "";
    ui.status.hidden = !text;
  }

  function startWaiting() {
    ui.typing.hidden = false;
    clearTimeout(state.slowTimer);
    state.slowTimer = setTimeout(function () { showStatus(T.slow); }, SLOW_REPLY_MS);
  }

  function stopWaiting() {
    ui.typing.hidden = true;
    clearTimeout(state.slowTimer);
    if (state.ready) {
      showStatus("");
    }
  }

  function emit(text, kind) {
    // The text travels in the socket frame only, never in a URL. The metadata tells a
    // button's payload apart from typed text (the server neutralises both).
    state.socket.emit("user_uttered", {
      message: text,
      session_id: state.sessionId,
      metadata: { hulpwijzer: { kind: kind } }
    });
    storeId();
  }

  function sendMessage(text, shown, kind) {
    text = String(text).trim().slice(0, MAX_LENGTH);
    if (!text || state.exiting) {
      return;
    }
    addBubble("user", shown || text);
    startWaiting();
    if (state.ready) {
      emit(text, kind);
    } else {
      state.queue.push([text, kind]);
    }
  }

  function sendTyped() {
    var text = ui.input.value;
    if (!text.trim()) {
      ui.input.focus();
      return;
    }
    ui.input.value = "";
    removeQuickReplies();
    sendMessage(text, text, "typed");
    ui.input.focus();
  }

  function connect() {
    if (!config.rasaUrl) {
      // For whoever set up the page; the person sees the offline notice with 112.
      console.error("Hulpwijzer: data-rasa-url must be https: or wss: " +
        "(http: or ws: only on 127.0.0.1, localhost or [::1]); not connecting.");
      showStatus(T.offline);
      return;
    }
    if (typeof window.io !== "function") {
      showStatus(T.offline);
      return;
    }
    var socket = window.io(config.rasaUrl, {
      path: config.socketPath,
      transports: ["websocket"],
      reconnectionDelayMax: 10000
    });
    state.socket = socket;
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = typeof sessionId === "string" ? sessionId : state.sessionId;
      state.ready = true;
      if (state.resumeId !== null) {
        // Only the first confirmation after loading the page can resume a stored id.
        if (state.sessionId === state.resumeId) {
          addBubble("bot", T.resumed);
        } else {
          forgetStoredId(); // expired on the server or not genuine: a new conversation
        }
        state.resumeId = null;
      }
      showStatus("");
      var queued = state.queue.splice(0);
      queued.forEach(function (item) { emit(item[0], item[1]); });
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () {
      state.ready = false;
      if (!state.exiting) {
        showStatus(T.offline);
      }
    });
    socket.on("connect_error", function () {
      state.ready = false;
      showStatus(T.offline);
    });
  }

  function loadClient(done) {
    if (typeof window.io === "function") {
      done();
      return;
    }
    var tag = document.createElement("script");
    tag.src = base + "vendor/socket.io.min.js";
    tag.onload = done;
    tag.onerror = function () { showStatus(T.offline); };
    document.head.appendChild(tag);
  }

  /* ---------- quick exit ---------- */

  /**
   * GOV.UK "Exit this page": hide everything at once, ask the server to forget the
   * conversation, forget it here, and replace this page in the history.
   */
  function quickExit(event) {
    if (event && event.preventDefault) {
      event.preventDefault();
    }
    if (state.exiting) {
      return;
    }
    state.exiting = true;
    document.documentElement.classList.add("hw-exiting");
    // First of all, before anything that could fail or navigate: the stored id goes.
    clearStorage();
    var socket = state.socket;
    var sessionId = state.sessionId;
    var forgetting = Boolean(socket && state.ready && sessionId);
    state.socket = null;
    state.sessionId = null;
    state.queue = [];
    if (ui.root && ui.root.parentNode) {
      ui.root.textContent = "";
    }
    var gone = false;
    function go() {
      if (gone) {
        return;
      }
      gone = true;
      try {
        if (socket) {
          socket.disconnect();
        }
      } catch (e) { /* leaving matters more than a clean disconnect */ }
      leave(config.exitUrl);
    }
    if (!forgetting) {
      go();
      return;
    }
    try {
      // Its own event, not user text: the server restarts the conversation and drops
      // it from memory, then acknowledges; the page leaves on that answer, or after
      // FORGET_WAIT_MS whatever happens.
      socket.emit("forget_session", { session_id: sessionId }, go);
    } catch (e) {
      go();
      return;
    }
    setTimeout(go, FORGET_WAIT_MS);
  }

  /**
   * Replace the whole tab with the exit page: in a partner's iframe that is the
   * partner's page (the top window), or the person stays on a page about help.
   * The iframe's sandbox must hold allow-top-navigation: Esc and Shift give the page
   * no "user activation", so allow-top-navigation-by-user-activation would stop them.
   */
  function leave(url) {
    try {
      window.top.location.replace(url);
      return;
    } catch (e) {
      console.error("Hulpwijzer: cannot leave the page around the widget; " +
        "its iframe needs sandbox=\"... allow-top-navigation\" (docs/widget.md).");
    }
    // The conversation is already gone from this frame; empty the frame too.
    window.location.replace("about:blank");
  }

  /**
   * Removes the stored conversation id and anything else with the widget's name, in
   * both stores (localStorage is never written; should an older version have, it goes
   * too). Even reading window.sessionStorage throws where the browser blocks storage
   * for a frame on another site (Chromium's private windows, "block third-party
   * cookies"): each store is read inside the try, or the exit would stop here.
   */
  function clearStorage() {
    ["sessionStorage", "localStorage"].forEach(function (name) {
      try {
        var store = window[name];
        for (var i = store.length - 1; i >= 0; i--) {
          var key = store.key(i);
          if (key && key.toLowerCase().indexOf("hulpwijzer") === 0) {
            store.removeItem(key);
          }
        }
      } catch (e) { /* storage may be blocked: then nothing is in it */ }
    });
  }

  var shift = { count: 0, timer: null };

  function resetShift(announce) {
    if (shift.count && announce) {
      ui.shiftStatus.textContent = T.shiftReset;
    }
    shift.count = 0;
    clearTimeout(shift.timer);
  }

  function onKeyDown(event) {
    if (event.key === "Escape") {
      quickExit(event);
      return;
    }
    if (event.key !== "Shift") {
      resetShift(false);
      return;
    }
    if (event.repeat) {
      return;
    }
    shift.count += 1;
    if (shift.count >= SHIFT_PRESSES) {
      resetShift(false);
      quickExit(event);
      return;
    }
    ui.shiftStatus.textContent = T.shiftLeft(SHIFT_PRESSES - shift.count);
    clearTimeout(shift.timer);
    shift.timer = setTimeout(function () { resetShift(true); }, SHIFT_WINDOW_MS);
  }

  /* ---------- start ---------- */

  function start() {
    var root = document.querySelector(config.container);
    if (!root) {
      root = el("div");
      root.id = "hulpwijzer";
      document.body.appendChild(root);
    }
    build(root);
    state.resumeId = storedId();
    state.sessionId = state.resumeId;
    document.addEventListener("keydown", onKeyDown, true);
    // A page restored from the back/forward cache must not show the old conversation.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && state.exiting) {
        leave(config.exitUrl);
      }
    });
    loadClient(connect);
  }

  window.HulpwijzerWidget = { exit: quickExit, config: config, rasaEndpoint: rasaEndpoint };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
