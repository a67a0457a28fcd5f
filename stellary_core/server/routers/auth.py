"""/auth: register, login, profile and password."""

from __future__ import annotations

from fastapi import APIRouter

from stellary_core.models import User
from stellary_core.schemas.auth import AuthOut, ChangePasswordIn, LoginIn, MeOut, ProfileUpdateIn, RegisterIn, UserOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import AccountActor, DbSession
from stellary_core.services import accounts

router = APIRouter(prefix="/auth", tags=["Auth"])


def _auth_out(result: accounts.AuthResult) -> AuthOut:
    user = result.user
    return AuthOut(
        access_token=result.access_token,
        user=UserOut(id=user.id, email=user.email, name=user.name, pilotage_role=result.pilotage_role),
    )


@router.post("/register", status_code=201, response_model=AuthOut)
def register(body: RegisterIn, session: DbSession) -> AuthOut:
    return _auth_out(accounts.register(session, data=body))


@router.post("/login", response_model=AuthOut)
def login(body: LoginIn, session: DbSession) -> AuthOut:
    return _auth_out(accounts.login(session, data=body))


def _me(session: DbSession, user: User) -> MeOut:
    role = accounts.personal_pilotage_role(session, user.id)
    return MeOut(user=UserOut(id=user.id, email=user.email, name=user.name, pilotage_role=role))


@router.get("/me", response_model=MeOut)
def me(session: DbSession, actor: AccountActor) -> MeOut:
    return _me(session, accounts.get_user(session, actor=actor))


@router.patch("/me", response_model=MeOut)
def update_me(body: ProfileUpdateIn, session: DbSession, actor: AccountActor) -> MeOut:
    return _me(session, accounts.update_profile(session, actor=actor, data=body))


@router.post("/change-password", response_model=OkResponse)
def change_password(body: ChangePasswordIn, session: DbSession, actor: AccountActor) -> OkResponse:
    accounts.change_password(session, actor=actor, data=body)
    return OkResponse()
