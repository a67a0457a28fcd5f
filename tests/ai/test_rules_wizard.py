"""The rules provider's wizard: the question bank round by round, readiness, and the roadmap."""

from __future__ import annotations

from datetime import date, datetime

from stellary_core import clock
from stellary_core.ai.rules_provider import RulesProvider
from stellary_core.ai.wizard import MAX_ROUNDS, ProjectBrief, WizardProgress, WizardRound

BRIEF = ProjectBrief(
    "Bakery shop",
    "An online shop for our bakery.\n- Product catalogue with photos\n- Checkout with cards\n- Order e-mails to the shop",
)
ANSWERS = {
    "goal": "Sell bread online before the summer",
    "audience": "people of the neighbourhood",
    "deadline": "6 weeks",
    "team": "Ana (full time), Ben (Fridays)",
    "constraints": "No more than 50 EUR a month",
    "done": "Ten real orders paid and delivered",
}


def answer_rounds(brief: ProjectBrief, answers: dict[str, str]) -> list[WizardRound]:
    """Every round the wizard asks, each answered from ``answers`` (blank when absent), until it asks nothing."""
    provider = RulesProvider()
    progress = WizardProgress()
    asked = [provider.next_round(brief, progress)]
    while asked[-1].questions:
        given = {**progress.answers, **{q.id: answers.get(q.id, "") for q in asked[-1].questions}}
        progress = WizardProgress(progress.rounds + 1, given, asked[-1].readiness_score)
        asked.append(provider.next_round(brief, progress))
    return asked


def test_three_rounds_of_two_questions_when_everything_is_answered() -> None:
    asked = answer_rounds(BRIEF, ANSWERS)
    assert [[q.id for q in r.questions] for r in asked] == [["goal", "audience"], ["deadline", "team"], ["constraints", "done"], []]
    scores = [r.readiness_score for r in asked]
    assert scores == [10, 35, 60, 100]
    assert all(q.text.endswith("?") or "?" in q.text for r in asked for q in r.questions)


def test_blank_answers_are_asked_again_in_a_fourth_and_last_round() -> None:
    partial = {k: v for k, v in ANSWERS.items() if k not in ("team", "done")}
    asked = answer_rounds(BRIEF, partial)
    assert [[q.id for q in r.questions] for r in asked][-2:] == [["team", "done"], []]
    assert len(asked) == MAX_ROUNDS + 1
    scores = [r.readiness_score for r in asked]
    assert scores == sorted(set(scores)), "readiness rises with each answered round"
    assert scores[-1] < 100


def test_no_questions_after_four_rounds_whatever_is_missing() -> None:
    provider = RulesProvider()
    assert provider.next_round(BRIEF, WizardProgress(rounds=4, answers={})).questions == []
    without_description = provider.next_round(ProjectBrief("X"), WizardProgress())
    assert without_description.readiness_score == 0


def test_a_topic_answered_early_is_not_asked_again() -> None:
    early = WizardProgress(rounds=1, answers={"goal": "g", "audience": "a", "deadline": "2026-05-01", "team": "me"})
    assert [q.id for q in RulesProvider().next_round(BRIEF, early).questions] == ["constraints", "done"]


def test_the_roadmap_spreads_three_phases_over_the_deadline() -> None:
    clock.freeze(datetime(2026, 3, 10, 9, 0))
    roadmap = RulesProvider().roadmap(BRIEF, ANSWERS)
    assert [p.title for p in roadmap.phases] == ["Framing", "Build", "Launch"]
    framing, build, launch = roadmap.phases
    assert [d.title for d in framing.deliverables] == [
        "Agree on the goal and scope", "Know the audience", "Check the constraints", "Set up the team",
    ]
    assert framing.deliverables[0].description == "Sell bread online before the summer"
    assert [d.title for d in build.deliverables] == [
        "Product catalogue with photos", "Checkout with cards", "Order e-mails to the shop",
    ]
    assert [d.priority for d in build.deliverables] == ["high", "medium", "medium"]
    assert [d.title for d in launch.deliverables] == ["Meet the definition of done", "Release to people of the neighbourhood"]
    assert launch.deliverables[0].description == "Ten real orders paid and delivered"
    offsets = [d.due_offset_days for p in roadmap.phases for d in p.deliverables]
    assert offsets == sorted(offsets) and offsets[-1] == 42  # six weeks
    assert roadmap.model_dump(by_alias=True)["phases"][0]["deliverables"][0]["dueOffsetDays"] == offsets[0]


def test_a_roadmap_from_a_date_deadline_and_a_description_in_sentences() -> None:
    clock.freeze(datetime(2026, 3, 10, 9, 0))
    brief = ProjectBrief("Docs site", "Move the docs to a static site. Add search over every page. Keep old links working.")
    roadmap = RulesProvider().roadmap(brief, {"deadline": "by 2026-06-08, ideally"})
    assert [d.title for d in roadmap.phases[1].deliverables] == [
        "Move the docs to a static site", "Add search over every page", "Keep old links working",
    ]
    assert roadmap.phases[-1].deliverables[0].due_offset_days == (date(2026, 6, 8) - date(2026, 3, 10)).days
    assert [d.title for d in roadmap.phases[0].deliverables] == ["Agree on the goal and scope"]


def test_a_bare_brief_still_has_a_roadmap_of_the_default_span() -> None:
    roadmap = RulesProvider().roadmap(ProjectBrief("Garden"), {})
    assert [d.title for d in roadmap.phases[1].deliverables] == ["Build Garden"]
    assert roadmap.phases[-1].deliverables[0].due_offset_days == 90
