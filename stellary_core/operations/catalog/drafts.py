"""Project drafts: the AI project wizard, from a rough idea to an executed board.

Creating, refining and generating the roadmap ask the AI provider the settings
name (``rules`` unless STELLARY_AI_PROVIDER says ``openai``). A model may take
seconds to answer, so it is asked in the operation's ``prepare``, before the
transaction and outside the write lock; the transaction then stores the answer
if the draft is still as it was when the provider was asked (else a 409).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from stellary_core.ai.provider import Provider
from stellary_core.ai.providers import default_provider
from stellary_core.ai.wizard import Roadmap, WizardProgress, WizardRound
from stellary_core.config import Settings
from stellary_core.db import database_of
from stellary_core.errors import Invalid, ProviderFailed
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, Preparation, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.drafts import DraftCreateIn, DraftOut, DraftRefineIn, DraftUpdateIn
from stellary_core.services import drafts
from stellary_core.services.drafts import DraftVersion

READ = "projects:read"
WRITE = "projects:write"

AnswerT = TypeVar("AnswerT")


@dataclass(frozen=True)
class Asked:
    """What the provider answered, and the draft as it was when asked (None for a new draft)."""

    provider: str
    seen: DraftVersion | None
    round: WizardRound | None = None
    roadmap: Roadmap | None = None


def ask(settings: Settings, question: Callable[[Provider], AnswerT]) -> tuple[str, AnswerT]:
    """The settings' provider's name and its answer; a provider that cannot be built is a ProviderFailed too."""
    try:
        provider = default_provider(settings)
    except Invalid as unusable:  # the server's configuration, not the request, is wrong: not a 400
        raise ProviderFailed(f"The AI provider cannot be used: {unusable.message}") from None
    try:
        return provider.name, question(provider)
    finally:
        close = getattr(provider, "close", None)  # the openai provider holds an HTTP client
        if callable(close):
            close()


def _asked(ctx: OperationContext) -> Asked:
    if not isinstance(ctx.prepared, Asked):
        raise RuntimeError("a wizard operation ran without its prepare step")
    return ctx.prepared


class ListDrafts(InWorkspace):
    pass


@operation("list_project_drafts", input=ListDrafts, output=list[DraftOut], scope=READ, writes=False)
def list_project_drafts(ctx: OperationContext, given: ListDrafts) -> list[DraftOut]:
    """The workspace's project drafts, newest first, with their stage, questions and readiness."""
    ws = refs.workspace(ctx, given)
    return [DraftOut.of(d) for d in drafts.list_drafts(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)]


class OnDraft(InWorkspace):
    draft: str


@operation("get_project_draft", input=OnDraft, output=DraftOut, scope=READ, writes=False)
def get_project_draft(ctx: OperationContext, given: OnDraft) -> DraftOut:
    """One project draft: its stage, open questions, answers per round, readiness score and roadmap."""
    ws = refs.workspace(ctx, given)
    return DraftOut.of(drafts.get_draft(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft))


class CreateDraft(InWorkspace):
    data: DraftCreateIn


def _first_questions(prep: Preparation, given: CreateDraft) -> Asked:
    with prep.read() as ctx:
        ws = refs.workspace(ctx, given)
        entries = drafts.context_entries(ctx.session, ws.workspace.id, given.data.context_documents)
        brief = drafts.brief(ctx.session, given.data.name, given.data.description, entries)
        settings = database_of(ctx.session).settings
    name, first = ask(settings, lambda provider: provider.next_round(brief, WizardProgress()))
    return Asked(name, None, round=first)


@operation(
    "create_project_draft", input=CreateDraft, output=DraftOut, scope=WRITE, writes=True, prepare=_first_questions
)
def create_project_draft(ctx: OperationContext, given: CreateDraft) -> DraftOut:
    """Start a project draft from a name, a description and context; the wizard asks its first questions."""
    ws = refs.workspace(ctx, given)
    asked = _asked(ctx)
    assert asked.round is not None
    draft = drafts.create_draft(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data, first=asked.round,
        provider=asked.provider,
    )  # fmt: skip
    return DraftOut.of(draft)


