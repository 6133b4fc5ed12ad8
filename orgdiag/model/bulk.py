"""Building large structures fast: the one place that tunes the interpreter for it, the settings a host
application uses to keep orgdiag from tuning it, and the memory of what was worked out for an organisation.

A host that embeds orgdiag (a web service, a notebook, a worker pool) may need its own process left alone:
``orgdiag.host.pause_collector = False`` keeps Python's cyclic garbage collector running during a diagnosis, and
``orgdiag.host.fork_workers = False`` keeps orgdiag from forking worker processes for large organisations. Both
are read at each call; the findings are the same either way.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, is_not
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

V = TypeVar("V")


@dataclass
class HostSettings:
    """How orgdiag may treat the process it runs in."""

    #: pause the cyclic garbage collector while a large organisation is built and diagnosed (faster)
    pause_collector: bool = True
    #: fork worker processes for organisations of 20,000 positions or more, where that is safe (faster)
    fork_workers: bool = True


#: The settings in force for this process.
host = HostSettings()

_pauses = 0
_enabled_before = True
_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large organisation is built and diagnosed, unless the
    host said not to (:data:`host`); on leaving, the collector is as it was found.

    Every few hundred new dicts the collector runs, and its full runs walk the whole heap:
    with 10^5 positions that was a third of the time spent loading and building the graph.
    What is built here is freed by reference counting; the collector runs again afterwards.
    Pauses in several threads at once nest: the last one out restores the state the first one found.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    if not host.pause_collector:
        yield
        return
    global _pauses, _enabled_before
    with _lock:
        if _pauses == 0:
            _enabled_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _enabled_before:
                _to_oldest_generation()
                gc.enable()


def _to_oldest_generation() -> None:
    """Move every object the collector tracks into its oldest generation, without looking at any.

    What was built during a pause sits in the youngest generation, which the collector walks whole at its next
    run: a third of a second for 10^5 positions, spent on objects that mostly live on. Freezing and unfreezing
    (both a list splice) puts them where long-lived objects go; the collector's full runs still reach them.
    A host that froze objects of its own (``gc.freeze`` before forking workers) keeps them frozen: then nothing
    is moved.
    """
    if gc.get_freeze_count():
        return
    gc.freeze()
    gc.unfreeze()


class PerObject(Generic[V]):
    """A value worked out once for an object and kept while the object lives, found by the object's identity:
    an organisation of a million positions would take longer to hash than most of the work kept for it.

    >>> class Org: pass
    >>> sizes: PerObject[int] = PerObject()
    >>> org = Org()
    >>> sizes.get(org), sizes.keep(org, 3), sizes.get(org)
    (None, 3, 3)
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[weakref.ref[object], V]] = {}
        _EVERY.append(self)

    def get(self, owner: object) -> V | None:
        kept = self._kept.get(id(owner))
        return kept[1] if kept is not None and kept[0]() is owner else None

    def keep(self, owner: object, value: V) -> V:
        key = id(owner)
        self._kept[key] = (weakref.ref(owner, lambda _: self._kept.pop(key, None)), value)
        return value

    def forget(self, owner: object) -> None:
        self._kept.pop(id(owner), None)


#: Every PerObject, so that what was worked out for an object a host has since changed can be forgotten.
_EVERY: list[PerObject[Any]] = []


def forget_worked_out(owner: object) -> None:
    """Forget every value kept for `owner`: a host changed it (an item appended to an organisation's lists), and
    what was worked out from it before no longer holds."""
    for kept in _EVERY:
        kept.forget(owner)


def any_given(items: Sequence[object], name: str) -> bool:
    """Whether any item gives the attribute `name` (it is not None), asked at C speed: a question an organisation
    without the data asks of each of its 10^5 positions.

    >>> from types import SimpleNamespace as Item
    >>> any_given([Item(pay=None), Item(pay=0)], "pay"), any_given([Item(pay=None)], "pay")
    (True, False)
    """
    return any(map(is_not, map(attrgetter(name), items), repeat(None)))


def any_set(items: Iterable[object], name: str) -> bool:
    """Whether any item's attribute `name` is set (true: a non-empty tuple, a text, a true flag), asked at C speed.

    >>> from types import SimpleNamespace as Item
    >>> any_set([Item(staff=()), Item(staff=("clerk",))], "staff"), any_set([Item(staff=())], "staff")
    (True, False)
    """
    return any(map(attrgetter(name), items))


def fields_given(models: Iterable[BaseModel]) -> frozenset[str]:
    """The fields any of the models was given (every other field holds its default in all of them), in one pass at C
    speed: a measure of data no row gives (pay in an org file written by hand) then costs nothing at 10^5 rows.

    >>> from orgdiag.model import Position
    >>> sorted(fields_given([Position(id="a", title="A"), Position(id="b", title="B", grade="SCS1")]))
    ['grade', 'id', 'title']
    """
    return frozenset().union(*map(attrgetter("model_fields_set"), models))


def share_fields_sets(models: Iterable[BaseModel]) -> None:
    """Frozen models given the same fields made to share one set of their names.

    Pydantic keeps with each model the set of the fields it was given (:attr:`~pydantic.BaseModel.model_fields_set`):
    728 bytes for a position's five, more than the position's own values, 70 MB at 10^5 positions. A frozen model
    never changes its set, and ``model_copy`` copies it before adding to it: one set per kind of row is enough. Done
    at C speed.

    >>> from orgdiag.model import Position
    >>> posts = [Position(id="a", title="A"), Position(id="b", title="B"), Position(id="c", title="C", grade="G7")]
    >>> share_fields_sets(posts)
    >>> posts[0].model_fields_set is posts[1].model_fields_set, sorted(posts[2].model_fields_set)
    (True, ['grade', 'id', 'title'])
    >>> sorted(posts[0].model_copy(update={"grade": "G6"}).model_fields_set), sorted(posts[1].model_fields_set)
    (['grade', 'id', 'title'], ['id', 'title'])
    """
    models = list(models)
    sets = list(map(attrgetter("__pydantic_fields_set__"), models))
    shared: dict[frozenset[str], set[str]] = {}
    kept = map(shared.setdefault, map(frozenset, sets), sets)
    deque(map(object.__setattr__, models, repeat("__pydantic_fields_set__"), kept), maxlen=0)
