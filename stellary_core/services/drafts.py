"""Project drafts: the AI project wizard's rules, from a rough idea to an executed board.

Rules:
- any member of the workspace reads, refines, edits, executes and deletes its
  drafts (as any member may create a project there: services.projects); a draft
  of another workspace, like a workspace one cannot see, is a 404;
- ``contextDocuments`` are document ids of this workspace (another is a 400
  naming it) or short texts; the provider reads a document's title and Markdown;
- stages (contract section 7) go framing -> refinement -> roadmap -> executed:
  refine answers the open questions (an id that is not one is a 400 naming it)
  in framing or refinement, at most ``MAX_ROUNDS`` rounds, and is a 409 once no
  question is open; the roadmap is generated in refinement (or in framing when
  the provider asked nothing) and generated again at the roadmap stage; name and
  description change until execution, the roadmap at the roadmap stage only;
  execute runs at the roadmap stage, once. Any other step is a 409 saying why;
- the provider is asked before the transaction (operations.catalog.drafts); what
  it answered is stored only if the draft is as it was when asked (else a 409).

Every change emits a ``project_draft_*`` event; execute's project, columns and
cards are made by the project and card services, which emit their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.ai.wizard import MAX_ROUNDS, ProjectBrief, Roadmap, WizardProgress, WizardRound
from stellary_core.clock import today, utcnow
from stellary_core.column_names import folded
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.event_types import Actor, ProjectDraftCreated, ProjectDraftDeleted, ProjectDraftUpdated
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Document, ProjectDraft
from stellary_core.principal import Principal
from stellary_core.schemas.drafts import DraftCreateIn, DraftUpdateIn
from stellary_core.services import access
from stellary_core.services.cards import insert_card
from stellary_core.services.projects import new_project
from stellary_core.services.templates import TemplateColumn

# How much of a context document the provider reads.
DOCUMENT_EXCERPT = 4000

# What a draft looked like when the provider was asked: it must look the same when the answer is stored.
DraftVersion = tuple[str, int, datetime]


def version_of(draft: ProjectDraft) -> DraftVersion:
    return (draft.stage, len(draft.answers), draft.updated_at)


# -- finding -------------------------------------------------------------------


def draft_of_workspace(session: Session, workspace_id: str, draft_id: str) -> ProjectDraft:
    found = session.get(ProjectDraft, draft_id) if is_id(draft_id) else None
    if found is None or found.workspace_id != workspace_id:
        raise NotFound("Project draft not found")
    return found


def get_draft(session: Session, *, actor: Principal, workspace_id: str, draft_id: str) -> ProjectDraft:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return draft_of_workspace(session, workspace_id, draft_id)


def list_drafts(session: Session, *, actor: Principal, workspace_id: str) -> list[ProjectDraft]:
    """The workspace's drafts, newest first."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    query = (
        select(ProjectDraft)
        .where(ProjectDraft.workspace_id == workspace_id)
        .order_by(ProjectDraft.created_at.desc(), ProjectDraft.id.desc())
    )
    return list(session.scalars(query))


# -- what the provider reads -----------------------------------------------------


def context_entries(session: Session, workspace_id: str, given: list[str]) -> list[dict[str, str]]:
    """The stored form of ``contextDocuments``: a document id of this workspace, else a short text."""
    entries: list[dict[str, str]] = []
    for index, entry in enumerate(given):
        if is_id(entry):
            document = session.get(Document, entry)
            if document is None or document.workspace_id != workspace_id:
                raise Invalid.field(f"contextDocuments.{index}", f"{entry} is not a document of this workspace")
            entries.append({"documentId": entry})
        else:
            entries.append({"text": entry})
    return entries


def brief(session: Session, name: str, description: str, context: list[dict[str, str]]) -> ProjectBrief:
    """What the provider is told the project is; a context document gone since is left out."""
    texts: list[str] = []
    for entry in context:
        if "documentId" in entry:
            document = session.get(Document, entry["documentId"])
            if document is not None:
                texts.append(f"Document {document.title!r}:\n{document.content_markdown[:DOCUMENT_EXCERPT]}")
        else:
            texts.append(entry["text"])
    return ProjectBrief(name=name, description=description, context=tuple(texts))


def brief_of(session: Session, draft: ProjectDraft) -> ProjectBrief:
    return brief(session, draft.name, draft.description, draft.context)


