"""Typed relations between cards of a project (blocks, duplicates, parent of...)."""

from __future__ import annotations

from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, OnCard
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.relations import RelationCreateIn, RelationOut
from stellary_core.services import relations

READ = "projects:read"
WRITE = "projects:write"


@operation("list_relations", input=OnCard, output=list[RelationOut], scope=READ, writes=False)
def list_relations(ctx: OperationContext, given: OnCard) -> list[RelationOut]:
    """A card's relations, each seen from that card (A blocks B lists as blocked_by on B)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    found = relations.list_relations(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id
    )
    return [RelationOut.of(view) for view in found]


class CreateRelation(OnCard):
    data: RelationCreateIn


@operation("create_relation", input=CreateRelation, output=RelationOut, scope=WRITE, writes=True)
def create_relation(ctx: OperationContext, given: CreateRelation) -> RelationOut:
    """Relate a card to another card of the same project (no cycles of blocks or parent_of)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    view = relations.create_relation(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id, data=given.data
    )
    return RelationOut.of(view)


class DeleteRelation(InProject):
    relation: str


@operation("delete_relation", input=DeleteRelation, output=OkResponse, scope=WRITE, writes=True)
def delete_relation(ctx: OperationContext, given: DeleteRelation) -> OkResponse:
    """Delete a relation between two cards."""
    ws, project = refs.project(ctx, given)
    relations.delete_relation(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, relation_id=given.relation
    )
    return OkResponse()
