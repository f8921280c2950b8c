"""SMART goals in words: the statement with a number and a date, and the KPI plan's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from recommender.document_model import KpiPlanRow, Row, SmartGoal
from recommender.formatting import date, kpi_value, listing, months, number, signed_percent
from recommender.i18n import N_, _, ngettext, pick
from recommender.knowledge import KnowledgeBase
from recommender.recommendation import GoalRec, KpiRef
from recommender.targets import KpiTarget
from recommender.timeframe import Timeframe

CADENCE = {"weekly": N_("weekly"), "monthly": N_("monthly"), "quarterly": N_("quarterly")}
_PER = {"month": N_("{value} a month"), "opening": N_("{value} per opening"), "none": "{value}"}


def in_sentence(name: str) -> str:
    """A KPI or goal name inside a sentence: "Post reach" -> "post reach", "CSAT" stays."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def value_text(t: KpiTarget, value: float, currency: str | None) -> str:
    """A value of this KPI in its unit and period: "40,000 a month", "1.4 %"."""
    return _(_PER[t.per]).format(value=kpi_value(value, t.unit, currency))


def pace_text(t: KpiTarget, pace: float, currency: str | None) -> str:
    """A monthly change in the assumption's unit: "+6 %", "+2 points", "3 %"."""
    if t.change == "relative":
        return signed_percent(pace)
    if t.change == "points":
        return points(pace)
    return kpi_value(pace, t.unit, currency)


def points(value: float) -> str:
    """Percentage points, signed: "+2 points", "+1 point"."""
    shown = ("+" if value > 0 else "") + number(value)
    return ngettext("{n} point", "{n} points", 1 if abs(value) == 1 else 2).format(n=shown)


def change_text(t: KpiTarget) -> str:
    """The provisional change on the month-1 baseline: "+10.4 %", "+5 points"."""
    value = t.provisional or 0.0
    if t.change == "points":
        return points(value)
    return signed_percent(value)


def flag_text(name: str, t: KpiTarget, currency: str | None) -> str | None:
    """Why a target the client stated needs a second look, or None."""
    if t.flag is None or t.target is None:
        return None
    target = value_text(t, t.target, currency)
    if t.flag == "beyond_attainable":
        return _(
            "{kpi}: the client's target of {target} needs {needed} a month; the assumptions "
            "call at most {attainable} a month attainable."
        ).format(
            kpi=name,
            target=target,
            needed=pace_text(t, t.pace, currency),
            attainable=pace_text(t, t.attainable, currency),
        )
    if t.flag == "behind_baseline" and t.baseline is not None:
        return _(
            "{kpi}: the client's target of {target} is no improvement on today's {baseline}."
        ).format(kpi=name, target=target, baseline=value_text(t, t.baseline, currency))
    return _(
        "{kpi}: the client's target of {target} cannot be judged attainable until the "
        "baseline is measured in month 1."
    ).format(kpi=name, target=target)


def kpi_row(kb: KnowledgeBase, ref: KpiRef, t: KpiTarget, currency: str | None) -> KpiPlanRow:
    """One row of a goal's KPI plan."""
    kpi = kb.kpis[ref.id]
    if t.baseline is None:
        baseline = _("measured in month 1")
    else:
        baseline = value_text(t, t.baseline, currency)
    note = None
    if t.stated:
        note = _("the client's target")
    elif t.indexed:
        note = _("provisional, on the month-1 baseline")
    if t.indexed and not t.stated:
        target = change_text(t)
    else:
        target = value_text(t, t.target or 0.0, currency)
    return KpiPlanRow(
        id=ref.id,
        name=ref.name,
        description=pick(kpi.description),
        formula=pick(kpi.formula),
        baseline=baseline,
        target=target,
        note=note,
        data_source=pick(kpi.data_source),
        cadence=_(CADENCE[kpi.cadence]),
        vanity=ref.vanity,
        flag=flag_text(ref.name, t, currency),
    )


def _watched_only(t: KpiTarget) -> bool:
    """A KPI the plan reports but sets no target for (its assumed pace and target are 0)."""
    return t.change == "level" and not t.stated and not t.target


def headline(kpis: Sequence[KpiRef], targets: Sequence[KpiTarget], taken: set[str]) -> int:
    """The KPI a goal's statement is about: a real measure with a baseline, not taken yet."""
    ranked = sorted(
        range(len(kpis)),
        key=lambda i: (
            kpis[i].vanity,
            _watched_only(targets[i]),  # "keep competitor mentions at 0" is no goal
            kpis[i].id in taken,
            targets[i].indexed and not targets[i].stated,
            targets[i].change == "level",
            i,
        ),
    )
    return ranked[0]


