"""A durable-rules host of our own, one per diagnosis, that loses nothing and leaves nothing behind.

durable-rules 2.0.28 has sharp edges, measured in ../shared/DURABLE_RULES.md; this
module is the one place that knows them:

* the stock ``Host`` starts two self-re-arming timer threads and is never freed:
  :class:`_PrivateHost` starts none, and :meth:`RuleEngine.close` frees the
  states and the ruleset's C handle;
* ``Ruleset.__init__`` deletes the ``run`` key of the definition it is given:
  definitions are deep-copied per engine;
* a fact's ``id`` is hashed to 32 bits (FNV-1a) and a colliding fact is silently
  rejected: facts get explicit ids, and a fact whose hash collides with one
  already in a state goes into another state;
* a batch with a fact that no rule matches raises and leaves actions pending;
  a batch spanning several states runs only the first state's actions: facts are
  asserted one state at a time, and pending actions are flushed with
  ``update_state``;
* exceptions in actions are swallowed into the state: they are read back and raised;
* every fact is counted: a never-completing "census" rule makes the engine store
  every fact it accepts, so facts in = facts stored, or :class:`EngineError`;
* state size is bounded: facts are spread over states of at most ``state_size``
  facts, each deleted once its rules have run, so memory stays flat as orgs grow;
* ``delete_state`` crashes the process (segfault, seen here) on a state in which
  no action ever ran: every state gets a sentinel fact whose rule always fires
  once, which also proves that the state's actions ran.

Rules are matched within one state, so a rule that joins several facts only sees
facts of the same state; the rules shipped here match one fact each, on measures
precomputed in networkx (which is also faster, see DURABLE_RULES.md).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import durable_rules_engine
from durable import engine as durable

RULESET = "orgdiag"
CENSUS = "_census"
SENTINEL = "_state"
DEFAULT_STATE_SIZE = 1000

Fact = dict[str, Any]


class EngineError(Exception):
    """The rules engine lost a fact, failed in an action, or refused a rule."""


@dataclass(frozen=True)
class State:
    """The facts asserted together under one `sid`, and the id of the state's sentinel fact."""

    facts: list[Fact]
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


def _sentinel_id(hashes: set[int]) -> str:
    """An id for a state's sentinel fact whose hash no fact of the state has.

    >>> _sentinel_id({fnv1a_32("state0")})
    'state1'
    """
    number = 0
    while fnv1a_32(f"state{number}") in hashes:
        number += 1
    return f"state{number}"


class _PrivateHost(durable.Host):
    """A durable-rules Host that starts no timer threads and binds actions by rule name."""

    def __init__(self, actions: dict[str, Callable[[Any], None]]):
        self._actions = actions
        super().__init__()

    def _run(self) -> None:
        """The stock host starts two background dispatch loops here; we dispatch synchronously."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._actions[action_name]


class RuleEngine:
    """Run rule definitions (durable-rules JSON syntax) over facts, on a host private to this engine.

    >>> rules = {"big": {"all": [{"m": {"$and": [{"t": "unit"}, {"$gt": {"size": 10}}]}}]}}
    >>> with RuleEngine(rules) as engine:
    ...     [m.facts["m"]["ref"] for m in engine.run([{"t": "unit", "ref": "a", "size": 50},
    ...                                               {"t": "unit", "ref": "b", "size": 5}])]
    ['a']
    """

    def __init__(self, rules: dict[str, dict[str, Any]], state_size: int = DEFAULT_STATE_SIZE):
        if state_size < 1:
            raise ValueError("state_size must be at least 1")
        self.state_size = state_size
        self._matches: list[Match] = []
        self._closed = False
        definitions = copy.deepcopy(rules)
        actions: dict[str, Callable[[Any], None]] = {}
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
        self._host = _PrivateHost(actions)
        try:
            self._host.register_rulesets({RULESET: definitions})
        except Exception as error:  # durable-rules raises bare Exceptions for rules it cannot compile
            raise EngineError(f"the rules engine rejected the rules: {error}") from None
        self._ruleset = self._host.get_ruleset(RULESET)
        #: counts of the last run, for callers that report them
        self.facts_in = 0
        self.facts_handled = 0
        self.states_used = 0

    def _recorder(self, rule: str, names: list[str]) -> Callable[[Any], None]:
        def record(closure: Any) -> None:
            self._matches.append(Match(rule, {name: dict(getattr(closure, name).items()) for name in names}))

        return record

    @staticmethod
    def _census_fired(closure: Any) -> None:
        raise EngineError("the census rule fired: a fact has the reserved type '$census$'")

    def _state_ran(self, closure: Any) -> None:
        self._states_ran.add(closure.state.sid)

    def partition(self, facts: list[Fact]) -> Iterator[State]:
        """Give each fact an explicit id and spread the facts over states of at most `state_size`.

        A fact whose id hash collides with one already in its state is deferred to a
        later state, so no two facts of a state share a hash (the engine would drop one).
        """
        state: list[Fact] = []
        hashes: set[int] = set()
        deferred: list[Fact] = []
        for index, fact in enumerate(facts):
            item = {**fact, "id": f"f{index}"}
            key = fnv1a_32(item["id"])
            if key in hashes:
                deferred.append(item)
                continue
            state.append(item)
            hashes.add(key)
            if len(state) == self.state_size:
                yield State(state, _sentinel_id(hashes))
                state, hashes = [], set()
        if state:
            yield State(state, _sentinel_id(hashes))
        while deferred:
            state, hashes, again = [], set(), []
            for item in deferred:
                key = fnv1a_32(item["id"])
                if key in hashes or len(state) == self.state_size:
                    again.append(item)
                else:
                    state.append(item)
                    hashes.add(key)
            yield State(state, _sentinel_id(hashes))
            deferred = again

    def run(self, facts: list[Fact]) -> list[Match]:
        """Assert the facts, state by state, and return every match in the order the rules fired."""
        if self._closed:
            raise EngineError("this engine is closed")
        self._matches = []
        self.facts_in = len(facts)
        self.facts_handled = 0
        self.states_used = 0
        for number, state in enumerate(self.partition(facts)):
            self.facts_handled += self._run_state(str(number), state.facts, state.sentinel_id)
            self.states_used += 1
        if self.facts_handled != self.facts_in:
            raise EngineError(f"the rules engine handled {self.facts_handled} facts of {self.facts_in}")
        return self._matches

    def _run_state(self, sid: str, facts: list[Fact], sentinel_id: str) -> int:
        batch = [{**fact, "sid": sid} for fact in facts]
        batch.append({"t": "$state$", "id": sentinel_id, "sid": sid})
        try:
            self._host.assert_facts(RULESET, batch)
        except durable.MessageNotHandledException:
            pass  # some facts matched no rule: expected; the census below proves none was lost
        except durable.MessageObservedException:
            raise EngineError(f"the rules engine rejected a fact of state {sid} as a duplicate") from None
        failure = self._host.get_state(RULESET, sid).get("exception")
        self._host.update_state(RULESET, {"sid": sid})  # runs pending actions; replaces the state
        failure = failure or self._host.get_state(RULESET, sid).get("exception")
        stored = {fact["id"] for fact in self._host.get_facts(RULESET, sid)}
        ran = sid in self._states_ran
        if ran:
            self._host.delete_state(RULESET, sid)  # only safe once an action has run in the state
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
            durable_rules_engine.delete_ruleset(self._ruleset._handle)

    def __enter__(self) -> RuleEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
