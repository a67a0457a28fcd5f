"""/api-tokens: personal access tokens, managed only with a JWT session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from stellary_core.schemas.api_tokens import ApiTokenCreatedOut, ApiTokenCreateIn, ApiTokenOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import DbSession, JwtActor
from stellary_core.services import api_tokens

router = APIRouter(prefix="/api-tokens", tags=["API Tokens"])
TokenId = Annotated[str, Path(alias="id")]


@router.post("", status_code=201, response_model=ApiTokenCreatedOut)
def create_token(body: ApiTokenCreateIn, session: DbSession, actor: JwtActor) -> ApiTokenCreatedOut:
    created = api_tokens.create_token(session, actor=actor, data=body)
    token = created.token
    return ApiTokenCreatedOut(
        id=token.id,
        token=created.secret,
        name=token.name,
        prefix=token.prefix,
        scopes=token.scopes,
        expires_at=token.expires_at,
        created_at=token.created_at,
    )


@router.get("", response_model=list[ApiTokenOut])
def list_tokens(session: DbSession, actor: JwtActor) -> list[ApiTokenOut]:
    return [ApiTokenOut.model_validate(t) for t in api_tokens.list_tokens(session, actor=actor)]


@router.delete("/{id}", response_model=OkResponse)
def revoke_token(token_id: TokenId, session: DbSession, actor: JwtActor) -> OkResponse:
    api_tokens.revoke_token(session, actor=actor, token_id=token_id)
    return OkResponse()
