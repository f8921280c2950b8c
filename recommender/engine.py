"""The one module that touches durable-rules.

Usage follows what we measured (DEVELOPERS.md): one host per process and knowledge-base
version, built from JSON-style rulesets with ``set_rulesets`` (given a copy, since it
mutates its input); intake facts asserted as facts so every matching rule fires; a
catch-all rule so no fact goes unhandled; one session id per evaluation and
``delete_state`` after it so memory stays flat; timer threads disabled.

Our actions only record which rule fired, so we drain the fired actions straight from
durable's C core (the same three calls ``durable.engine`` makes) instead of through its
Python action layer: that layer re-parses the whole fact and re-serialises the session
state for every fired rule, about 20 µs each, which with ~40 firings per intake was 80 %
of the cost of an evaluation.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable, Mapping
from typing import Any

import durable.engine
import durable_rules_engine

from recommender.compiler import CATCH_ALL, Program
from recommender.errors import EngineError
from recommender.facts import derived_key


class _Host(durable.engine.Host):  # type: ignore[misc]
    """A host without background timers; its actions are drained by :class:`Engine`."""

    def _run(self) -> None:
        """Start no timer threads: we never use durable timers or queued events."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        """Durable wants a callable per rule; Engine reads firings itself, so it never runs."""

        def action(c: Any) -> None:  # durable inspects the signature: exactly one argument
            raise EngineError(f"rule action {action_name} was dispatched through durable's host")

        return action


class Engine:
    """Evaluates intake facts against one compiled knowledge base.

    Not thread-safe: use one engine per process (durable holds the GIL anyway).
    """

    def __init__(self, program: Program) -> None:
        self._program = program
        self._host = _Host()
        main = {n: program.rulesets[n] for n in program.stratum_names}
        self._host.set_rulesets(copy.deepcopy(main))
        self._handles = {n: self._host.get_ruleset(n)._handle for n in program.stratum_names}
        self._sessions = itertools.count(1)

    def _assert(self, ruleset: str, fact: Mapping[str, Any]) -> list[str]:
        """Assert one fact in a fresh session; return the names of the rules that fired."""
        handle = self._handles[ruleset]
        sid = str(next(self._sessions))
        try:
            handled, state = durable_rules_engine.assert_fact(
                handle, json.dumps({**fact, "sid": sid})
            )
            if handled == 1:  # pragma: no cover - the catch-all rule matches every intake fact
                raise EngineError(f"no rule of {ruleset} handled the intake fact")
            started = durable_rules_engine.start_action_for_state(handle, state)
            message = started[1] if started else None
            fired = []
            while message:  # each message is '{"<rule name>":{...}}'
                name = message[2 : message.index('"', 2)]
                if name != CATCH_ALL:
                    fired.append(name)
                message = durable_rules_engine.complete_and_start_action(handle, state)
            return fired
        finally:
            durable_rules_engine.delete_state(handle, sid)

    def evaluate(self, fact: Mapping[str, Any]) -> tuple[list[tuple[int, int]], dict[str, Any]]:
        """Run every stratum; return the (rule, alternative) firings and the final fact.

        Facts derived by rules of one stratum are asserted, with the intake, into the next.
        """
        firings: list[tuple[int, int]] = []
        current = dict(fact)
        for ruleset in self._program.stratum_names:
            # durable orders firings by rule (pri); of two alternatives of one rule that
            # both matched, the first one written counts
            matched: dict[int, int] = {}
            for name in self._assert(ruleset, current):
                rule, alternative = self._program.actions[name]
                matched[rule] = min(alternative, matched.get(rule, alternative))
            for rule in sorted(matched):
                firings.append((rule, matched[rule]))
                for derived in self._program.rules[rule].derives:
                    current[derived_key(derived)] = 1
        return firings, current

    def true_atoms(self, final_fact: Mapping[str, Any]) -> set[str]:
        """Which atoms hold for a fact, each matched on its own (for near-miss analysis)."""
        name = self._program.diagnostic_name
        if name not in self._handles:  # built on first use: only `explain` needs it
            self._host.set_rulesets({name: copy.deepcopy(self._program.rulesets[name])})
            self._handles[name] = self._host.get_ruleset(name)._handle
        return {self._program.leaf_actions[a] for a in self._assert(name, final_fact)}
