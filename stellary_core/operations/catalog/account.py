"""The actor's own account: profile and password."""

from __future__ import annotations

from sqlalchemy.orm import Session

from stellary_core.models import User
from stellary_core.operations.refs import NoInput, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.auth import ChangePasswordIn, MeOut, ProfileUpdateIn, UserOut
from stellary_core.schemas.common import OkResponse
from stellary_core.services import accounts


def _me(session: Session, user: User) -> MeOut:
    role = accounts.personal_pilotage_role(session, user.id)
    return MeOut(user=UserOut(id=user.id, email=user.email, name=user.name, pilotage_role=role))


@operation("get_profile", input=NoInput, output=MeOut, scope="account:read", writes=False)
def get_profile(ctx: OperationContext, given: NoInput) -> MeOut:
    """Who the actor is: id, email, name and pilotage role in their personal workspace."""
    return _me(ctx.session, accounts.get_user(ctx.session, actor=ctx.actor))


class UpdateProfile(OperationInput):
    data: ProfileUpdateIn


@operation("update_profile", input=UpdateProfile, output=MeOut, scope="account:write", writes=True)
def update_profile(ctx: OperationContext, given: UpdateProfile) -> MeOut:
    """Change the actor's display name."""
    return _me(ctx.session, accounts.update_profile(ctx.session, actor=ctx.actor, data=given.data))


class ChangePassword(OperationInput):
    data: ChangePasswordIn


@operation("change_password", input=ChangePassword, output=OkResponse, scope="account:write", writes=True)
def change_password(ctx: OperationContext, given: ChangePassword) -> OkResponse:
    """Change the actor's password given the current one; earlier login sessions stop working."""
    accounts.change_password(ctx.session, actor=ctx.actor, data=given.data)
    return OkResponse()


class SetLocalPassword(OperationInput):
    password: str


@operation(
    "set_local_password", input=SetLocalPassword, output=UserOut, scope="account:write", writes=True,
    kinds=frozenset({"local"}),
)
def set_local_password(ctx: OperationContext, given: SetLocalPassword) -> UserOut:
    """Give the local profile a password, so it can also log in over REST; earlier JWTs stop working."""
    user = accounts.set_password(ctx.session, actor=ctx.actor, new_password=given.password)
    return UserOut(id=user.id, email=user.email, name=user.name, pilotage_role=None)
