"""W/documents: the workspace's knowledge base and its review workflow, bound to operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from stellary_core.operations.catalog import documents as ops
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.documents import (
    ContextType,
    DocStatus,
    DocType,
    DocumentCreateIn,
    DocumentOut,
    DocumentReviewIn,
    DocumentSummaryOut,
    DocumentUpdateIn,
)
from stellary_core.server.deps import Actor, OrgSlug, WsSlug
from stellary_core.server.operations import respond, runs

router = APIRouter(tags=["Documents"])
W = "/orgs/{orgSlug}/workspaces/{wsSlug}"
D = W + "/documents/{documentId}"
DocumentId = Annotated[str, Path(alias="documentId")]


@router.get(W + "/documents", response_model=list[DocumentSummaryOut], openapi_extra=runs(ops.list_documents))
def list_documents(
    request: Request,
    org: OrgSlug,
    ws: WsSlug,
    actor: Actor,
    doc_type: Annotated[DocType | None, Query(alias="docType")] = None,
    context_type: Annotated[ContextType | None, Query(alias="contextType")] = None,
    context_id: Annotated[str | None, Query(alias="contextId")] = None,
    parent_id: Annotated[str | None, Query(alias="parentId", description='a document id, or "none" for the top level')] = None,
    status: Annotated[DocStatus | None, Query()] = None,
    q: Annotated[str | None, Query(description="words that must all be in the title or content")] = None,
) -> Response:
    # A dict, so the runner validates the ids and answers a malformed one with the usual 400.
    given = {
        "orgSlug": org, "wsSlug": ws, "docType": doc_type, "contextType": context_type, "contextId": context_id,
        "parentId": parent_id, "status": status, "q": q,
    }
    return respond(request, ops.list_documents, actor, given)


@router.post(W + "/documents", status_code=201, response_model=DocumentOut, openapi_extra=runs(ops.create_document))
def create_document(request: Request, org: OrgSlug, ws: WsSlug, body: DocumentCreateIn, actor: Actor) -> Response:
    given = ops.CreateDocument(org_slug=org, ws_slug=ws, data=body)
    return respond(request, ops.create_document, actor, given, status=201)


@router.get(D, response_model=DocumentOut, openapi_extra=runs(ops.get_document))
def get_document(request: Request, org: OrgSlug, ws: WsSlug, document_id: DocumentId, actor: Actor) -> Response:
    return respond(request, ops.get_document, actor, ops.OnDocument(org_slug=org, ws_slug=ws, document=document_id))


@router.patch(D, response_model=DocumentOut, openapi_extra=runs(ops.update_document))
def update_document(
    request: Request, org: OrgSlug, ws: WsSlug, document_id: DocumentId, body: DocumentUpdateIn, actor: Actor
) -> Response:
    given = ops.UpdateDocument(org_slug=org, ws_slug=ws, document=document_id, data=body)
    return respond(request, ops.update_document, actor, given)


@router.delete(D, response_model=OkResponse, openapi_extra=runs(ops.delete_document))
def delete_document(request: Request, org: OrgSlug, ws: WsSlug, document_id: DocumentId, actor: Actor) -> Response:
    return respond(request, ops.delete_document, actor, ops.OnDocument(org_slug=org, ws_slug=ws, document=document_id))


@router.post(D + "/submit-review", response_model=DocumentOut, openapi_extra=runs(ops.submit_document_for_review))
def submit_review(request: Request, org: OrgSlug, ws: WsSlug, document_id: DocumentId, actor: Actor) -> Response:
    given = ops.OnDocument(org_slug=org, ws_slug=ws, document=document_id)
    return respond(request, ops.submit_document_for_review, actor, given)


@router.post(D + "/review", response_model=DocumentOut, openapi_extra=runs(ops.review_document))
def review(
    request: Request, org: OrgSlug, ws: WsSlug, document_id: DocumentId, body: DocumentReviewIn, actor: Actor
) -> Response:
    given = ops.ReviewDocument(org_slug=org, ws_slug=ws, document=document_id, data=body)
    return respond(request, ops.review_document, actor, given)
