"""/auth: register and login (public), profile and password (account operations)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from stellary_core.operations.catalog import account as ops
from stellary_core.operations.refs import NoInput
from stellary_core.schemas.auth import AuthOut, ChangePasswordIn, LoginIn, MeOut, ProfileUpdateIn, RegisterIn, UserOut
from stellary_core.schemas.common import OkResponse
from stellary_core.server.deps import Actor, database
from stellary_core.server.operations import respond, runs
from stellary_core.services import accounts

router = APIRouter(prefix="/auth", tags=["Auth"])


def _auth_out(result: accounts.AuthResult) -> AuthOut:
    user = result.user
    return AuthOut(
        access_token=result.access_token,
        user=UserOut(id=user.id, email=user.email, name=user.name, pilotage_role=result.pilotage_role),
    )


# Register and login act for nobody yet, so they are no operations (the runner needs a
# principal): each is one unit of work of its own, its answer built before the commit.
@router.post("/register", status_code=201, response_model=AuthOut)
def register(request: Request, body: RegisterIn) -> AuthOut:
    with database(request).session(write=True) as session:
        return _auth_out(accounts.register(session, data=body))


@router.post("/login", response_model=AuthOut)
def login(request: Request, body: LoginIn) -> AuthOut:
    # A wrong password raises after marking the failure kept: the session commits it, then the 401 goes out.
    with database(request).session(write=True) as session:
        return _auth_out(accounts.login(session, data=body))


@router.get("/me", response_model=MeOut, openapi_extra=runs(ops.get_profile))
def me(request: Request, actor: Actor) -> Response:
    return respond(request, ops.get_profile, actor, NoInput())


@router.patch("/me", response_model=MeOut, openapi_extra=runs(ops.update_profile))
def update_me(request: Request, body: ProfileUpdateIn, actor: Actor) -> Response:
    return respond(request, ops.update_profile, actor, ops.UpdateProfile(data=body))


@router.post("/change-password", response_model=OkResponse, openapi_extra=runs(ops.change_password))
def change_password(request: Request, body: ChangePasswordIn, actor: Actor) -> Response:
    return respond(request, ops.change_password, actor, ops.ChangePassword(data=body))
