"""/api-tokens: personal access tokens, managed only with a JWT session (the operations refuse a PAT)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from stellary_core.operations.catalog import api_tokens as ops
from stellary_core.operations.refs import NoInput
from stellary_core.schemas.api_tokens import ApiTokenCreatedOut, ApiTokenCreateIn, ApiTokenOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor
from stellary_core.server.operations import respond, runs

router = APIRouter(prefix="/api-tokens", tags=["API Tokens"])
TokenId = Annotated[str, Path(alias="id")]


@router.post("", status_code=201, response_model=ApiTokenCreatedOut, openapi_extra=runs(ops.create_api_token))
def create_token(request: Request, body: ApiTokenCreateIn, actor: Actor) -> Response:
    return respond(request, ops.create_api_token, actor, ops.CreateApiToken(data=body), status=201)


@router.get("", response_model=list[ApiTokenOut], openapi_extra=runs(ops.list_api_tokens))
def list_tokens(request: Request, actor: Actor) -> Response:
    return respond(request, ops.list_api_tokens, actor, NoInput())


@router.delete("/{id}", response_model=OkResponse, openapi_extra=runs(ops.revoke_api_token))
def revoke_token(request: Request, token_id: TokenId, actor: Actor) -> Response:
    return respond(request, ops.revoke_api_token, actor, ops.RevokeApiToken(token_id=token_id))