class RefineDraft(OnDraft):
    data: DraftRefineIn = DraftRefineIn()


def _next_questions(prep: Preparation, given: RefineDraft) -> Asked:
    with prep.read() as ctx:
        ws = refs.workspace(ctx, given)
        draft = drafts.get_draft(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft)
        drafts.check_refine(draft, given.data.answers)  # a 400 or 409 before the provider is asked
        brief = drafts.brief_of(ctx.session, draft)
        progress = drafts.progress_of(draft, given.data.answers)
        seen = drafts.version_of(draft)
        settings = database_of(ctx.session).settings
    name, following = ask(settings, lambda provider: provider.next_round(brief, progress))
    return Asked(name, seen, round=following)


@operation(
    "refine_project_draft", input=RefineDraft, output=DraftOut, scope=WRITE, writes=True, prepare=_next_questions
)
def refine_project_draft(ctx: OperationContext, given: RefineDraft) -> DraftOut:
    """Answer the draft's open questions (by question id); the wizard raises its readiness and asks the next ones."""
    ws = refs.workspace(ctx, given)
    asked = _asked(ctx)
    assert asked.round is not None and asked.seen is not None
    draft = drafts.refine_draft(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft, answers=given.data.answers,
        following=asked.round, provider=asked.provider, seen=asked.seen,
    )  # fmt: skip
    return DraftOut.of(draft)


def _roadmap(prep: Preparation, given: OnDraft) -> Asked:
    with prep.read() as ctx:
        ws = refs.workspace(ctx, given)
        draft = drafts.get_draft(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft)
        drafts.check_plan(draft)
        brief = drafts.brief_of(ctx.session, draft)
        answers = drafts.all_answers(draft)
        seen = drafts.version_of(draft)
        settings = database_of(ctx.session).settings
    name, roadmap = ask(settings, lambda provider: provider.roadmap(brief, answers))
    if (problem := drafts.check_roadmap(roadmap)) is not None:
        raise ProviderFailed(f"The AI provider's roadmap cannot become a board: {problem}")
    return Asked(name, seen, roadmap=roadmap)


@operation("generate_roadmap", input=OnDraft, output=DraftOut, scope=WRITE, writes=True, prepare=_roadmap)
def generate_roadmap(ctx: OperationContext, given: OnDraft) -> DraftOut:
    """Plan the draft's project: phases of deliverables (priority, due offset), stored on the draft to review."""
    ws = refs.workspace(ctx, given)
    asked = _asked(ctx)
    assert asked.roadmap is not None and asked.seen is not None
    draft = drafts.set_roadmap(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft, roadmap=asked.roadmap,
        provider=asked.provider, seen=asked.seen,
    )  # fmt: skip
    return DraftOut.of(draft)


class UpdateDraft(OnDraft):
    data: DraftUpdateIn


@operation("update_project_draft", input=UpdateDraft, output=DraftOut, scope=WRITE, writes=True)
def update_project_draft(ctx: OperationContext, given: UpdateDraft) -> DraftOut:
    """Change a draft's name or description, or replace its roadmap, before it is executed."""
    ws = refs.workspace(ctx, given)
    draft = drafts.update_draft(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft, data=given.data
    )
    return DraftOut.of(draft)


@operation("delete_project_draft", input=OnDraft, output=OkResponse, scope=WRITE, writes=True)
def delete_project_draft(ctx: OperationContext, given: OnDraft) -> OkResponse:
    """Delete a project draft (the project an executed draft made stays)."""
    ws = refs.workspace(ctx, given)
    drafts.delete_draft(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft)
    return OkResponse()


@operation("execute_project_draft", input=OnDraft, output=DraftOut, scope=WRITE, writes=True)
def execute_project_draft(ctx: OperationContext, given: OnDraft) -> DraftOut:
    """Create the project of a draft's roadmap, in one transaction: a column per phase, a card per deliverable."""
    ws = refs.workspace(ctx, given)
    draft = drafts.execute_draft(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, draft_id=given.draft)
    return DraftOut.of(draft)
