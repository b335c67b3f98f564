"""When the action server is down or slow, still give 112 and Veilig Thuis.

Why: a helpline assistant is needed most at the worst moments, and a dead or hanging
action server must not leave a person without a number. Rasa 3.6 waits up to 300 s for
an action (``DEFAULT_REQUEST_TIMEOUT``) and then answers nothing. This module, once
:func:`install` ran (at server start, see below):

- lowers that time-out to ``ACTION_TIMEOUT`` seconds (default 8), and
- when a custom action cannot be reached or times out, answers with the static domain
  responses ``utter_route_112`` and ``utter_route_veilig_thuis``, which carry the same
  route payloads as the action's answers.

Rasa offers no hook for this, so ``RemoteAction.run`` is wrapped; the wrapper changes
nothing while the action server answers. Actions that reject on purpose
(``ActionExecutionRejection``, e.g. a form slot not filled) are passed through.

Where it is installed: from ONE place, the tracker store's constructor
(``hulpwijzer_rasa.stores.tracker_store.at_server_start``), never when a module is
imported. Why there: Rasa offers plug-ins no start-up hook, but it builds the tracker
store exactly once per server, when the server starts (``load_agent_on_start`` ->
``TrackerStore.create``, for ``rasa run`` and ``rasa shell`` alike) and before any
action runs, from endpoints.yml - the file that also names the action endpoint this
guards. Both endpoints.yml and endpoints.redis.yml name Hulpwijzer's stores. Importing
(tests, tools, the action server) changes nothing in Rasa.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import aiohttp
import rasa.core.actions.action as rasa_action
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 8.0
#: Static responses that carry the route payloads, in the order they are said.
STATIC_ROUTES = ("utter_route_112", "utter_route_veilig_thuis")
_INSTALLED = "_hulpwijzer_resilience"


def timeout_seconds() -> float:
    try:
        return float(os.environ.get("ACTION_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS


def already_said(tracker: Any) -> set[str]:
    """Responses said since the person's last message (no repeats after the rules)."""
    said: set[str] = set()
    for event in reversed(tracker.events):
        if getattr(event, "type_name", None) == "user":
            break
        name = (getattr(event, "metadata", None) or {}).get("utter_action")
        if name:
            said.add(name)
    return said


async def static_routes(nlg: Any, tracker: Any, channel: str) -> list[Any]:
    events = []
    skip = already_said(tracker)
    for response in STATIC_ROUTES:
        if response in skip:
            continue
        message = await nlg.generate(response, tracker, channel)
        if message:
            message["utter_action"] = response
            events.append(rasa_action.create_bot_utterance(message))
    return events


def install() -> None:
    """Wrap ``RemoteAction.run`` once per process and shorten the time-out."""
    rasa_action.DEFAULT_REQUEST_TIMEOUT = timeout_seconds()
    remote = rasa_action.RemoteAction
    if getattr(remote, _INSTALLED, False):
        return
    original = remote.run

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except rasa_action.ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError, aiohttp.ClientError) as error:
            # No user text or place here: only the action's name and the error type.
            logger.warning(
                "Action server unavailable for %s (%s); answering with static routes.",
                self.name(),
                type(error).__name__,
            )
            logger.debug("Action server error: %s", error)
            return await static_routes(nlg, tracker, output_channel.name())

    remote.run = run
    setattr(remote, _INSTALLED, True)
