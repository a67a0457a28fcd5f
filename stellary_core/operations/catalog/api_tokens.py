"""Personal access tokens: only a login session or the local profile may manage them.

A PAT is refused whatever its scopes, so a narrow token can never mint a wider one.
"""

from __future__ import annotations

from stellary_core.operations.refs import NoInput, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.api_tokens import ApiTokenCreatedOut, ApiTokenCreateIn, ApiTokenOut
from stellary_core.schemas.common import OkResponse
from stellary_core.services import api_tokens
from stellary_core.services.api_tokens import MANAGING_KINDS, REFUSAL


class CreateApiToken(OperationInput):
    data: ApiTokenCreateIn


@operation(
    "create_api_token", input=CreateApiToken, output=ApiTokenCreatedOut, scope="account:write", writes=True,
    kinds=MANAGING_KINDS, refusal=REFUSAL,
)
def create_api_token(ctx: OperationContext, given: CreateApiToken) -> ApiTokenCreatedOut:
    """Create a personal access token; its secret is in this answer only."""
    created = api_tokens.create_token(ctx.session, actor=ctx.actor, data=given.data)
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


@operation(
    "list_api_tokens", input=NoInput, output=list[ApiTokenOut], scope="account:read", writes=False,
    kinds=MANAGING_KINDS, refusal=REFUSAL,
)
def list_api_tokens(ctx: OperationContext, given: NoInput) -> list[ApiTokenOut]:
    """The actor's tokens that are not revoked, newest first (never their secret)."""
    return [ApiTokenOut.model_validate(t) for t in api_tokens.list_tokens(ctx.session, actor=ctx.actor)]


class RevokeApiToken(OperationInput):
    token_id: str


@operation(
    "revoke_api_token", input=RevokeApiToken, output=OkResponse, scope="account:write", writes=True,
    kinds=MANAGING_KINDS, refusal=REFUSAL,
)
def revoke_api_token(ctx: OperationContext, given: RevokeApiToken) -> OkResponse:
    """Revoke one of the actor's tokens for good."""
    api_tokens.revoke_token(ctx.session, actor=ctx.actor, token_id=given.token_id)
    return OkResponse()
