"""A durable-rules host of our own, one per diagnosis, that loses nothing and leaves nothing behind.

durable-rules 2.0.28 (unmaintained since 2020) is vendored in orgdiag/_vendor and compiled when orgdiag is
installed. It has sharp edges, each measured on this project's machines and tested in tests/rules/test_engine.py;
this module is the one place that knows them:

* its C extension may not load (orgdiag run from a checkout never installed, or installed for another Python):
  it is loaded on first use, so that ``import orgdiag`` works and a diagnosis raises
  :class:`~orgdiag.problems.EngineUnavailable` (an ``ImportError``) saying so in one sentence;
* the stock ``Host`` starts two self-re-arming timer threads and is never freed:
  the host of :func:`_private_host` starts none, and :meth:`RuleEngine.close` frees the
  states and the ruleset's C handle;
* ``Ruleset.__init__`` deletes the ``run`` key of the definition it is given:
  definitions are deep-copied per engine;
* a fact's ``id`` is hashed to 32 bits (FNV-1a) and a colliding fact is silently
  rejected: facts get explicit ids from one table of ids that do not collide;
* a batch with a fact that no rule matches raises and leaves actions pending;
  a batch spanning several states runs only the first state's actions: facts are
  asserted one state at a time, and pending actions are flushed with
  ``update_state``;
* exceptions in actions are swallowed into the state: they are read back and raised;
* every fact is counted: a never-completing "census" rule makes the engine store
  every fact it accepts, so facts in = facts stored, or :class:`EngineError`;
* state size is bounded: facts are spread over states of at most ``state_size``
  facts, each deleted once its rules have run, so memory stays flat as orgs grow;
* the engine JSON-encodes every fact it is given and decodes it again: it is given
  only the fields the conditions read, and a match carries the whole fact; the batch
  is encoded, and the stored facts decoded, with orjson rather than Python's json;
* ``delete_state`` crashes the process (segfault, seen here) on a state in which
  no action ever ran: every state gets a sentinel fact whose rule always fires
  once, which also proves that the state's actions ran;
* a fact an action asserts (forward chaining) is only matched when pending actions
  are flushed: the flush is repeated until no action derives anything new;
* a closure's attributes ``s`` and ``host`` (and its methods) hide facts of those
  names: :func:`reserved_fact_names` may not name a rule's facts.

Rules are matched within one state, so a rule that joins several facts only sees
facts of the same state; the rules shipped here match one fact each, on measures
precomputed in networkx (a two-fact join took about six times as long as a one-fact filter on 100,000 facts). A rule may
*derive* a fact (forward chaining): a copy of the fact it matched under a new type,
which later rules match like any other fact of its state.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from orgdiag.problems import EngineError, EngineUnavailable

RULESET = "orgdiag"
CENSUS = "_census"
SENTINEL = "_state"
DEFAULT_STATE_SIZE = 1000
#: durable-rules' C extension, compiled by setup.py into the vendored package's folder
NATIVE = "orgdiag._vendor.durable.durable_rules_engine"
VENDORED = Path(__file__).resolve().parent.parent / "_vendor" / "durable"

Fact = dict[str, Any]


@dataclass(frozen=True)
class _Durable:
    """durable-rules as loaded: its Python engine, its C extension, and our host class built on the first."""

    engine: ModuleType
    native: ModuleType
    host: type


@cache
def _durable() -> _Durable:
    """durable-rules, loaded once, on first use.

    >>> _durable().native.__name__
    'orgdiag._vendor.durable.durable_rules_engine'
    """
    try:
        from orgdiag._vendor.durable import durable_rules_engine, engine
    except ImportError as error:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        if importlib.util.find_spec(NATIVE) is None:
            reason = f"{VENDORED} holds no build of it for this Python"
        else:
            reason = str(error)  # built, yet it does not load: say what the loader said
        raise EngineUnavailable(
            f"the rules engine cannot load on Python {version} ({reason}): it is compiled when orgdiag is "
            "installed, so install orgdiag for this Python with pip or make (README, Installing)"
        ) from error
    return _Durable(engine, durable_rules_engine, _private_host(engine.Host))


@cache
def reserved_fact_names() -> frozenset[str]:
    """Names a rule may not give the facts it matches: durable-rules' closure has attributes or methods of these
    names."""
    closure = _durable().engine.Closure
    return frozenset({"s", "host", *(name for name in dir(closure) if not name.startswith("__"))})


@dataclass(frozen=True)
class State:
    """The facts asserted together under one `sid` (as given), the id each has there, and the id of the state's
    sentinel fact."""

    facts: list[Fact]
    ids: tuple[str, ...]
    sentinel_id: str


@dataclass(frozen=True)
class Match:
    """One firing of a rule: the rule's name and the facts it matched, by their names in the rule."""

    rule: str
    facts: dict[str, Fact]


