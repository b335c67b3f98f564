"""POST JSON to a running server and read its JSON answer: the REST channel, Rasa's API.

Why here and not in tests/: the benchmark and the tests both talk to the servers the
same way, and the tools must not import from tests/ (tests import from the tools).
Why urllib: one request at a time needs no extra HTTP library.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def post_json(url: str, body: dict[str, Any], timeout: float = 60) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")
