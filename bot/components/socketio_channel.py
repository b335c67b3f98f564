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

3. Typed text is neutralised (``components.user_text``): "/intent{...}" is read as words.
4. A ``forget_session`` event for the quick exit ("Snel weg"): the conversation is
   restarted and removed from the tracker store, Redis or memory
   (``components.tracker_store.forget_conversation``). It is its own event, so
   forgetting never travels as user text, and a socket can only forget the session
   room it joined.

Everything else (events, session handshake, metadata) is unchanged, so any standard
socket.io web chat client still works. ``bot/credentials.yml`` names this class as
``components.socketio_channel.SocketIOInput``.
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
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
from socketio import AsyncServer

from components.tracker_store import forget_conversation
from components.user_text import neutralise

logger = logging.getLogger(__name__)

#: The widget's quick exit asks for this with ``{"session_id": ...}``.
FORGET_EVENT = "forget_session"
#: Rasa's built-in intent that runs ``action_restart``; sent by the channel, never typed.
RESTART_COMMAND = "/restart"


class SocketBlueprint(stock.SocketBlueprint):
    """Keeps the Sanic app, whose ``ctx.agent`` holds the tracker store to forget from."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


async def forget_tracker(app: Sanic | None, sender_id: str) -> bool:
    """Remove a conversation from the app's tracker store, Redis and memory alike
    (``components.tracker_store.forget_conversation``). Returns whether anything was
    removed.
    """
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return await forget_conversation(getattr(agent, "tracker_store", None), sender_id)


class SocketIOOutput(stock.SocketIOOutput):
    """Sends bot messages to one session room; custom json travels under ``custom``."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Emit ``{"custom": json_message}`` so any payload shape reaches the widget."""
        await self._send_message(recipient_id, {"custom": json_message})


class SocketIOInput(stock.SocketIOInput):
    """Rasa's socket.io input channel, using :class:`SocketIOOutput` and awaiting rooms."""

    def get_output_channel(self) -> stock.SocketIOOutput | None:
        """Output channel for messages Rasa sends outside a user turn (reminders, API)."""
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOOutput(self.sio, self.bot_message_evt)

    def _sender_id(self, sid: str, data: dict[str, Any]) -> str | None:
        """The conversation id: the session id the widget holds, or the socket id."""
        if not self.session_persistence:
            return sid
        session_id = data.get("session_id")
        if not session_id or not isinstance(session_id, str):
            logger.warning("socket.io message without a session_id ignored (sid %s)", sid)
            return None
        return session_id

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The stock blueprint's events, with the fixes described in the module docstring."""
        # An empty list turns python-socketio's own CORS handling off; Rasa's --cors
        # setting (Sanic-Cors) answers for the HTTP long-polling transport.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

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
        async def disconnect(sid: str) -> None:
            logger.debug("socket.io client %s disconnected", sid)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            if not isinstance(data.get("session_id"), str) or not data["session_id"]:
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(entered):  # a coroutine since python-socketio 5.x
                    await entered
            await sio.emit("session_confirm", data["session_id"], room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: dict) -> None:
            if not isinstance(data, dict):
                return
            sender_id = self._sender_id(sid, data)
            if sender_id is None:
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            text = data.get("message", "")
            message = UserMessage(
                neutralise(text) if isinstance(text, str) else "",
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
            await on_new_message(message)

        @sio.on(FORGET_EVENT, namespace=self.namespace)
        async def forget_session(sid: str, data: dict | None) -> None:
            sender_id = self._sender_id(sid, data if isinstance(data, dict) else {})
            if sender_id is None:
                return
            if self.session_persistence and sender_id not in sio.rooms(sid, self.namespace):
                logger.warning("socket.io client %s asked to forget a session it is not in", sid)
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