def statement(
    name: str, t: KpiTarget, frame: Timeframe, currency: str | None, due: dt.date | None = None
) -> str:
    """The SMART statement: what, from where, to where, by when (``due``, else the frame's end)."""
    kpi, by = in_sentence(name), date(due or frame.end)
    if t.indexed and t.target is not None:
        return _(
            "Reach {target} in {kpi} by {date}; the baseline measured in month 1 shows how far "
            "that is."
        ).format(target=value_text(t, t.target, currency), kpi=kpi, date=by)
    if t.indexed:
        text = (
            _(
                "Establish the {kpi} baseline in month 1 (by {month1}), then improve it by "
                "{change} by {date} (provisional target)."
            )
            if t.higher_is_better
            else _(
                "Establish the {kpi} baseline in month 1 (by {month1}), then cut it by {change} "
                "by {date} (provisional target)."
            )
        )
        return text.format(
            kpi=kpi,
            month1=date(frame.month_end(1)),
            change=change_text(t).lstrip("+-"),
            date=by,
        )
    target = value_text(t, t.target or 0.0, currency)
    if t.change == "level" or t.baseline is None:
        return _("Keep {kpi} at {target} or better through {date}.").format(
            kpi=kpi, target=target, date=by
        )
    baseline = kpi_value(t.baseline, t.unit, currency)
    change = f" ({signed_percent(t.relative_change)})" if t.relative_change is not None else ""
    if not t.higher_is_better:
        wording = _("Cut {kpi} from {baseline} to {target} by {date}{change}.")
    elif t.unit == "count":
        wording = _("Grow {kpi} from {baseline} to {target} by {date}{change}.")
    else:
        wording = _("Raise {kpi} from {baseline} to {target} by {date}{change}.")
    return wording.format(kpi=kpi, baseline=baseline, target=target, date=by, change=change)


def _attainable(name: str, t: KpiTarget, currency: str | None, source: str) -> str:
    flagged = flag_text(name, t, currency)
    if flagged:
        return flagged
    if t.change == "level":
        return _("Plans on {pace}; at most {attainable} is attainable ({source}).").format(
            pace=pace_text(t, t.pace, currency),
            attainable=pace_text(t, t.attainable, currency),
            source=source,
        )
    return _(
        "Plans on {pace} a month, within the {attainable} a month the assumptions call "
        "attainable ({source})."
    ).format(
        pace=pace_text(t, t.pace, currency),
        attainable=pace_text(t, t.attainable, currency),
        source=source,
    )


def sentence(text: str) -> str:
    """Text ending with a full stop (rules' reasons are written with or without one)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def smart_goal(
    kb: KnowledgeBase,
    goal: GoalRec,
    targets: Sequence[KpiTarget],
    rows: Sequence[KpiPlanRow],
    frame: Timeframe,
    currency: str | None,
    platforms: Sequence[str],
    taken: set[str],
    due: dt.date | None = None,
) -> SmartGoal:
    """A goal with its SMART statement, the S-M-A-R-T in words, and its KPI plan.

    ``taken`` holds the KPIs earlier goals' statements are about; this goal's is added.
    ``due`` is the day the goal falls due when it is not the end of ``frame`` (an event).
    """
    i = headline(goal.kpis, targets, taken)
    taken.add(goal.kpis[i].id)
    ref, t, row = goal.kpis[i], targets[i], rows[i]
    where = _(" On {platforms}.").format(platforms=listing(platforms)) if platforms else ""
    smart = [
        Row(label=_("Specific"), value=pick(kb.goals[goal.id].description) + where),
        Row(
            label=_("Measurable"),
            value=_("{kpi} = {formula}; from {source}.").format(
                kpi=ref.name, formula=row.formula, source=row.data_source
            ),
        ),
        Row(
            label=_("Attainable"),
            value=_attainable(ref.name, t, currency, kb.targets[ref.id].source),
        ),
        Row(label=_("Relevant"), value=" ".join(sentence(r.text) for r in goal.why)),
        Row(
            label=_("Time-bound"),
            value=_("By {date} ({months}), checked at every {cadence} review.").format(
                date=date(due or frame.end), months=months(frame.months), cadence=row.cadence
            ),
        ),
    ]
    return SmartGoal(
        id=goal.id,
        name=goal.name,
        priority=_("primary") if goal.priority == "primary" else _("secondary"),
        primary=goal.priority == "primary",
        statement=statement(ref.name, t, frame, currency, due),
        due_note=(
            _("These targets fall due on the event date, {date}.").format(date=date(due))
            if due
            else None
        ),
        smart=smart,
        why=[r.text for r in goal.why],
        kpis=list(rows),
        targets=list(targets),
    )
