"""The socket.io channel of the website widget: Rasa's stock channel with two fixes.

Why not the stock ``socketio`` channel of Rasa 3.6:

1. ``SocketIOOutput.send_custom_json`` does ``sio.emit("bot_uttered", **json_message)``.
   Our route payload ``{"route": {...}}`` then becomes an unexpected keyword argument and
   the message is lost (or the action crashes). The widget needs the route to draw the
   card with the phone number, so custom json is sent as ``{"custom": json_message}``,
   the same shape the REST channel uses.
2. With ``session_persistence: true`` the stock handler calls ``sio.enter_room(...)``
   without ``await``. python-socketio 5.x made ``AsyncServer.enter_room`` a coroutine,
   so the browser never joins its session room and every bot message, addressed to
   that room, goes nowhere. Here it is awaited.

Two additions for the widget:

3. Typed text is neutralised (``hulpwijzer_rasa.nlu.user_text``): "/intent{...}" is read as words.
4. A ``forget_session`` event for the quick exit ("Snel weg"): the conversation is
   restarted and removed from the tracker store, Redis or memory
   (``hulpwijzer_rasa.stores.tracker_store.forget_conversation``). It is its own event, so
   forgetting never travels as user text.

And conversations are bound to the browser that holds their id (``hulpwijzer_rasa.channels.session_ids``):

5. Only the server issues conversation ids, signed with ``HULPWIJZER_SESSION_SECRET``.
   ``session_request`` with an id the server did not issue (made up, altered, too long,
   a REST sender name) is answered with a fresh id in ``session_confirm``, exactly as
   Rasa's protocol answers a request without one; a client that sends back the id it
   was given (a reconnecting widget) resumes its conversation - as long as the tracker
   store still holds it (:func:`confirmed_session_id`). After a restart with the
   in-memory store, or once Redis let the conversation expire, the server would start
   empty while the widget said "Je gesprek gaat verder waar je was": such an id is
   answered with a fresh one too, and the widget starts a new conversation.
6. The server remembers which conversation each socket joined. ``user_uttered`` and
   ``forget_session`` act on that conversation only: an event naming another
   session id, or sent before ``session_request``, is ignored. Metadata over
   :data:`MAX_METADATA_BYTES` is dropped. Conversation ids are never logged.

7. Only the widget's own pages may open a socket: a browser ``Origin`` outside
   ``HULPWIJZER_WIDGET_ORIGINS`` gets HTTP 400 at the engine.io handshake
   (``hulpwijzer_rasa.channels.origins``).

The events and their payloads are Rasa's (``session_request`` / ``session_confirm`` /
``user_uttered`` / ``bot_uttered``), so any standard socket.io web chat client still
works; one that makes up its own id simply gets the server's. ``bot/credentials.yml``
names this class as ``hulpwijzer_rasa.channels.socketio.SocketIOInput``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels import socketio as stock
from rasa.core.channels.channel import (
    CollectingOutputChannel,
    UserMessage,
    decode_bearer_token,
)
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_cors.core import SANIC_CORS_EVALUATED
from socketio import AsyncServer

from hulpwijzer_rasa.channels.origins import allowed_origins, for_host, is_loopback_origin
from hulpwijzer_rasa.channels.refusals import RefusalLog
from hulpwijzer_rasa.channels.session_ids import SessionIds, check_secret_for_host
from hulpwijzer_rasa.nlu.user_text import neutralise
from hulpwijzer_rasa.stores.tracker_store import forget_conversation, holds_conversation

logger = logging.getLogger(__name__)

#: The widget's quick exit asks for this with ``{"session_id": ...}``.
FORGET_EVENT = "forget_session"
#: Rasa's built-in intent that runs ``action_restart``; sent by the channel, never typed.
RESTART_COMMAND = "/restart"
#: The widget sends ``{"hulpwijzer": {"kind": ...}}``; more than this (as JSON) is dropped.
MAX_METADATA_BYTES = 4096
#: How long a closed socket's conversation stays known. The quick exit sends
#: ``forget_session`` and disconnects in one burst, and python-socketio may run the
#: disconnect before that event's handler: the event must still find its conversation.
#: A closed socket sends nothing more and socket ids are never reused.
DISCONNECT_GRACE_SECONDS = 10.0


async def _maybe_await(result: Any) -> Any:
    """python-socketio 5.x made room calls coroutines; older versions return None."""
    return await result if inspect.isawaitable(result) else result


def bounded_metadata(raw: Any) -> dict[str, Any]:
    """The message metadata as a dict, or ``{}`` when malformed or over the size limit."""
    if isinstance(raw, str):
        if len(raw.encode("utf-8")) > MAX_METADATA_BYTES:
            return {}
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    if not isinstance(raw, dict):
        return {}
    try:
        size = len(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        return {}
    return raw if size <= MAX_METADATA_BYTES else {}


class SocketBlueprint(stock.SocketBlueprint):
    """Keeps the Sanic app, whose ``ctx.agent`` holds the tracker store to forget from,
    and leaves the CORS headers of the socket.io path to engine.io."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)
        app.register_middleware(self.leave_cors_to_engineio, "request")

    async def leave_cors_to_engineio(self, request: Request) -> None:
        """engine.io checks the Origin of the socket.io path and answers its CORS
        headers itself (``cors_allowed_origins``). Rasa's ``--cors`` (Sanic-CORS, for the
        whole app) would add a second ``Access-Control-Allow-Origin``, and a browser
        refuses a polling answer with two. Sanic-CORS's own "already evaluated" mark,
        the one its ``@cross_origin`` decorator sets, makes it skip this path.
        """
        if request.path.strip("/") == str(self.ctx.socketio_path).strip("/"):
            setattr(request.ctx, SANIC_CORS_EVALUATED, "1")