def all_answers(draft: ProjectDraft) -> dict[str, str]:
    """Every answer given, a later round's answer to a question winning over an earlier one."""
    merged: dict[str, str] = {}
    for answered in draft.answers:
        merged.update({qid: text for qid, text in answered.items() if text.strip()})
    return merged


def progress_of(draft: ProjectDraft, answers: Mapping[str, str] | None = None) -> WizardProgress:
    """Where the draft is; with ``answers``, as it will be once that round is recorded."""
    if answers is None:
        return WizardProgress(len(draft.answers), all_answers(draft), draft.readiness_score)
    merged = {**all_answers(draft), **{qid: text for qid, text in answers.items() if text.strip()}}
    return WizardProgress(len(draft.answers) + 1, merged, draft.readiness_score)


# -- the stages ----------------------------------------------------------------


def _refuse_executed(draft: ProjectDraft) -> None:
    if draft.stage == "executed":
        raise Conflict(f"This draft was already executed (project {draft.project_id}); it cannot change any more")


def check_refine(draft: ProjectDraft, answers: Mapping[str, str]) -> None:
    """A 409 when the draft takes no answers now, a 400 naming an answer to no open question."""
    _refuse_executed(draft)
    if draft.stage == "roadmap":
        raise Conflict("The roadmap is generated: refine is over (edit the roadmap, generate it again, or execute)")
    if not draft.questions:
        rounds = len(draft.answers)
        why = f"all {MAX_ROUNDS} rounds are answered" if rounds >= MAX_ROUNDS else "the wizard has what it needs"
        raise Conflict(f"No question is open ({why}): generate the roadmap")
    open_ids = [q["id"] for q in draft.questions]
    for qid in answers:
        if qid not in open_ids:
            raise Invalid.field(f"answers.{qid}", f"is not an open question (open: {', '.join(open_ids)})")


def check_plan(draft: ProjectDraft) -> None:
    """A 409 when the draft cannot be given a roadmap now."""
    _refuse_executed(draft)
    if draft.stage == "framing" and draft.questions:
        raise Conflict("Answer the first questions (refine) before generating the roadmap")


def check_roadmap(roadmap: Roadmap) -> str | None:
    """Why the roadmap cannot become a board, or None: its phases become columns, whose names differ."""
    seen: set[str] = set()
    for phase in roadmap.phases:
        if folded(phase.title) in seen:
            return f"two phases are named {phase.title!r}; each phase becomes a column, so their titles must differ"
        seen.add(folded(phase.title))
    return None


def _still(draft: ProjectDraft, seen: DraftVersion) -> None:
    if version_of(draft) != seen:
        raise Conflict("The draft changed while the AI provider was answering; try again")


DraftEvent = type[ProjectDraftCreated] | type[ProjectDraftUpdated] | type[ProjectDraftDeleted]


def _emit(session: Session, kind: DraftEvent, actor: Principal, draft: ProjectDraft, **data: Any) -> None:
    named = {"draftId": draft.id, "name": draft.name, "stage": draft.stage, **data}
    emit(session, kind(actor=Actor.of(actor), workspace_id=draft.workspace_id, data=named))


# -- changes -------------------------------------------------------------------


def create_draft(
    session: Session, *, actor: Principal, workspace_id: str, data: DraftCreateIn, first: WizardRound, provider: str
) -> ProjectDraft:
    """A draft at the framing stage, with the provider's first questions."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    draft = ProjectDraft(
        workspace_id=workspace_id,
        name=data.name,
        description=data.description,
        context=context_entries(session, workspace_id, data.context_documents),
        stage="framing",
        questions=[q.model_dump() for q in first.questions],
        answers=[],
        readiness_score=first.readiness_score,
        provider=provider,
        created_by=actor.user_id,
    )
    session.add(draft)
    session.flush()
    _emit(session, ProjectDraftCreated, actor, draft)
    return draft


def refine_draft(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    draft_id: str,
    answers: Mapping[str, str],
    following: WizardRound,
    provider: str,
    seen: DraftVersion,
) -> ProjectDraft:
    """Record a round of answers and the provider's ``following`` questions (none after the last round)."""
    draft = get_draft(session, actor=actor, workspace_id=workspace_id, draft_id=draft_id)
    check_refine(draft, answers)
    _still(draft, seen)
    draft.answers = [*draft.answers, dict(answers)]
    last = len(draft.answers) >= MAX_ROUNDS
    draft.questions = [] if last else [q.model_dump() for q in following.questions]
    # Readiness never falls back, whatever a provider says.
    draft.readiness_score = max(draft.readiness_score, following.readiness_score)
    draft.stage = "refinement"
    draft.provider = provider
    draft.updated_at = utcnow()
    session.flush()
    _emit(session, ProjectDraftUpdated, actor, draft, round=len(draft.answers))
    return draft


