"""Locust's simulated person for `make load`: types a trainers' scenario, turn by turn, over REST.

Run by hulpwijzer_tools.bench.load as ``locust -f <this file> --headless ...``, one
locust process per step; never imported by the tests (locust's gevent patches the
process that imports it).

Why a think time of 3 to 8 seconds between messages: a person in a chat reads the
answer and types the next message; typing even a short Dutch sentence takes longer
than 8 s for most people, so 3-8 s is a harsh reading of "people typing at once"
(each simulated person sends more than a real one would) and the capacity found is on
the safe side. Without a pause (the old generator) the figure says how fast a queue
grows, not how many people one machine can serve.

Why FastHttpUser: geventhttpclient needs much less CPU per request than requests, and
the load generator shares these 2 cores with the servers it measures.
"""

from __future__ import annotations

import random
import uuid

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

from hulpwijzer_tools.bench.conversations import read_conversations

CONVERSATIONS = read_conversations()
#: A reply later than this counts as an error: nobody in danger waits half a minute.
TIMEOUT_SECONDS = 30


class Person(FastHttpUser):
    """Starts a random scenario as a new conversation, types its turns, then starts another."""

    wait_time = between(3, 8)
    network_timeout = TIMEOUT_SECONDS
    connection_timeout = TIMEOUT_SECONDS

    def on_start(self) -> None:
        self.turns: list[str] = []
        self.sender = ""

    @task
    def type_next_message(self) -> None:
        if not self.turns:
            self.turns = list(random.choice(CONVERSATIONS))
            self.sender = uuid.uuid4().hex
        message = self.turns.pop(0)
        with self.client.post("/webhooks/rest/webhook", json={"sender": self.sender, "message": message},
                              name="turn", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            try:
                answered = bool(response.json())
            except ValueError:  # not JSON: an error page, a cut-off body
                answered = False
            if not answered:
                response.failure("no answer")