def fnv1a_32(text: str) -> int:
    """The 32-bit FNV-1a hash durable-rules keys facts by (over the id's UTF-8 bytes).

    >>> fnv1a_32("p2039599") == fnv1a_32("p2222382")
    True
    """
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def fact_names(definition: dict[str, Any]) -> list[str]:
    """The names a rule gives the facts it matches, in order (``m`` in ``{"all": [{"m": ...}]}``)."""
    names = []
    for entry in definition.get("all", definition.get("any", [])):
        for key in entry:
            names.append(key.split("$")[0])
    return names


@cache
def _table_hashes(size: int) -> frozenset[int]:
    ids, sentinel = state_ids(size)
    return frozenset(fnv1a_32(fact_id) for fact_id in (*ids, sentinel))


@cache
def state_ids(size: int) -> tuple[tuple[str, ...], str]:
    """`size` fact ids and a sentinel id, no two of which hash alike: every state uses the same ones.

    Ids only need to be unique within a state, so one collision-free table serves all
    states and no fact's id has to be hashed at run time.

    >>> ids, sentinel = state_ids(3)
    >>> ids, sentinel
    (('f0', 'f1', 'f2'), 'f3')
    >>> first, second = 6059, 264602  # f6059 and f264602 hash alike
    >>> fnv1a_32(f"f{first}") == fnv1a_32(f"f{second}"), f"f{second}" in state_ids(second + 1)[0]
    (True, False)
    """
    ids: list[str] = []
    hashes: set[int] = set()
    number = 0
    while len(ids) <= size:
        candidate = f"f{number}"
        key = fnv1a_32(candidate)
        if key not in hashes:
            hashes.add(key)
            ids.append(candidate)
        number += 1
    return tuple(ids[:size]), ids[size]


def condition_fields(expression: Any) -> set[str]:
    """The fact fields a condition reads: the names it tests, and the fields its joins refer to.

    >>> sorted(condition_fields({"$and": [{"t": "unit"}, {"$gte": {"channels": 1}}, {"owner": {"u": "ref"}}]}))
    ['channels', 'owner', 'ref', 't']
    """
    if isinstance(expression, list):
        return set().union(*(condition_fields(item) for item in expression))
    fields: set[str] = set()
    if isinstance(expression, dict):
        for key, value in expression.items():
            if key.startswith("$"):
                fields |= condition_fields(value)
                continue
            fields.add(key)
            if isinstance(value, dict):  # a join: {"owner": {"u": "ref"}} reads `ref` of the fact named u
                fields |= {target for target in value.values() if isinstance(target, str)}
    return fields


def rule_fields(definition: dict[str, Any]) -> set[str]:
    """The fact fields any condition of a rule reads."""
    entries = definition.get("all", definition.get("any", []))
    return set().union(*(condition_fields(expression) for entry in entries for expression in entry.values()))


def _private_host(stock: type) -> type:
    """A subclass of durable-rules' `stock` Host that starts no timer threads and binds actions by rule name."""

    class _PrivateHost(stock):  # type: ignore[misc]  # durable-rules ships no type hints
        def __init__(self, actions: dict[str, Callable[[Any], None]]):
            self._actions = actions
            super().__init__()

        def _run(self) -> None:
            """The stock host starts two background dispatch loops here; we dispatch synchronously."""

        def get_action(self, action_name: str) -> Callable[[Any], None]:
            return self._actions[action_name]

    return _PrivateHost


