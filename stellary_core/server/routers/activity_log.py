"""A card's activity: ``GET P/cards/:cardId/activity`` (an extension of the reference)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import activity as ops
from stellary_core.schemas.activity_log import CardActivityOut
from stellary_core.server.deps import Actor, OrgSlug, ProjectId, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Activity"])
P = "/orgs/{orgSlug}/workspaces/{wsSlug}/projects/{projectId}"
CardId = Annotated[str, Path(alias="cardId")]


@router.get(P + "/cards/{cardId}/activity", response_model=list[CardActivityOut], openapi_extra=runs(ops.list_card_activity))
def card_activity(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    project_id: ProjectId,
    card_id: CardId,
    actor: Actor,
    limit: Annotated[int, Query(description="entries to return, 1-500")] = 50,
) -> Response:
    """Extension (not in the Stellary reference): what happened to a card, newest first.

    Each entry has the activity ``type`` of the reference, the actor's id and
    display name, and the ``meta`` recorded with it (for moves ``fromColumn``
    and ``toColumn``; for comments ``commentId`` and ``excerpt``). Takes
    ``limit`` (default 50, max 500) like every unbounded list.
    """
    given = ops.CardActivity(org_slug=org, ws_slug=ws, project=project_id, card=card_id, limit=limit)
    return respond(request, ops.list_card_activity, actor, given)
