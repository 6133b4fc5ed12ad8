"""Building large structures fast: the one place that tunes the interpreter for it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large organisation is built and diagnosed.

    Every few hundred new dicts the collector runs, and its full runs walk the whole heap:
    with 10^5 positions that was a third of the time spent loading and building the graph.
    What is built here is freed by reference counting; the collector runs again afterwards.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
