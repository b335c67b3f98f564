"""`make run`: start the action server, Rasa and the web page; Ctrl-C stops all three.

Ports come from RASA_PORT (5005), ACTIONS_PORT (5055) and WEB_PORT (8080), all on
127.0.0.1. Rasa's HTTP API is on for development, behind a token made for this run and
printed here (use it as ``?token=...``); production runs without the API
(docker-compose.yml, docs/production.md).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from types import FrameType

from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.stack import Stack


def main() -> int:
    stack = Stack(
        model=train(),
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        actions_port=int(os.environ.get("ACTIONS_PORT", "5055")),
        web_port=int(os.environ.get("WEB_PORT", "8080")),
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        print("\nstopping Hulpwijzer ...", flush=True)
        stack.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    stack.start()
    print(f"Rasa (REST + socket.io): {stack.rasa_url}", flush=True)
    print(f"Rasa HTTP API token:     {stack.api_token}", flush=True)
    print(f"action server:           {stack.actions_url}", flush=True)
    if "web" in stack.processes:
        print(f"web page with widget:    {stack.web_url}", flush=True)
    print("Ctrl-C stops all of them.", flush=True)
    while True:
        for name, proc in list(stack.processes.items()):
            if proc.poll() is not None:
                print(f"{name} stopped (exit {proc.returncode}); stopping the rest", flush=True)
                stack.stop()
                return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
