"""Build the facts and match the rules in several processes, for large organisations.

Both stages are per element: each position's fact depends only on the organisation
context, and the engine matches within bounded states. The C engine never releases
the GIL, so threads would not help; processes forked after the context is built
inherit it (copy-on-write, nothing pickled), each builds the facts of a contiguous
share of the positions and keeps them until it is asked to run the rules on them.
Only the matches travel back.

Forking is used only where it is safe and allowed: on Linux, in a process with no other
thread (a thread holding a lock at the moment of the fork would leave the child
deadlocked), not in a daemonic process (a ``multiprocessing.Pool`` worker may not have
children), unless the host said not to (``orgdiag.host.fork_workers``), and for
organisations large enough to gain from it. Everywhere else one process does it all,
with the same findings.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from orgdiag.measure.facts import OrgContext, facts_of, position_facts
from orgdiag.model.bulk import host
from orgdiag.problems import EngineError
from orgdiag.rules.engine import DEFAULT_STATE_SIZE, Fact, RunResult, run_rules

#: Below this many positions another process costs more than it saves.
PARALLEL_FROM = 20_000


def default_workers() -> int:
    """One process per core, at most four."""
    return max(1, min(os.cpu_count() or 1, 4))


def can_fork() -> bool:
    """Whether forking this process is safe and allowed: Linux, no thread besides this one, not a daemonic
    process, and the host allows it."""
    return (
        host.fork_workers
        and sys.platform == "linux"
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


class FactShards:
    """The facts of one organisation, held by this process and up to `workers - 1` forked ones.

    >>> from orgdiag.orgfile import load_org
    >>> from orgdiag.measure.graph import build_graph
    >>> from orgdiag.measure.facts import org_context
    >>> with FactShards(org_context(build_graph(load_org("fixtures/demo/nordvik-sport.yaml")))) as shards:
    ...     shards.processes, shards.facts_in
    (1, 60)
    """

    def __init__(self, ctx: OrgContext, workers: int = 0):
        positions = ctx.index.of_type("position")
        workers = workers or default_workers()
        if len(positions) < PARALLEL_FROM or not can_fork():
            workers = 1
        parts = _shares(
            positions,
            workers,
            others=1 + sum(len(ctx.index.of_type(kind)) for kind in ("unit", "agency", "channel", "responsibility")),
        )
        self._children: list[tuple[Any, Connection]] = []
        try:
            self._children = [_fork_shard(ctx, part) for part in parts[1:]]
            self.facts: list[Fact] = facts_of(ctx, parts[0])
            self.facts_in = len(self.facts) + sum(_answer(child) for child in self._children)
        except BaseException:
            self.close()
            raise

    def org_fact(self) -> Fact:
        """The one `org` fact, which this process holds (the first of its facts)."""
        first = self.facts[0]
        assert first["t"] == "org", "facts_of puts the org fact first"
        return first

    @property
    def processes(self) -> int:
        return 1 + len(self._children)

    def run_rules(
        self,
        rules: dict[str, dict[str, Any]],
        state_size: int = DEFAULT_STATE_SIZE,
        derives: dict[str, str] | None = None,
    ) -> RunResult:
        """Run the rules over every shard's facts; the matches come back this process's first, then by shard."""
        for _, connection in self._children:
            connection.send((rules, state_size, derives))
        results = [run_rules(rules, self.facts, state_size, derives)]
        results += [_answer(child) for child in self._children]
        return RunResult(
            matches=[match for result in results for match in result.matches],
            facts_in=sum(result.facts_in for result in results),
            facts_handled=sum(result.facts_handled for result in results),
        )

    def close(self) -> None:
        """Tell the other processes to end, and wait for them."""
        for process, connection in self._children:
            with contextlib.suppress(OSError):  # it has already ended; join() below collects it
                connection.send(None)
            connection.close()
            process.join()
        self._children = []

    def __enter__(self) -> FactShards:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _shares(positions: list[str], workers: int, others: int) -> list[list[str]]:
    """Split the positions so that each process gets as many facts: this one also holds the `others`.

    >>> [len(part) for part in _shares(list("abcdefghij"), 2, others=4)]
    [3, 7]
    """
    each = -(-(len(positions) + others) // workers)
    first = max(0, min(len(positions), each - others))
    rest = positions[first:]
    share = -(-len(rest) // (workers - 1)) if workers > 1 and rest else max(1, len(rest))
    return [positions[:first]] + [rest[start : start + share] for start in range(0, len(rest), share)]


def _fork_shard(ctx: OrgContext, positions: list[str]) -> tuple[Any, Connection]:
    forking = multiprocessing.get_context("fork")
    here, there = forking.Pipe()
    process = forking.Process(target=_shard, args=(there, ctx, positions), daemon=True)
    process.start()
    there.close()
    return process, here


def _shard(connection: Connection, ctx: OrgContext, positions: list[str]) -> None:
    """In the forked process: build the share's facts, then run rules on them until told to stop."""
    try:
        facts = position_facts(ctx, positions)
        connection.send(len(facts))
        while (request := connection.recv()) is not None:
            rules, state_size, derives = request
            connection.send(run_rules(rules, facts, state_size, derives))
    except EOFError:
        pass  # the parent went away
    except Exception as error:  # sent to the parent, which raises it
        connection.send(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


def _answer(child: tuple[Any, Connection]) -> Any:
    process, connection = child
    try:
        answer = connection.recv()
    except EOFError:
        answer = f"a process building facts and running rules ended early (exit code {process.exitcode})"
    if isinstance(answer, str):
        raise EngineError(answer)
    return answer
