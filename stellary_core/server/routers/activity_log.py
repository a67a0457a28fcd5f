"""A card's activity: ``GET P/cards/:cardId/activity`` (an extension of the reference)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from stellary_core.schemas.activity_log import CardActivityOut
from stellary_core.server.deps import DbSession, ProjectId, ProjectsActor, WorkspaceCtx
from stellary_core.services import activity_log

router = APIRouter(tags=["Activity"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
CardId = Annotated[str, Path(alias="cardId")]


@router.get(P + "/cards/{cardId}/activity", response_model=list[CardActivityOut])
def card_activity(
    ws: WorkspaceCtx,
    project_id: ProjectId,
    card_id: CardId,
    session: DbSession,
    actor: ProjectsActor,
    limit: Annotated[int, Query(description="entries to return, 1-500")] = 50,
) -> list[CardActivityOut]:
    """Extension (not in the Stellary reference): what happened to a card, newest first.

    Each entry has the activity ``type`` of the reference, the actor's id and
    display name, and the ``meta`` recorded with it (for moves ``fromColumn``
    and ``toColumn``; for comments ``commentId`` and ``excerpt``). Takes
    ``limit`` (default 50, max 500) like every unbounded list.
    """
    entries = activity_log.list_card_activity(
        session, actor=actor, workspace_id=ws.workspace.id, project_id=project_id, card_id=card_id, limit=limit
    )
    return [CardActivityOut.model_validate(e) for e in entries]