class RuleEngine:
    """Run rule definitions (durable-rules JSON syntax) over facts, on a host private to this engine.

    >>> rules = {"big": {"all": [{"m": {"$and": [{"t": "unit"}, {"$gt": {"size": 10}}]}}]}}
    >>> with RuleEngine(rules) as engine:
    ...     [m.facts["m"]["ref"] for m in engine.run([{"t": "unit", "ref": "a", "size": 50},
    ...                                               {"t": "unit", "ref": "b", "size": 5}])]
    ['a']
    """

    def __init__(
        self,
        rules: dict[str, dict[str, Any]],
        state_size: int = DEFAULT_STATE_SIZE,
        derives: dict[str, str] | None = None,
    ):
        """`derives` maps a rule to the type of the fact it derives from its first matched fact."""
        if state_size < 1:
            raise ValueError("state_size must be at least 1")
        self._durable = _durable()
        self.state_size = state_size
        self._matches: list[Match] = []
        self._closed = False
        definitions = copy.deepcopy(rules)
        actions: dict[str, Callable[[Any], None]] = {}
        self._derives = derives or {}
        self._derived_count = 0
        self._derived_this_flush = 0
        self._derived_this_state = 0
        self._derived_allowed = 0
        for name, definition in definitions.items():
            actions[name] = self._recorder(name, fact_names(definition))
            definition["run"] = name
        definitions[CENSUS] = {
            "all": [{"fact": {"$ex": {"t": 1}}}, {"never": {"t": "$census$"}}],
            "run": CENSUS,
        }
        actions[CENSUS] = self._census_fired
        definitions[SENTINEL] = {"all": [{"state": {"t": "$state$"}}], "run": SENTINEL}
        actions[SENTINEL] = self._state_ran
        self._states_ran: set[str] = set()
        #: the fields any condition reads; the engine is given only these (and the ids)
        self._fields = {"t", "id"}.union(*(rule_fields(d) for d in definitions.values()))
        self._current: dict[str, Fact] = {}
        self._kept_keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._host = self._durable.host(actions)
        try:
            self._host.register_rulesets({RULESET: definitions})
        except Exception as error:  # durable-rules raises bare Exceptions for rules it cannot compile
            raise EngineError(f"the rules engine rejected the rules: {error}") from None
        self._ruleset = self._host.get_ruleset(RULESET)
        self._ruleset.assert_facts = self._assert_encoded  # the host dispatches actions around it as before
        #: counts of the last run, for callers that report them
        self.facts_in = 0
        self.facts_handled = 0
        self.states_used = 0

    def _assert_encoded(self, facts: list[Fact]) -> Any:
        """The ruleset's own ``assert_facts``, encoding with orjson: the stock one spends more time in Python's
        json than the engine spends matching."""
        handle = self._ruleset._handle
        return self._ruleset._handle_result(
            self._durable.native.assert_facts(handle, orjson.dumps(facts).decode()), facts
        )

    def _recorder(self, rule: str, names: list[str]) -> Callable[[Any], None]:
        derived_type = self._derives.get(rule)

        def record(closure: Any) -> None:
            facts = {name: self._whole(getattr(closure, name)) for name in names}
            self._matches.append(Match(rule, facts))
            if derived_type:
                closure.assert_fact(self._derived(derived_type, rule, facts[names[0]]))

        return record

    def _derived(self, derived_type: str, rule: str, source: Fact) -> Fact:
        """A copy of the matched fact under a new type, with an id no fact of its state hashes alike."""
        taken = _table_hashes(self.state_size)
        while True:
            candidate = f"d{self._derived_count}"
            self._derived_count += 1
            if fnv1a_32(candidate) not in taken:
                break
        self._derived_this_flush += 1
        self._derived_this_state += 1
        if self._derived_this_state > self._derived_allowed:
            raise EngineError(
                f"the rules derived more than {self._derived_allowed:,} facts from one state: a chain of rules "
                "that derive from each other's facts does not end"
            )
        return {**source, "t": derived_type, "by": rule, "id": candidate}

    def _whole(self, matched: Any) -> Fact:
        """The whole fact behind the slim one the engine matched (a fact an action asserted is taken as is)."""
        slim = dict(matched.items())
        whole = self._current.get(slim.get("id", ""))
        return {**whole, **slim} if whole is not None else slim

    @staticmethod
    def _census_fired(closure: Any) -> None:
        raise EngineError("the census rule fired: a fact has the reserved type '$census$'")

    def _state_ran(self, closure: Any) -> None:
        self._states_ran.add(closure.state.sid)

    def partition(self, facts: list[Fact]) -> Iterator[State]:
        """Spread the facts over states of at most `state_size`, each fact with an explicit id.

        The ids come from :func:`state_ids`, so no two facts of a state hash alike (the engine
        would drop one).
        """
        ids, sentinel = state_ids(self.state_size)
        for start in range(0, len(facts), self.state_size):
            chunk = facts[start : start + self.state_size]
            yield State(chunk, ids[: len(chunk)], sentinel)

    def run(self, facts: list[Fact]) -> list[Match]:
        """Assert the facts, state by state, and return every match in the order the rules fired.

        The engine is given only the fields the rules' conditions read; a match carries the whole fact.
        """
        if self._closed:
            raise EngineError("this engine is closed")
        self._matches = []
        self.facts_in = len(facts)
        self.facts_handled = 0
        self.states_used = 0
        for number, state in enumerate(self.partition(facts)):
            self.facts_handled += self._run_state(str(number), state)
            self.states_used += 1
        if self.facts_handled != self.facts_in:
            raise EngineError(f"the rules engine handled {self.facts_handled} facts of {self.facts_in}")
        return self._matches

    def _slim(self, fact: Fact, fact_id: str, sid: str) -> Fact:
        """The fields of `fact` that a condition reads, with its id in the state and the state's id."""
        keys = tuple(fact)
        kept = self._kept_keys.get(keys)
        if kept is None:  # facts of one type share their keys: worked out once per shape
            kept = self._kept_keys[keys] = tuple(key for key in keys if key in self._fields and key != "id")
        slim = {key: fact[key] for key in kept}
        slim["id"] = fact_id
        slim["sid"] = sid
        return slim

    def _run_state(self, sid: str, state: State) -> int:
        facts = state.facts
        # each fact can be derived once by each deriving rule along a chain that ends: more is a loop
        self._derived_this_state = 0
        self._derived_allowed = len(facts) * len(self._derives) * max(len(self._derives), 1)
        self._current = dict(zip(state.ids, facts, strict=True))
        batch = [self._slim(fact, fact_id, sid) for fact, fact_id in zip(facts, state.ids, strict=True)]
        batch.append({"t": "$state$", "id": state.sentinel_id, "sid": sid})
        try:
            self._host.assert_facts(RULESET, batch)
        except self._durable.engine.MessageNotHandledException:
            pass  # some facts matched no rule: expected; the census below proves none was lost
        except self._durable.engine.MessageObservedException:
            raise EngineError(f"the rules engine rejected a fact of state {sid} as a duplicate") from None
        failure = self._host.get_state(RULESET, sid).get("exception")
        for _ in range(len(self._derives) + 1):  # each flush may derive facts that the next one matches
            self._derived_this_flush = 0
            self._host.update_state(RULESET, {"sid": sid})  # runs pending actions; replaces the state
            failure = failure or self._host.get_state(RULESET, sid).get("exception")
            if not self._derived_this_flush:
                break
        native = self._durable.native
        stored = {fact["id"] for fact in orjson.loads(native.get_facts(self._ruleset._handle, sid))}
        ran = sid in self._states_ran
        if ran:
            self._host.delete_state(RULESET, sid)  # only safe once an action has run in the state
        self._current = {}
        if failure:
            raise EngineError(f"a rule action failed: {failure}")
        if not ran:
            raise EngineError(f"the actions of state {sid} did not run")
        missing = [fact["id"] for fact in batch if fact["id"] not in stored]
        if missing:
            raise EngineError(f"the rules engine lost {len(missing)} facts of state {sid}: {', '.join(missing[:5])}")
        return len(facts)

    def close(self) -> None:
        """Free the ruleset's memory in the C engine. The engine cannot run after this."""
        if not self._closed:
            self._closed = True
            self._durable.native.delete_ruleset(self._ruleset._handle)

    def __enter__(self) -> RuleEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass(frozen=True)
class RunResult:
    """What a run of the rules gave: the matches in the order they fired, and the facts counted."""

    matches: list[Match]
    facts_in: int
    facts_handled: int


def run_rules(
    rules: dict[str, dict[str, Any]],
    facts: list[Fact],
    state_size: int = DEFAULT_STATE_SIZE,
    derives: dict[str, str] | None = None,
) -> RunResult:
    """Run the rules over the facts on an engine of their own, and close it.

    >>> rules = {"big": {"all": [{"m": {"$and": [{"t": "unit"}, {"$gt": {"size": 10}}]}}]}}
    >>> run_rules(rules, [{"t": "unit", "ref": "a", "size": 50}]).facts_handled
    1
    """
    with RuleEngine(rules, state_size=state_size, derives=derives) as engine:
        matches = engine.run(facts)
        return RunResult(matches, engine.facts_in, engine.facts_handled)
