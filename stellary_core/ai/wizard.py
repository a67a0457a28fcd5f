"""The project wizard's shapes: a brief, the questions of a round, the roadmap.

Both providers answer with these models: the ``rules`` provider builds them,
the ``openai`` provider has the model write them as JSON and validates that
JSON here, so a draft never stores something these models refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

# At most this many rounds of questions (contract section 7).
MAX_ROUNDS = 4


class WizardModel(BaseModel):
    # camelCase as the wire and the model write it; unknown keys a model adds are dropped, not fatal.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class Question(WizardModel):
    id: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
    text: Annotated[str, Field(min_length=1, max_length=500)]


class WizardRound(WizardModel):
    """The next questions (none: the wizard has what it needs) and how ready the draft is for a roadmap."""

    questions: Annotated[list[Question], Field(max_length=8)]
    readiness_score: Annotated[int, Field(ge=0, le=100)]


class Deliverable(WizardModel):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=5000)] = ""
    priority: Literal["low", "medium", "high"] = "medium"
    # Rough: days from the start of the project.
    due_offset_days: Annotated[int, Field(ge=0, le=3650)]


class Phase(WizardModel):
    title: Annotated[str, Field(min_length=1, max_length=100)]
    description: Annotated[str, Field(max_length=5000)] = ""
    deliverables: Annotated[list[Deliverable], Field(min_length=1, max_length=50)]


class Roadmap(WizardModel):
    phases: Annotated[list[Phase], Field(min_length=1, max_length=20)]


@dataclass(frozen=True)
class ProjectBrief:
    """What the person said the project is: a name, a description and short context texts."""

    name: str
    description: str = ""
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class WizardProgress:
    """Where a draft is: how many rounds were answered, every answer so far, the readiness it reached."""

    rounds: int = 0
    answers: Mapping[str, str] = field(default_factory=dict)
    readiness_score: int = 0

    def answered(self, question_id: str) -> bool:
        return bool(self.answers.get(question_id, "").strip())


class Wizard(Protocol):
    def next_round(self, brief: ProjectBrief, progress: WizardProgress) -> WizardRound:
        """The questions to ask after ``progress.rounds`` answered rounds (none once MAX_ROUNDS were)."""
        ...

    def roadmap(self, brief: ProjectBrief, answers: Mapping[str, str]) -> Roadmap:
        """Phases of deliverables for the project, from the brief and the answers."""
        ...
