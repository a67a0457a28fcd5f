"""All tables, imported here so Alembic and ``Base.metadata`` see every one."""

from stellary_core.models.activity import ACTIVITY_TYPES, Activity, Notification
from stellary_core.models.base import Base
from stellary_core.models.card import (
    PRIORITIES,
    RELATION_TYPES,
    STATUSES,
    Attachment,
    Card,
    CardFieldValue,
    CardLabel,
    CardRelation,
    ChecklistItem,
    Comment,
)
from stellary_core.models.organization import (
    ORG_ROLES,
    PILOTAGE_ROLES,
    WORKSPACE_ROLES,
    Invitation,
    Organization,
    OrgMember,
    Workspace,
    WorkspaceMember,
)
from stellary_core.models.project import (
    COLUMN_CATEGORIES,
    VIEW_TYPES,
    BoardColumn,
    CustomField,
    Label,
    Project,
    ProjectMember,
    SavedFilter,
    Scope,
)
from stellary_core.models.trash import TrashedCard
from stellary_core.models.user import ApiToken, AppSetting, LoginFailure, User

__all__ = [
    "ACTIVITY_TYPES",
    "COLUMN_CATEGORIES",
    "ORG_ROLES",
    "PILOTAGE_ROLES",
    "PRIORITIES",
    "RELATION_TYPES",
    "STATUSES",
    "VIEW_TYPES",
    "WORKSPACE_ROLES",
    "Activity",
    "ApiToken",
    "AppSetting",
    "Attachment",
    "Base",
    "BoardColumn",
    "Card",
    "CardFieldValue",
    "CardLabel",
    "CardRelation",
    "ChecklistItem",
    "Comment",
    "CustomField",
    "Invitation",
    "Label",
    "LoginFailure",
    "Notification",
    "Organization",
    "OrgMember",
    "Project",
    "ProjectMember",
    "SavedFilter",
    "Scope",
    "TrashedCard",
    "User",
    "Workspace",
    "WorkspaceMember",
]