def tracker_store_of(app: Sanic | None) -> Any | None:
    """The tracker store of the agent Rasa keeps in ``app.ctx.agent`` (None without one)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return getattr(agent, "tracker_store", None)


async def forget_tracker(app: Sanic | None, sender_id: str) -> bool:
    """Remove a conversation from the app's tracker store, Redis and memory alike
    (``hulpwijzer_rasa.stores.tracker_store.forget_conversation``). Returns whether anything was
    removed.
    """
    return await forget_conversation(tracker_store_of(app), sender_id)


async def confirmed_session_id(ids: SessionIds, store: Any | None, asked: Any) -> str:
    """The id to answer a ``session_request`` asking for ``asked`` with.

    ``asked`` itself only when this server signed it AND the tracker store still holds
    that conversation (one lookup, made only for a validly signed id); otherwise a fresh
    id, so the widget never says a conversation goes on that the server no longer has.
    """
    session_id = ids.verify(asked)
    if session_id is not None and await holds_conversation(store, session_id):
        return session_id
    return ids.issue()


class SocketIOOutput(stock.SocketIOOutput):
    """Sends bot messages to one session room; custom json travels under ``custom``."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Emit ``{"custom": json_message}`` so any payload shape reaches the widget."""
        await self._send_message(recipient_id, {"custom": json_message})


class SocketIOInput(stock.SocketIOInput):
    """Rasa's socket.io input channel, with server-issued ids bound to their sockets."""

    def __init__(
        self,
        *args: Any,
        session_ids: SessionIds | None = None,
        widget_origins: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session_ids = session_ids or SessionIds.from_environment()
        #: The pages that may open a socket (None: unset, this machine's pages on loopback).
        self.widget_origins = widget_origins if widget_origins is not None else allowed_origins()
        #: socket id -> the conversation id it joined through ``session_request``.
        self.joined: dict[str, str] = {}
        self.disconnect_grace = DISCONNECT_GRACE_SECONDS
        #: One warning per minute at most, with a count (a loop of emits cannot flood the log).
        self.refusals = RefusalLog(
            logger, "socket.io event(s) for a session the socket did not join ignored"
        )

    def get_output_channel(self) -> stock.SocketIOOutput | None:
        """Output channel for messages Rasa sends outside a user turn (reminders, API)."""
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOOutput(self.sio, self.bot_message_evt)

    def _sender_id(self, sid: str, data: dict[str, Any]) -> str | None:
        """The conversation this socket joined, if ``data`` names that one; else None.

        Without session persistence the socket id itself is the conversation.
        """
        if not self.session_persistence:
            return sid
        joined = self.joined.get(sid)
        if joined is None or data.get("session_id") != joined:
            self.refusals.refused()
            return None
        return joined

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The stock blueprint's events, with the fixes described in the module docstring."""
        # engine.io refuses a browser Origin outside the list with HTTP 400, before any
        # session exists (hulpwijzer_rasa.channels.origins); unset, until the listener
        # below knows the host, only this machine's pages.
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.widget_origins if self.widget_origins is not None
            else is_loopback_origin,
        )
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @socketio_webhook.listener("before_server_start")
        async def check_secret(app: Sanic, _: Any) -> None:
            check_secret_for_host(self.session_ids, app.state.host)
            sio.eio.cors_allowed_origins = for_host(self.widget_origins, app.state.host)
            if self.session_ids.ephemeral:
                logger.warning(
                    "HULPWIJZER_SESSION_SECRET is not set: conversation ids are signed with "
                    "a random secret of this process only (fine on loopback for development "
                    "and tests; they do not survive a restart)"
                )

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            payload = None
            if token:
                payload = decode_bearer_token(token, self.jwt_key, self.jwt_algorithm)
            return bool(payload)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, *_: Any) -> None:  # python-socketio >= 5.12 adds a reason
            asyncio.get_running_loop().call_later(self.disconnect_grace, self.joined.pop, sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            store = tracker_store_of(getattr(socketio_webhook.ctx, "app", None))
            session_id = await confirmed_session_id(self.session_ids, store, asked)
            if self.session_persistence:
                previous = self.joined.get(sid)
                if previous is not None and previous != session_id:
                    await _maybe_await(sio.leave_room(sid, previous, namespace=self.namespace))
                await _maybe_await(sio.enter_room(sid, session_id, namespace=self.namespace))
                self.joined[sid] = session_id
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: dict) -> None:
            if not isinstance(data, dict):
                return
            sender_id = self._sender_id(sid, data)
            if sender_id is None:
                return
            text = data.get("message", "")
            message = UserMessage(
                neutralise(text) if isinstance(text, str) else "",
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=bounded_metadata(data.get(self.metadata_key)),
            )
            await on_new_message(message)

        @sio.on(FORGET_EVENT, namespace=self.namespace)
        async def forget_session(sid: str, data: dict | None) -> None:
            # Only the conversation this socket joined: _sender_id checks the ownership.
            sender_id = self._sender_id(sid, data if isinstance(data, dict) else {})
            if sender_id is None:
                return
            # Restart first (works with every tracker store), then drop it from memory.
            # The collecting channel swallows any reply: the person has left.
            await on_new_message(
                UserMessage(
                    RESTART_COMMAND,
                    CollectingOutputChannel(),
                    sender_id,
                    input_channel=self.name(),
                    metadata={"hulpwijzer": {"kind": "exit"}},
                )
            )
            app = getattr(socketio_webhook.ctx, "app", None)
            agent = getattr(getattr(app, "ctx", None), "agent", None)
            if agent is not None and getattr(agent, "lock_store", None) is not None:
                async with agent.lock_store.lock(sender_id):
                    await forget_tracker(app, sender_id)
            else:
                await forget_tracker(app, sender_id)

        return socketio_webhook
