"""The one module that touches durable-rules.

Usage follows what we measured (DEVELOPERS.md): one host per process and knowledge-base
version, built from JSON-style rulesets with ``set_rulesets`` (given a copy, since it
mutates its input); intake facts asserted with ``assert_fact`` so every matching rule
fires; a catch-all rule so no fact goes unhandled; one session id per evaluation and
``delete_state`` after it so memory stays flat; timer threads disabled; actions that only
record which rule fired, with exceptions that durable swallows into the state re-raised.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Mapping
from typing import Any

import durable.engine

from recommender.compiler import CATCH_ALL, Program
from recommender.errors import EngineError
from recommender.facts import derived_key


class _Host(durable.engine.Host):  # type: ignore[misc]
    """A host without background timers whose actions call back into Python."""

    def __init__(self, on_fire: Callable[[str], None]) -> None:
        self._on_fire = on_fire
        super().__init__()

    def _run(self) -> None:
        """Start no timer threads: we never use durable timers or queued events."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        """Return the action durable runs when rule ``action_name`` matches."""
        on_fire = self._on_fire

        def action(c: Any) -> None:  # durable inspects the signature: exactly one argument
            on_fire(action_name)

        return action


class Engine:
    """Evaluates intake facts against one compiled knowledge base.

    Not thread-safe: use one engine per process (durable holds the GIL anyway).
    """

    def __init__(self, program: Program) -> None:
        self._program = program
        self._fired: list[str] = []
        self._host = _Host(self._fired.append)
        main = {n: program.rulesets[n] for n in program.stratum_names}
        self._host.set_rulesets(copy.deepcopy(main))
        self._diagnostics_ready = False
        self._sessions = itertools.count(1)

    def _assert(self, ruleset: str, fact: Mapping[str, Any]) -> list[str]:
        sid = str(next(self._sessions))
        self._fired.clear()
        try:
            state = self._host.assert_fact(ruleset, {**fact, "sid": sid})
            if isinstance(state, dict) and "exception" in state:
                raise EngineError(f"a rule action failed in {ruleset}: {state['exception']}")
            return [name for name in self._fired if name != CATCH_ALL]
        except durable.engine.MessageNotHandledException as exc:  # pragma: no cover - catch-all
            raise EngineError(exc.message) from None
        finally:
            self._host.delete_state(ruleset, sid)

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
        if not self._diagnostics_ready:
            self._host.set_rulesets({name: copy.deepcopy(self._program.rulesets[name])})
            self._diagnostics_ready = True
        return {self._program.leaf_actions[a] for a in self._assert(name, final_fact)}
