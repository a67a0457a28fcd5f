"""Projects of a workspace, its portfolio and templates, and each project's members."""

from __future__ import annotations

from stellary_core.errors import NotFound
from stellary_core.ids import is_id
from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.projects import (
    PortfolioEntryOut,
    ProjectCreateIn,
    ProjectMemberAddIn,
    ProjectMemberOut,
    ProjectOut,
    ProjectUpdateIn,
    TemplateOut,
)
from stellary_core.services import projects

READ = "projects:read"
WRITE = "projects:write"


# -- projects --------------------------------------------------------------------------


@operation("list_projects", input=InWorkspace, output=list[ProjectOut], scope=READ, writes=False)
def list_projects(ctx: OperationContext, given: InWorkspace) -> list[ProjectOut]:
    """The projects of a workspace, or of every workspace the actor is in when none is named; oldest first."""
    return [
        ProjectOut.of(v)
        for ws in refs.spaces(ctx, given)
        for v in projects.list_projects(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)
    ]


@operation("get_project_details", input=InProject, output=ProjectOut, scope=READ, writes=False)
def get_project_details(ctx: OperationContext, given: InProject) -> ProjectOut:
    """One project (by id or name) with its default scope."""
    ws, project = refs.project(ctx, given)
    return ProjectOut.of(projects.get_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id))


class CreateProject(InWorkspace):
    data: ProjectCreateIn


@operation("create_project", input=CreateProject, output=ProjectOut, scope=WRITE, writes=True)
def create_project(ctx: OperationContext, given: CreateProject) -> ProjectOut:
    """Create a project with the default columns, or the columns and sample cards of a template."""
    ws = refs.workspace(ctx, given)
    return ProjectOut.of(projects.create_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data))


class UpdateProject(InProject):
    data: ProjectUpdateIn


@operation("update_project", input=UpdateProject, output=ProjectOut, scope=WRITE, writes=True)
def update_project(ctx: OperationContext, given: UpdateProject) -> ProjectOut:
    """Rename a project or change its description."""
    ws, project = refs.project(ctx, given)
    view = projects.update_project(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, data=given.data
    )
    return ProjectOut.of(view)


@operation("delete_project", input=InProject, output=OkResponse, scope=WRITE, writes=True)
def delete_project(ctx: OperationContext, given: InProject) -> OkResponse:
    """Delete a project with everything in it, attachment files included."""
    ws, project = refs.project(ctx, given)
    projects.delete_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)
    return OkResponse()


@operation("get_portfolio", input=InWorkspace, output=list[PortfolioEntryOut], scope=READ, writes=False)
def get_portfolio(ctx: OperationContext, given: InWorkspace) -> list[PortfolioEntryOut]:
    """Per-project card counts, completion, overdue count and last activity of a workspace."""
    ws = refs.workspace(ctx, given)
    entries = projects.portfolio(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id)
    return [PortfolioEntryOut.model_validate(e) for e in entries]


@operation("list_templates", input=InWorkspace, output=list[TemplateOut], scope=READ, writes=False)
def list_templates(ctx: OperationContext, given: InWorkspace) -> list[TemplateOut]:
    """The project templates a new project or scope can start from."""
    # Templates are the same everywhere; the workspace is checked so that a stranger learns nothing.
    refs.workspace(ctx, given)
    return [TemplateOut.model_validate(t) for t in projects.list_templates()]


# -- members ---------------------------------------------------------------------------


@operation("list_project_members", input=InProject, output=list[ProjectMemberOut], scope=READ, writes=False)
def list_project_members(ctx: OperationContext, given: InProject) -> list[ProjectMemberOut]:
    """The members of a project (they hear about its changes), in the order they joined."""
    ws, project = refs.project(ctx, given)
    members = projects.list_members(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id)
    return [ProjectMemberOut.model_validate(m) for m in members]


class AddProjectMember(InProject):
    data: ProjectMemberAddIn


@operation("add_project_member", input=AddProjectMember, output=ProjectMemberOut, scope=WRITE, writes=True)
def add_project_member(ctx: OperationContext, given: AddProjectMember) -> ProjectMemberOut:
    """Add a member of the workspace (by email) to a project."""
    ws, project = refs.project(ctx, given)
    view = projects.add_member(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, email=given.data.email
    )
    return ProjectMemberOut.model_validate(view)


class RemoveProjectMember(InProject):
    user: str


@operation("remove_project_member", input=RemoveProjectMember, output=OkResponse, scope=WRITE, writes=True)
def remove_project_member(ctx: OperationContext, given: RemoveProjectMember) -> OkResponse:
    """Remove a member (by user id or email) from a project."""
    ws, project = refs.project(ctx, given)
    user_id = given.user
    if not is_id(user_id):
        # An id goes to the service as it is (a member who left the workspace can still be removed);
        # an email must name a member of the workspace, and anything else is the same 404 as an unknown id.
        try:
            user_id = refs.user(ctx, ws, given.user).id
        except NotFound:
            raise NotFound("Member not found") from None
    projects.remove_member(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, user_id=user_id)
    return OkResponse()
