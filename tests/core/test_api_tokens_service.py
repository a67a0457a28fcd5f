"""The token service on its own: who may manage tokens, and what a created token holds."""

from __future__ import annotations

import pytest

from stellary_core.db import Database
from stellary_core.errors import Forbidden, Invalid
from stellary_core.principal import Principal
from stellary_core.schemas.api_tokens import ApiTokenCreateIn
from stellary_core.services import accounts, api_tokens


@pytest.fixture
def me(db: Database) -> Principal:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Me")
    return Principal(user_id=user.id, kind="local")


def test_the_local_profile_creates_and_authenticates_a_token(db: Database, me: Principal) -> None:
    with db.session(write=True) as session:
        created = api_tokens.create_token(session, actor=me, data=ApiTokenCreateIn(name="cli", scopes=["account:read"]))
    with db.session() as session:
        found = accounts.authenticate(session, bearer=created.secret)
    assert found.principal.user_id == me.user_id
    assert found.principal.kind == "pat"
    assert found.principal.scopes == frozenset({"account:read"})
    assert found.principal.token_id == created.token.id


def test_a_pat_principal_cannot_manage_tokens_whatever_the_shell(db: Database, me: Principal) -> None:
    as_pat = Principal(user_id=me.user_id, kind="pat", token_id="665f1a2b3c4d5e6f7a8b9c0d")
    with db.session(write=True) as session:
        with pytest.raises(Forbidden):
            api_tokens.create_token(session, actor=as_pat, data=ApiTokenCreateIn(name="widen"))
        with pytest.raises(Forbidden):
            api_tokens.list_tokens(session, actor=as_pat)
        with pytest.raises(Forbidden):
            api_tokens.revoke_token(session, actor=as_pat, token_id="665f1a2b3c4d5e6f7a8b9c0d")


@pytest.mark.parametrize("kind", ["agent", "automation"])
def test_only_a_login_session_or_the_local_profile_manages_tokens(db: Database, me: Principal, kind: str) -> None:
    # An agent or an automation acts for its owner with their scopes, but must not hand out tokens.
    other = Principal(user_id=me.user_id, kind=kind)  # type: ignore[arg-type]
    with db.session(write=True) as session, pytest.raises(Forbidden, match=f"not with an {kind}"):
        api_tokens.create_token(session, actor=other, data=ApiTokenCreateIn(name="widen"))
    with db.session() as session, pytest.raises(Forbidden):
        api_tokens.list_tokens(session, actor=other)


def test_unknown_scopes_are_refused_by_the_service(db: Database, me: Principal) -> None:
    with db.session(write=True) as session, pytest.raises(Invalid) as error:
        api_tokens.create_token(session, actor=me, data=ApiTokenCreateIn(name="x", scopes=["root"]))
    assert error.value.details[0].field == "scopes"


def test_secrets_are_synth_and_40_base62_characters() -> None:
    secret = api_tokens.new_secret()
    assert secret.startswith("synth_")
    assert len(secret) == 46
    assert secret[6:].isalnum() and secret[6:].isascii()
