"""Account shapes: register, login, profile, password change."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from stellary_core.schemas.common import ApiModel, InputModel, ObjectId, OneLine

_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    value = value.strip().lower()
    if len(value) > 254 or not _EMAIL_RE.match(value):
        raise ValueError("must be a valid email address")
    return value


Email = Annotated[str, AfterValidator(_check_email)]
Password = Annotated[str, Field(min_length=8, max_length=128)]
DisplayName = Annotated[str, Field(max_length=100), OneLine]


class RegisterIn(InputModel):
    email: Email
    password: Password
    name: DisplayName | None = None


class LoginIn(InputModel):
    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class ProfileUpdateIn(InputModel):
    # A blank name would leave the person nameless everywhere they appear.
    name: Annotated[str, Field(min_length=1, max_length=100), OneLine]


class ChangePasswordIn(InputModel):
    current_password: Annotated[str, Field(min_length=1, max_length=1024)]
    new_password: Password


class UserOut(ApiModel):
    id: ObjectId
    email: str
    name: str
    pilotage_role: str | None = None


class AuthOut(ApiModel):
    # The reference spells this one key in snake_case.
    access_token: str = Field(alias="access_token")
    user: UserOut


class MeOut(ApiModel):
    user: UserOut
