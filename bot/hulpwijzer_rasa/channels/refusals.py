"""At most one log line per minute for refused socket events, with how many there were.

Why: the channel ignores events for a conversation the socket did not join (someone
trying ids, or a client bug) and says so in the log. One line per event would let any
socket fill the disk and bury the lines that matter, at the cost of a loop of emits.
So the first refusal is logged at once, later ones are only counted, and the next line,
a minute or more later, says how many there were since. The lines never hold an id.

Why not a library: the standard library's logging has no rate limit, and a filter that
drops records would lose the count, which is the useful part.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: At most one line per this many seconds.
INTERVAL_SECONDS = 60.0


@dataclass
class RefusalLog:
    """Counts refusals and logs ``message`` at most once per ``interval`` seconds."""

    logger: logging.Logger
    message: str
    interval: float = INTERVAL_SECONDS
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    #: Refusals since the last line (not yet reported).
    unreported: int = 0
    _last_line: float | None = field(default=None, repr=False)

    def refused(self) -> None:
        """Count one refusal; log a line when the last one is ``interval`` old."""
        self.unreported += 1
        now = self.clock()
        if self._last_line is not None and now - self._last_line < self.interval:
            return
        if self.unreported == 1:
            self.logger.warning(self.message)
        else:
            self.logger.warning("%s (%d times since the last such line)", self.message,
                                self.unreported)
        self.unreported = 0
        self._last_line = now
