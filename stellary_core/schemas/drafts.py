"""Project draft shapes: the wizard's framing, its rounds of questions, the roadmap and the executed draft.

``contextDocuments`` entries are document ids of the workspace or short texts;
a 24-character hexadecimal entry is read as a document id. The roadmap is the
wizard's ``Roadmap`` (stellary_core.ai.wizard); what a client sends for it is
checked strictly here, with the same limits, so a misspelt key is a 400 rather
than a default.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from stellary_core.ai.wizard import MAX_ROUNDS, Deliverable, Phase, Roadmap
from stellary_core.schemas.common import (
    DESCRIPTION_MAX,
    ApiModel,
    Description,
    InputModel,
    LongText,
    Name,
    ObjectId,
    OneLine,
    UtcDateTime,
)

DraftStage = Literal["framing", "refinement", "roadmap", "executed"]
CONTEXT_TEXT_MAX = 2000
CONTEXT_ENTRIES_MAX = 20
ANSWER_MAX = 2000

ContextEntry = Annotated[str, Field(min_length=1, max_length=CONTEXT_TEXT_MAX), LongText]
QuestionId = Annotated[str, Field(min_length=1, max_length=40)]
AnswerText = Annotated[str, Field(max_length=ANSWER_MAX), LongText]


class DraftCreateIn(InputModel):
    name: Name
    description: Description = ""
    context_documents: Annotated[list[ContextEntry], Field(max_length=CONTEXT_ENTRIES_MAX)] = []


class DraftRefineIn(InputModel):
    """One round's answers, by question id; left out or empty, the round's questions are skipped."""

    answers: Annotated[dict[QuestionId, AnswerText], Field(max_length=20)] = {}


class DeliverableIn(InputModel):
    title: Annotated[str, Field(min_length=1, max_length=200), OneLine]
    description: Annotated[str, Field(max_length=DESCRIPTION_MAX), LongText] = ""
    priority: Literal["low", "medium", "high"] = "medium"
    due_offset_days: Annotated[int, Field(ge=0, le=3650, strict=True)]


class PhaseIn(InputModel):
    title: Annotated[str, Field(min_length=1, max_length=100), OneLine]
    description: Annotated[str, Field(max_length=DESCRIPTION_MAX), LongText] = ""
    deliverables: Annotated[list[DeliverableIn], Field(min_length=1, max_length=50)]


class RoadmapIn(InputModel):
    phases: Annotated[list[PhaseIn], Field(min_length=1, max_length=20)]

    def roadmap(self) -> Roadmap:
        return Roadmap(
            phases=[
                Phase(
                    title=p.title,
                    description=p.description,
                    deliverables=[
                        Deliverable(
                            title=d.title, description=d.description, priority=d.priority, due_offset_days=d.due_offset_days
                        )
                        for d in p.deliverables
                    ],
                )
                for p in self.phases
            ]
        )


class DraftUpdateIn(InputModel):
    """Only what is sent changes; the roadmap is replaced whole (a draft at the roadmap stage only)."""

    name: Name | None = None
    description: Description | None = None
    roadmap: RoadmapIn | None = None


class QuestionOut(ApiModel):
    id: str
    text: str


class RoundAnswersOut(ApiModel):
    round: int
    answers: dict[str, str]


class DraftOut(ApiModel):
    id: ObjectId
    workspace_id: ObjectId
    name: str
    description: str
    context_documents: list[str]
    stage: DraftStage
    # The open questions: what the next refine answers.
    questions: list[QuestionOut]
    answers: list[RoundAnswersOut]
    round_count: int
    max_rounds: int = MAX_ROUNDS
    readiness_score: int
    roadmap: Roadmap | None
    project_id: ObjectId | None
    provider: str
    created_by: ObjectId | None
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(cls, draft: Any) -> DraftOut:
        """From a ProjectDraft row."""
        return cls(
            id=draft.id,
            workspace_id=draft.workspace_id,
            name=draft.name,
            description=draft.description,
            context_documents=[entry.get("documentId") or entry.get("text", "") for entry in draft.context],
            stage=draft.stage,
            questions=[QuestionOut(id=q["id"], text=q["text"]) for q in draft.questions],
            answers=[RoundAnswersOut(round=n, answers=dict(a)) for n, a in enumerate(draft.answers, 1)],
            round_count=len(draft.answers),
            readiness_score=draft.readiness_score,
            roadmap=Roadmap.model_validate(draft.roadmap) if draft.roadmap is not None else None,
            project_id=draft.project_id,
            provider=draft.provider,
            created_by=draft.created_by,
            created_at=draft.created_at,
            updated_at=draft.updated_at,
        )
