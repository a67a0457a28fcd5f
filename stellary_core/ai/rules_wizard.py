"""The ``rules`` provider's wizard: a fixed question bank over at most four rounds, and a roadmap from the answers.

Rounds ask two topics each (goal and audience, deadline and team,
constraints and definition of done); the fourth asks again whatever was left
blank. Readiness grows with every answered round and with the share of the
bank answered, and is 100 once every question has an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from stellary_core.ai.day_phrases import span_days
from stellary_core.ai.wizard import (
    MAX_ROUNDS, Deliverable, Phase, ProjectBrief, Question, Roadmap, WizardProgress, WizardRound,
)  # fmt: skip

BANK: tuple[Question, ...] = (
    Question(id="goal", text="What is the goal: what should exist, or be true, once the project is finished?"),
    Question(id="audience", text="Who is it for: the users, customers or team who will use the result?"),
    Question(id="deadline", text="When must it be done? A date (YYYY-MM-DD) or a duration such as 6 weeks."),
    Question(id="team", text="Who works on it, and how much of their time?"),
    Question(id="constraints", text="What constraints apply: budget, technology, rules, dependencies?"),
    Question(id="done", text="How will you know it is done: what is the definition of done?"),
)
_BY_ID = {question.id: question for question in BANK}
_ROUNDS: tuple[tuple[str, ...], ...] = (("goal", "audience"), ("deadline", "team"), ("constraints", "done"))
# When no deadline was given or read, the roadmap spans this many days.
DEFAULT_SPAN_DAYS = 90
_MAX_WORK_ITEMS = 8


def readiness(brief: ProjectBrief, progress: WizardProgress) -> int:
    answered = sum(1 for question in BANK if progress.answered(question.id))
    if answered == len(BANK):
        return 100
    described = 10 if brief.description.strip() else 0
    return min(100, described + 15 * progress.rounds + (30 * answered) // len(BANK))


def next_round(brief: ProjectBrief, progress: WizardProgress) -> WizardRound:
    score = readiness(brief, progress)
    if progress.rounds >= MAX_ROUNDS:
        return WizardRound(questions=[], readiness_score=score)
    if progress.rounds < len(_ROUNDS):
        wanted = _ROUNDS[progress.rounds]
    else:  # the last round: what earlier rounds left blank
        wanted = tuple(question.id for question in BANK)
    questions = [_BY_ID[qid] for qid in wanted if not progress.answered(qid)]
    if not questions and progress.rounds < len(_ROUNDS):
        # This round's topics were answered early: ask the next round's instead of stopping.
        return next_round(brief, WizardProgress(progress.rounds + 1, progress.answers, progress.readiness_score))
    return WizardRound(questions=questions, readiness_score=score)


def _work_items(brief: ProjectBrief, answers: Mapping[str, str]) -> list[str]:
    """The pieces of work the description lists (its bullets, else its sentences), else the goal."""
    lines = brief.description.splitlines()
    bullets = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip() for line in lines if re.match(r"^\s*(?:[-*•]|\d+[.)])\s+", line)]
    items = [b for b in bullets if b]
    if not items:
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(brief.description.split()))
        items = [s.rstrip(".!? ") for s in sentences if len(s.split()) >= 3]
    if not items:
        goal = answers.get("goal", "").strip()
        items = [goal or f"Build {brief.name}"]
    return [item if len(item) <= 120 else item[:119] + "…" for item in items[:_MAX_WORK_ITEMS]]


def _title(item: str) -> str:
    return item[0].upper() + item[1:]


def roadmap(brief: ProjectBrief, answers: Mapping[str, str], today: date) -> Roadmap:
    """Framing, build and launch phases spread over the deadline, the build's deliverables from the description."""
    said = {key: value.strip() for key, value in answers.items() if value.strip()}
    span = span_days(said.get("deadline", ""), today) or DEFAULT_SPAN_DAYS
    span = max(span, 14)  # a deadline in the past or in days still leaves room for three phases
    framing_due = max(2, span * 15 // 100)
    framing = [
        Deliverable(
            title="Agree on the goal and scope",
            description=said.get("goal") or brief.description.strip() or f"What {brief.name} is for, written down.",
            priority="high",
            due_offset_days=framing_due,
        )
    ]
    if "audience" in said:
        framing.append(Deliverable(title="Know the audience", description=said["audience"], due_offset_days=framing_due))
    if "constraints" in said:
        framing.append(
            Deliverable(title="Check the constraints", description=said["constraints"], due_offset_days=framing_due)
        )
    if "team" in said:
        framing.append(
            Deliverable(title="Set up the team", description=said["team"], priority="low", due_offset_days=framing_due)
        )
    items = _work_items(brief, said)
    build_start, build_end = framing_due, max(framing_due + len(items), span * 80 // 100)
    build = [
        Deliverable(
            title=_title(item),
            description=f"Part of {brief.name}.",
            priority="high" if index < max(1, len(items) // 3) else "medium",
            due_offset_days=build_start + (build_end - build_start) * (index + 1) // len(items),
        )
        for index, item in enumerate(items)
    ]
    audience = said.get("audience")
    launch = [
        Deliverable(
            title="Meet the definition of done",
            description=said.get("done") or "Every deliverable above is done and reviewed.",
            priority="high",
            due_offset_days=span,
        ),
        Deliverable(
            title=f"Release to {audience}" if audience and len(audience) <= 80 else "Release",
            description="Announce it, hand it over and collect the first feedback.",
            due_offset_days=span,
        ),
    ]
    return Roadmap(
        phases=[
            Phase(title="Framing", description="Agree on what is built, for whom and within what.", deliverables=framing),
            Phase(title="Build", description=f"The work of {brief.name}.", deliverables=build),
            Phase(title="Launch", description="Finish, check against the definition of done, release.", deliverables=launch),
        ]
    )
