"""The intake questionnaire's flow: which questions apply, checking answers, the review.

No terminal I/O here. An :class:`Asker` (the CLI's questionary adapter, or its plain
numbered fallback) shows a :class:`Prompt` and returns the raw answer; this module decides
what to ask next, refuses a bad answer with the intake model's own reason, and builds the
intake from the answers. Answers are kept by question key (``business.name``,
``platforms.facebook.followers``) as the model's validated values.

Every answer is checked the same way, typed or read from a file: the model validates the
field (its constraints and its validators, with the knowledge base's platforms and
currencies), then :func:`~recommender.intake.contradictions` runs on the answers so far as
soon as every answer it reads is known, and an answer that brings a new contradiction is
refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from recommender import formatting, localize
from recommender.errors import IntakeError, Problem, UserError
from recommender.i18n import _, get_language, pick
from recommender.intake import SCHEMA_VERSION, Intake, contradictions
from recommender.intake_file import validate_intake, validation_context
from recommender.knowledge import KnowledgeBase
from recommender.questions import PERCENT, QUESTIONS, SECTION_TITLES, Kind, Question, all_questions
from recommender.typed_answers import number_text, split_list, typed_date
from recommender.validation import allowed, dotted, model_at, problems_from, suggest
from recommender.yamlio import line_of

Check = Callable[[Any], str | None]
_ITEM_ID = "id"  # per-item answers (platforms) are lists of mappings identified by their id
_PARENTS = {q.key for q in QUESTIONS if q.per_item}
_BLANK = object()
# a larger upper bound only guards against typos: "1 or more" reads better than "1–100000"
_SHOWN_MAXIMUM = 1000


@dataclass(frozen=True)
class Step:
    """One question to ask; per-item questions are asked once per chosen item."""

    question: Question
    key: str
    item: str | None = None


@dataclass(frozen=True)
class Prompt:
    """What an asker shows for one question (all text already translated)."""

    key: str
    text: str
    help: str
    kind: Kind
    required: bool
    choices: tuple[tuple[str, str], ...]  # (value, label) for closed sets
    default: Any  # the current or suggested answer, as a value
    default_text: str  # the same, as it would be typed
    separator: str
    position: int
    error: str | None = None  # why the answer from a file was refused
    section: str = ""  # the heading of the intake section the question is in, if it has one


@dataclass(frozen=True)
class ReviewItem:
    """One answer in the review."""

    key: str
    label: str
    shown: str


class Asker(Protocol):
    """Asks questions in a terminal (or anywhere): the only part that does I/O."""

    def ask(self, prompt: Prompt, check: Check) -> Any:
        """Ask until ``check`` accepts the raw answer (returns None), and return it."""

    def review(self, items: Sequence[ReviewItem], error: str | None) -> str | None:
        """Show every answer; return the key of one to change, or None to save."""


class Questionnaire:
    """The answers given so far, and what to ask next."""

    def __init__(self, kb: KnowledgeBase, ask: Iterable[str] = ()) -> None:
        self.kb = kb
        self.answers: dict[str, Any] = {}
        self.refused: dict[str, str] = {}
        self._context = validation_context(kb)
        self._reask = tuple(ask)
        self._asked: set[str] = set()
        self._change: str | None = None
        for key in self._reask:
            self._check_key(key)

    # -- which questions apply ---------------------------------------------------------

    def _walk(
        self, answers: Mapping[str, Any], known: dict[str, Any] | None = None
    ) -> Iterator[tuple[Step, bool]]:
        """Every question in order, and whether it applies given the answers before it.

        ``known`` collects the answers that count (those of questions that apply, and those
        kept although the question is only asked on a condition). The caller may add
        answers while walking: conditions read them as the walk goes on.
        """
        known = {} if known is None else known
        for question in QUESTIONS:
            yield from self._visit(Step(question, question.key), answers, known)
            for item in known.get(question.key, ()) if question.per_item else ():
                for sub in question.per_item:
                    step = Step(sub, sub.key.replace("*", item, 1), item)
                    yield from self._visit(step, answers, known)

    @staticmethod
    def _visit(
        step: Step, answers: Mapping[str, Any], known: dict[str, Any]
    ) -> Iterator[tuple[Step, bool]]:
        when = step.question.when
        applies = when is None or when.holds(known)
        yield step, applies
        if step.key in answers and _kept(step, applies):
            known[step.key] = answers[step.key]

    def _counted(self, answers: Mapping[str, Any]) -> tuple[list[Step], dict[str, Any]]:
        """The questions whose answers count, and those answers."""
        known: dict[str, Any] = {}
        walked = [step for step, _applies in self._walk(answers, known)]
        return [step for step in walked if step.key in known], known

    def _effective(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return self._counted(answers)[1]

    def _steps(self) -> list[Step]:
        return self._counted(self.answers)[0]

    def next_step(self) -> Step | None:
        """The next question to ask, or None when every question that applies is answered."""
        for step in self._steps() if self._change else ():
            if step.key == self._change:  # chosen at the review
                return step
        self._change = None
        for step, applies in self._walk(self.answers):
            if applies and (step.key not in self.answers or self._wanted_again(step.key)):
                return step
        return None

    def _wanted_again(self, key: str) -> bool:
        return key not in self._asked and any(
            key == field or key.startswith(field + ".") for field in self._reask
        )

    def change(self, key: str) -> None:
        """Ask the question ``key`` again next (from the review)."""
        self._change = key

    # -- checking answers ----------------------------------------------------------------

    def problem(self, step: Step, raw: Any) -> str | None:
        """Why ``raw`` is refused as the answer to ``step``, or None when it is fine."""
        return self._checked(step, raw)[1]

    def give(self, step: Step, raw: Any) -> None:
        """Record an answer the asker got accepted by :meth:`problem`."""
        value, problem = self._checked(step, raw)
        if problem is not None:
            raise ValueError(f"the answer to {step.key} was refused: {problem}")
        self.answers[step.key] = value
        self.refused.pop(step.key, None)
        self._asked.add(step.key)
        if self._change == step.key:
            self._change = None

    def _checked(self, step: Step, raw: Any) -> tuple[Any, str | None]:
        question = step.question
        try:
            value = _parse(question, raw)
        except ValueError as exc:
            return None, str(exc)
        if value is _BLANK:
            if question.required:
                return None, _("an answer is required")
            value = question.blank
        else:
            try:
                value = self._validate(question, value)
            except ValidationError as exc:
                return None, "; ".join(
                    p.message for p in problems_from(exc, None, "", question.model)
                )
        return value, self._contradiction(step, value)

    def _validate(self, question: Question, value: Any) -> Any:
        """The model's own validation of one field, returning the normalised value."""
        model = question.model
        if question.per_item:
            value = [{_ITEM_ID: item} for item in value]
        model.model_rebuild()  # models build their validators on first use
        holder = model.model_construct()
        model.__pydantic_validator__.validate_assignment(
            holder, question.name, value, context=self._context
        )
        result = holder.__dict__[question.name]
        if question.per_item:
            return tuple(getattr(item, _ITEM_ID) for item in result)
        return result

    def _contradiction(self, step: Step, value: Any) -> str | None:
        before = self._contradictions(self.answers)
        after = self._contradictions({**self.answers, step.key: value})
        return next((message for message in after if message not in before), None)

    def _contradictions(self, answers: Mapping[str, Any]) -> list[str]:
        """What :func:`contradictions` finds among the answers, once it can tell.

        It runs on the answers built into an intake without validation; a check that reads
        an answer not given yet raises AttributeError, and then nothing can be said yet.
        Only contradictions about an answered question count.
        """
        known = self._effective(answers)
        try:
            found = contradictions(_construct(Intake, self._data(known)))  # type: ignore[arg-type]
        except AttributeError:
            return []
        return [message for loc, message in found if dotted(list(loc)) in known]

    # -- answers from a file -----------------------------------------------------------------

    def prefill(self, data: Any, where: str) -> list[Problem]:
        """Take the answers of an (unfinished) intake, each checked as if it were typed.

        Returns what was wrong: refused answers (asked again, with the reason), unknown
        keys, and answers not used because their question does not apply.
        """
        if not isinstance(data, dict):
            return [Problem(_("an intake is a mapping with business, resources, ..."), where, 1)]
        given = _flatten(data)
        problems = self._structure_problems(data, where)
        used: set[str] = set()
        for step, applies in self._walk(self.answers):
            if step.key not in given or not _kept(step, applies):
                continue
            used.add(step.key)
            raw, loc = given[step.key]
            value, problem = self._checked(step, raw)
            if problem is None:
                self.answers[step.key] = value
            else:
                self.refused[step.key] = problem
                problems.append(Problem(problem, where, line_of(data, loc), step.key))
        for key, (_raw, loc) in given.items():
            if key not in used:
                problems.append(Problem(_unused(key), where, line_of(data, loc), key))
        return problems

    def _structure_problems(self, data: dict[str, Any], where: str) -> list[Problem]:
        """Unknown keys, sections that are not mappings, a wrong schema_version."""
        try:
            Intake.model_validate(data, context=self._context)
        except ValidationError as exc:
            return [
                problem
                for problem, err in zip(
                    problems_from(exc, data, where, Intake), exc.errors(), strict=True
                )
                if err["type"] == "extra_forbidden"
                or (err["loc"][0] == "schema_version" and err["type"] != "missing")
                or (len(err["loc"]) == 1 and err["type"] == "model_type")
            ]
        return []

    def missing(self) -> list[Problem]:
        """Required answers not given yet (refused ones included)."""
        return [
            Problem(
                _("no answer yet ({question})").format(question=self._label(step)),
                field=step.key,
            )
            for step, applies in self._walk(self.answers)
            if applies and step.question.required and step.key not in self.answers
        ]

    def _check_key(self, field: str) -> None:
        if any(_fits(field, q, self.kb.platforms.__contains__) for q in all_questions()):
            return
        keys = [q.key for q in all_questions()]
        raise UserError(
            Problem(
                _("no such question{suggestion}; questions: {keys}").format(
                    suggestion=suggest(field, keys), keys=allowed(keys)
                ),
                field=field,
            )
        )

    # -- showing questions and answers --------------------------------------------------------

    def prompt(self, step: Step) -> Prompt:
        """What to show when asking ``step``."""
        question = step.question
        if step.key in self.answers:
            default = self.answers[step.key]
        else:
            default = question.default_for(self._effective(self.answers))
            if default is None and not question.required:
                default = question.blank
        applying = [s for s, applies in self._walk(self.answers) if applies]
        label = self._label(step)
        return Prompt(
            key=step.key,
            text=self._label(step, with_unit=True),
            help="" if _plain(question.help) == _plain(label) else question.help,
            kind=question.kind,
            required=question.required,
            choices=self._choices(question),
            default=default,
            default_text=_as_text(question, default),
            separator=question.separator,
            position=applying.index(step) + 1 if step in applying else len(applying) + 1,
            error=self.refused.get(step.key),
            section=_(title) if (title := SECTION_TITLES.get(step.key.split(".")[0])) else "",
        )

    def _label(self, step: Step, with_unit: bool = False) -> str:
        question = step.question
        label = _(question.prompt)
        if step.item is not None:
            platform = self.kb.platforms.get(step.item)
            label = label.format(platform=pick(platform.name) if platform else step.item)
        if not with_unit:
            return label
        parts = [localize.digits(_(question.unit))] if question.unit else []
        low, high = question.bounds
        if question.kind in ("integer", "number") and low is not None:
            if high is not None and high <= _SHOWN_MAXIMUM:
                parts.append(localize.digits(f"{low:g}–{high:g}"))
            else:
                parts.append(_("{low:g} or more").format(low=low))
        if question.kind == "date":
            parts.append(_("YYYY-MM-DD"))
        return f"{label} ({formatting.listing(parts)})" if parts else label

    def _choices(self, question: Question) -> tuple[tuple[str, str], ...]:
        if question.choices_from == "platforms":
            return tuple((pid, pick(p.name)) for pid, p in self.kb.platforms.items())
        if question.choices_from == "currencies":
            return tuple((code, code) for code in sorted(self.kb.currencies.rates))
        return tuple(
            (value, _(question.labels[value]) if value in question.labels else value)
            for value in question.literal_values()
        )

    def shown(self, step: Step, value: Any) -> str:
        """An answer as a person reads it."""
        question = step.question
        if value is None:
            return "—"
        if question.kind in ("choice", "choices"):
            labels = dict(self._choices(question))
            values = value if isinstance(value, tuple) else (value,)
            return formatting.listing(labels.get(v, str(v)) for v in values) or "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, int | float):
            return self._number_shown(question, value)
        if isinstance(value, tuple):
            join = formatting.listing if question.separator == "," else formatting.clauses
            return join(str(v) for v in value) or "—"
        if isinstance(value, dt.date) and get_language() == "fa":  # and its Solar Hijri day
            return f"{value.isoformat()} ({formatting.date(value)})"
        return _as_text(question, value) or "—"

    @staticmethod
    def _number_shown(question: Question, value: float) -> str:
        """A number as the language writes it, every decimal kept, with its unit."""
        typed = _as_text(question, value)
        decimals = len(typed.partition(".")[2])
        if question.unit == PERCENT:
            return formatting.percent(value, decimals)
        shown = formatting.number(value, decimals)
        return f"{shown} {_(question.unit)}" if question.unit else shown

    def review_items(self) -> list[ReviewItem]:
        """Every answer that counts, in order."""
        return [
            ReviewItem(step.key, self._label(step), self.shown(step, self.answers[step.key]))
            for step in self._steps()
        ]

    def comments(self) -> dict[str, list[str]]:
        """The comment lines to write above each answered key: its question, its choices."""
        out: dict[str, list[str]] = {}
        for step in self._steps():
            question = step.question
            lines = [self._label(step, with_unit=True)]
            if question.kind in ("choice", "choices"):
                values = allowed(value for value, _label in self._choices(question))
                line = _("one of: {values}") if question.kind == "choice" else _("any of: {values}")
                lines.append(line.format(values=values))
            out[step.key] = lines
        return out

    # -- the result ---------------------------------------------------------------------------

    def intake_data(self) -> dict[str, Any]:
        """The answers that count, as intake data in the intake's key order."""
        return self._data(self._effective(self.answers))

    @staticmethod
    def _data(known: Mapping[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        items: dict[str, dict[str, Any]] = {}
        for key, value in known.items():
            parts = key.split(".")
            plain = list(value) if isinstance(value, tuple) else value
            if key in _PARENTS:
                plain = [items.setdefault(item, {_ITEM_ID: item}) for item in value]
            elif parts[0] in _PARENTS and len(parts) == 3:
                items[parts[1]][parts[2]] = plain
                continue
            target = data
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = plain
        return data

    def finish(self) -> Intake:
        """The validated intake; IntakeError lists what is still wrong or missing."""
        missing = self.missing()
        if missing:
            raise IntakeError(missing)
        return validate_intake(self.intake_data(), _("answers"), self.kb)

    def run(self, asker: Asker, save: Callable[[Questionnaire], None]) -> Intake:
        """Ask what is missing, then review until the answers are saved as a valid intake.

        ``save`` is called after every answer, so an interruption loses nothing.
        """
        error: str | None = None
        while True:
            while (step := self.next_step()) is not None:
                self.give(step, asker.ask(self.prompt(step), partial(self.problem, step)))
                save(self)
            key = asker.review(self.review_items(), error)
            if key is not None:
                self.change(key)
                error = None
                continue
            try:
                return self.finish()
            except IntakeError as exc:
                error = str(exc)


def _kept(step: Step, applies: bool) -> bool:
    """Whether an answer to ``step`` counts: it applies, or it is only asked on a condition."""
    return applies or (step.question.when is not None and step.question.when.only_ask)


def _parse(question: Question, raw: Any) -> Any:
    """A typed or file answer, ready for the model's validation (which does the rest).

    Raises ValueError (with the message to show) for text that cannot be the answer.
    """
    if raw is None:
        return _BLANK
    if isinstance(raw, list | tuple):
        return tuple(raw)
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if question.kind in ("texts", "choices"):
        return tuple(split_list(text, question.separator))
    if not text:
        return _BLANK
    if question.kind == "date":  # only calendar dates: the model would take a timestamp
        return typed_date(text)
    if question.kind in ("integer", "number"):  # the model parses what is left
        return number_text(text, whole=question.kind == "integer")
    if question.kind == "yes_no":
        # y/n and yes/no are the model's; the language's own words are taken too
        return {_("yes").casefold(): True, _("no").casefold(): False}.get(text.casefold(), text)
    return text


def _plain(text: str) -> str:
    return text.strip().rstrip(".?").casefold()


def _as_text(question: Question, value: Any) -> str:
    """An answer as it would be typed."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, tuple | list):
        return f"{question.separator} ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _flatten(data: Mapping[str, Any]) -> dict[str, tuple[Any, list[str | int]]]:
    """The answers in intake data, by question key, with where each one is."""
    out: dict[str, tuple[Any, list[str | int]]] = {}
    for question in QUESTIONS:
        section, _dot, name = question.key.rpartition(".")
        holder = data.get(section) if section else data
        if not isinstance(holder, dict) or name not in holder:
            continue
        loc: list[str | int] = [*section.split("."), name] if section else [name]
        value = holder[name]
        if question.per_item and isinstance(value, list):
            value = [_item_answers(question, item, [*loc, i], out) for i, item in enumerate(value)]
        out[question.key] = (value, loc)
    return out


def _item_answers(question: Question, item: Any, loc: list[str | int], out: dict[str, Any]) -> Any:
    """The id of one item (e.g. a platform), recording the answers it holds."""
    if not isinstance(item, dict):
        return item
    ident = item.get(_ITEM_ID)
    for sub in question.per_item:
        if isinstance(ident, str) and sub.name in item:
            out[sub.key.replace("*", ident, 1)] = (item[sub.name], [*loc, sub.name])
    return ident


def _fits(key: str, question: Question, item: Callable[[str], bool], whole: bool = False) -> bool:
    """Whether ``key`` names ``question``, or (unless ``whole``) a part that holds it.

    ``item`` says which names may stand for the ``*`` of a per-item key.
    """
    parts, template = key.split("."), question.key.split(".")
    if len(parts) > len(template) or (whole and len(parts) != len(template)):
        return False
    return all(p == t or (t == "*" and item(p)) for p, t in zip(parts, template, strict=False))


def _unused(key: str) -> str:
    for question in all_questions():
        if question.when is not None and _fits(key, question, lambda _item: True, whole=True):
            return _("not used: asked only when {condition}").format(
                condition=question.when.describe()
            )
    return _("not used: the answer it belongs to was refused or not given")


def _construct(model: type[BaseModel], data: Mapping[str, Any]) -> BaseModel:
    """Intake data built into models without validation (unanswered required fields stay unset)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        sub = model_at(model, [name])
        value = data.get(name)
        if name not in data:
            if sub is not None and info.is_required():
                values[name] = _construct(sub, {})
            continue
        if sub is not None and isinstance(value, list):
            value = tuple(_construct(sub, v) for v in value)
        elif sub is not None and isinstance(value, dict):
            value = _construct(sub, value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return model.model_construct(**values)