def set_roadmap(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    draft_id: str,
    roadmap: Roadmap,
    provider: str,
    seen: DraftVersion,
) -> ProjectDraft:
    """Store the provider's roadmap: the draft moves to the roadmap stage (its open questions are dropped)."""
    draft = get_draft(session, actor=actor, workspace_id=workspace_id, draft_id=draft_id)
    check_plan(draft)
    _still(draft, seen)
    draft.roadmap = roadmap.model_dump(mode="json", by_alias=True)
    draft.questions = []
    draft.stage = "roadmap"
    draft.provider = provider
    draft.updated_at = utcnow()
    session.flush()
    _emit(session, ProjectDraftUpdated, actor, draft)
    return draft


def update_draft(
    session: Session, *, actor: Principal, workspace_id: str, draft_id: str, data: DraftUpdateIn
) -> ProjectDraft:
    """Change the name, the description or (at the roadmap stage) the whole roadmap, before execution."""
    data.refuse_nulls("name", "description", "roadmap")
    draft = get_draft(session, actor=actor, workspace_id=workspace_id, draft_id=draft_id)
    _refuse_executed(draft)
    if data.roadmap is not None:
        if draft.stage != "roadmap":
            raise Conflict("This draft has no roadmap yet: generate it before editing it")
        roadmap = data.roadmap.roadmap()
        if (problem := check_roadmap(roadmap)) is not None:
            raise Invalid.field("roadmap.phases", problem)
        draft.roadmap = roadmap.model_dump(mode="json", by_alias=True)
    if data.name is not None:
        draft.name = data.name
    if data.description is not None:
        draft.description = data.description
    draft.updated_at = utcnow()
    session.flush()
    _emit(session, ProjectDraftUpdated, actor, draft, fields=sorted(data.given()))
    return draft


def delete_draft(session: Session, *, actor: Principal, workspace_id: str, draft_id: str) -> None:
    """Delete a draft at any stage; the project an executed draft made stays."""
    draft = get_draft(session, actor=actor, workspace_id=workspace_id, draft_id=draft_id)
    _emit(session, ProjectDraftDeleted, actor, draft)
    session.delete(draft)
    session.flush()


def _due(offset_days: int) -> datetime:
    return datetime.combine(today() + timedelta(days=offset_days), time())


def execute_draft(session: Session, *, actor: Principal, workspace_id: str, draft_id: str) -> ProjectDraft:
    """Make the roadmap a project: a column per phase, a card per deliverable, due its offset from today."""
    draft = get_draft(session, actor=actor, workspace_id=workspace_id, draft_id=draft_id)
    _refuse_executed(draft)
    if draft.stage != "roadmap" or draft.roadmap is None:
        raise Conflict("This draft has no roadmap yet: generate it before executing the draft")
    roadmap = Roadmap.model_validate(draft.roadmap)
    if (problem := check_roadmap(roadmap)) is not None:  # stored before the rule, or edited by hand
        raise Invalid.field("roadmap.phases", problem)
    project, _, columns = new_project(
        session,
        actor=actor,
        workspace_id=workspace_id,
        name=draft.name,
        description=draft.description or None,
        # No category: a phase's work is not started, whatever its name suggests.
        columns=tuple(TemplateColumn(phase.title, None) for phase in roadmap.phases),
    )
    for phase, column in zip(roadmap.phases, columns, strict=True):
        for deliverable in phase.deliverables:
            insert_card(
                session,
                actor=actor,
                project=project,
                column=column,
                title=deliverable.title,
                description=deliverable.description or None,
                priority=deliverable.priority,
                due_date=_due(deliverable.due_offset_days),
                event_data={"draftId": draft.id},
            )
    draft.project_id = project.id
    draft.stage = "executed"
    draft.updated_at = utcnow()
    session.flush()
    _emit(session, ProjectDraftUpdated, actor, draft, projectId=project.id)
    return draft
