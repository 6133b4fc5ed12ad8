"""The durable-rules wrapper handles every pitfall its module docstring lists (orgdiag/rules/engine.py)."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import pytest

from orgdiag._vendor.durable import durable_rules_engine
from orgdiag._vendor.durable import engine as durable
from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org
from orgdiag.problems import EngineError
from orgdiag.rules.engine import RuleEngine, State, fnv1a_32, state_ids

from conftest import DEMO
from rulecases import case_org

EVERY_UNIT = {"every-unit": {"all": [{"m": {"t": "unit"}}]}}
BIG_UNIT = {"big": {"all": [{"m": {"$and": [{"t": "unit"}, {"$gte": {"size": 10}}]}}]}}


def _units(n: int, size: int = 50) -> list[dict]:
    return [{"t": "unit", "ref": f"u{i}", "size": size} for i in range(n)]


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _colliding_indices() -> tuple[int, int]:
    """Two fact numbers whose engine ids `f<i>` and `f<j>` hash alike under FNV-1a 32."""
    seen: dict[int, int] = {}
    index = 0
    while True:
        key = fnv1a_32(f"f{index}")
        if key in seen:
            return seen[key], index
        seen[key] = index
        index += 1


def test_the_engine_starts_no_threads() -> None:
    before = set(threading.enumerate())
    with RuleEngine(BIG_UNIT) as engine:
        engine.run(_units(5))
        assert set(threading.enumerate()) == before


def test_closing_frees_the_ruleset_in_the_c_engine() -> None:
    engine = RuleEngine(BIG_UNIT)
    engine.run(_units(3))
    handle = engine._ruleset._handle
    engine.close()
    with pytest.raises(Exception, match="Could not get state"):
        durable_rules_engine.get_state(handle, "0")
    with pytest.raises(EngineError, match="closed"):
        engine.run(_units(1))


@pytest.mark.slow
def test_many_engines_do_not_grow_memory() -> None:
    """The stock Host leaked ~9 MB a host (4.6 GB for 500); ours must stay flat."""
    for _ in range(20):  # warm up allocator and caches
        with RuleEngine(BIG_UNIT) as engine:
            engine.run(_units(50))
    before = _rss_kib()
    for _ in range(300):
        with RuleEngine(BIG_UNIT) as engine:
            engine.run(_units(50))
    assert _rss_kib() - before < 40_000


def test_definitions_are_not_consumed() -> None:
    """durable-rules deletes the `run` key of what it is given; a second engine must still work."""
    rules = copy.deepcopy(BIG_UNIT)
    snapshot = copy.deepcopy(rules)
    for _ in range(2):
        with RuleEngine(rules) as engine:
            assert len(engine.run(_units(2))) == 2
    assert rules == snapshot


def test_the_raw_engine_silently_drops_a_fact_whose_id_hash_collides() -> None:
    """The pitfall itself, shown on durable-rules directly, so the next test means something."""
    first, second = _colliding_indices()

    class Host(durable.Host):
        def _run(self) -> None:
            pass

        def get_action(self, name):
            return lambda c: None

    host = Host()
    host.register_rulesets({"raw": {"r": {"all": [{"m": {"t": "unit"}}], "run": "x"}}})
    with pytest.raises(durable.MessageObservedException):
        host.assert_facts(
            "raw", [{"id": f"f{first}", "sid": "0", "t": "unit"}, {"id": f"f{second}", "sid": "0", "t": "unit"}]
        )
    host.update_state("raw", {"sid": "0"})
    assert len(host.get_facts("raw", "0")) == 1
    durable_rules_engine.delete_ruleset(host.get_ruleset("raw")._handle)


@pytest.mark.slow
def test_no_two_facts_of_a_state_get_ids_that_hash_alike() -> None:
    first, second = _colliding_indices()
    ids, sentinel = state_ids(second + 1)
    assert f"f{first}" in ids and f"f{second}" not in ids
    assert len({fnv1a_32(i) for i in (*ids, sentinel)}) == second + 2


def test_the_engine_is_given_only_what_conditions_read_and_matches_carry_the_whole_fact() -> None:
    fact = {"t": "unit", "ref": "a", "size": 50, "notes": ["long", "text"] * 100}
    with RuleEngine(BIG_UNIT) as engine:
        [match] = engine.run([fact])
        assert engine._slim(fact, "f0", "0") == {"t": "unit", "size": 50, "id": "f0", "sid": "0"}
    assert match.facts["m"]["notes"] == fact["notes"] and match.facts["m"]["ref"] == "a"


def test_a_collision_that_reached_a_state_would_be_an_error_not_a_loss() -> None:
    first, second = _colliding_indices()
    pair = [{"t": "unit", "ref": "a"}, {"t": "unit", "ref": "b"}]
    with RuleEngine(EVERY_UNIT) as engine, pytest.raises(EngineError, match="duplicate|lost"):
        engine._run_state("0", State(pair, (f"f{first}", f"f{second}"), "state0"))


def test_facts_that_match_no_rule_are_still_accounted_for() -> None:
    with RuleEngine(BIG_UNIT) as engine:
        matches = engine.run(_units(7, size=1) + _units(3, size=99))
        assert (engine.facts_in, engine.facts_handled) == (10, 10)
    assert len(matches) == 3


def test_a_state_where_no_rule_fires_is_freed_without_crashing() -> None:
    """delete_state segfaults on a state in which no action ran; the sentinel fact prevents it."""
    with RuleEngine(BIG_UNIT, state_size=2) as engine:
        assert engine.run(_units(5, size=1)) == []
        assert engine.states_used == 3


def test_a_lost_fact_is_an_error_not_a_silent_gap() -> None:
    with RuleEngine(BIG_UNIT) as engine:
        two = [{"t": "unit", "ref": "a", "size": 50}, {"t": "unit", "ref": "b", "size": 50}]
        with pytest.raises(EngineError, match="duplicate|lost"):
            engine._run_state("0", State(two, ("f0", "f0"), "state0"))


def test_an_exception_inside_an_action_is_raised() -> None:
    class FailingEngine(RuleEngine):
        def _recorder(self, rule, names):
            def fail(closure):
                raise ValueError("boom in the action")

            return fail

    with FailingEngine(BIG_UNIT) as engine, pytest.raises(EngineError, match="boom in the action"):
        engine.run(_units(2))


def test_a_condition_the_engine_cannot_compile_is_an_engine_error() -> None:
    with pytest.raises(EngineError, match="rejected"):
        RuleEngine({"bad": {"all": [{"m": {"$nonsense": {"size": 1}}}]}})


def test_states_stay_bounded_and_give_the_same_findings() -> None:
    org = load_org(DEMO)
    whole = diagnose(org)
    tiny = diagnose(org, state_size=3)
    assert tiny.findings == whole.findings
    assert tiny.facts_handled == tiny.facts_in == whole.facts_in
    with RuleEngine(EVERY_UNIT, state_size=4) as engine:
        states = list(engine.partition(_units(10)))
        assert [len(s.facts) for s in states] == [4, 4, 2]
        assert engine.run(_units(10)) and engine.states_used == 3


def test_two_diagnoses_in_threads_give_the_same_findings_as_alone() -> None:
    orgs = [load_org(DEMO), case_org("rules/channel-level-strategy/fires-agency-owns-search-strategy")]
    alone = [diagnose(org).findings for org in orgs]
    results: dict[tuple[int, int], tuple] = {}
    barrier = threading.Barrier(2)

    def work(which: int) -> None:
        barrier.wait()
        for round_ in range(15):
            results[(which, round_)] = diagnose(orgs[which], state_size=2).findings

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 30
    for (which, _), findings in results.items():
        assert findings == alone[which]


def test_rules_deriving_from_their_own_facts_are_stopped_not_run_for_ever() -> None:
    """The second guard behind the catalogue's refusal: an engine given a rule that derives the type it matches
    (as a hand-built ruleset could) stops the state with an error once it has derived more than it can."""
    from orgdiag.rules.engine import run_rules

    rules = {"echo": {"all": [{"m": {"$ex": {"t": 1}}}]}}
    facts = [{"t": "unit", "ref": f"u{n}", "id": f"u{n}"} for n in range(5)]
    with pytest.raises(EngineError, match="does not end"):
        run_rules(rules, facts, derives={"echo": "echo"})
