"""``stellary export`` / ``stellary import``: JSON files of projects, as the local profile."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.comments import CommentCreateIn
from stellary_core.schemas.organizations import WorkspaceCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import (
    accounts,
    attachments,
    cards,
    columns,
    comments,
    organizations,
    projects,
    workspaces,
)
from stellary_core.services.files import attachment_path
from stellary_tui.cli import main
from tests.conftest import point_stellary_at


@dataclass
class Local:
    data_dir: Path
    actor: Principal
    org_slug: str
    workspace_id: str
    project_id: str


@pytest.fixture
def local(db: Database, monkeypatch: pytest.MonkeyPatch) -> Local:
    """A local profile owning a project with a commented card."""
    point_stellary_at(db, monkeypatch)
    monkeypatch.delenv("STELLARY_DATA_DIR", raising=False)
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Local Me")
        actor = Principal(user_id=user.id)
        org_slug = organizations.list_organizations(session, actor=actor)[0].org.slug
        workspace = workspaces.get_workspace(session, actor=actor, org_slug=org_slug, ws_slug="personal").workspace
        project = projects.create_project(session, actor=actor, workspace_id=workspace.id, data=ProjectCreateIn(name="Garden Plan"))
        column = columns.list_columns(session, actor=actor, workspace_id=workspace.id, project_id=project.project.id)[1]
        card = cards.create_card(
            session, actor=actor, workspace_id=workspace.id, project_id=project.project.id, column_id=column.id,
            data=CardCreateIn(title="Plant tomatoes", description="After the frost", priority="high"),
        )
        comments.add_comment(
            session, actor=actor, workspace_id=workspace.id, project_id=project.project.id, card_id=card.card.id,
            data=CommentCreateIn(content="Seeds bought"),
        )
    return Local(db.settings.data_dir, actor, org_slug, workspace.id, project.project.id)


def run(capsys: pytest.CaptureFixture[str], local: Local, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(local.data_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def project_names(db: Database, local: Local, workspace_id: str | None = None) -> list[str]:
    with db.session() as session:
        found = projects.list_projects(session, actor=local.actor, workspace_id=workspace_id or local.workspace_id)
        return [view.project.name for view in found]


def test_export_prints_the_project_as_json(capsys: pytest.CaptureFixture[str], local: Local) -> None:
    code, out, err = run(capsys, local, "export", local.project_id)
    assert code == 0, err
    document = json.loads(out)
    assert document["format"] == "stellary.project/1"
    assert document["project"]["name"] == "Garden Plan"
    [card] = document["cards"]
    assert (card["title"], card["description"], card["priority"], card["status"]) == ("Plant tomatoes", "After the frost", "high", "in_progress")
    assert [c["content"] for c in card["comments"]] == ["Seeds bought"]


def test_export_takes_the_projects_name(capsys: pytest.CaptureFixture[str], local: Local) -> None:
    code, out, err = run(capsys, local, "export", "garden plan")
    assert code == 0, err
    assert json.loads(out)["project"]["name"] == "Garden Plan"


def test_export_takes_the_projects_key_prefix(capsys: pytest.CaptureFixture[str], db: Database, local: Local) -> None:
    for given in ("GP", "gp"):
        code, out, err = run(capsys, local, "export", given)
        assert code == 0, err
        assert json.loads(out)["project"]["name"] == "Garden Plan"
    with db.session(write=True) as session:
        projects.create_project(session, actor=local.actor, workspace_id=local.workspace_id, data=ProjectCreateIn(name="Green Peas"))
    code, out, err = run(capsys, local, "export", "GP")
    assert (code, out) == (2, "")
    assert "'GP' names several projects: Garden Plan (GP), Green Peas (GP); give the project's id" in err


def test_export_of_an_unknown_project_fails_without_output(capsys: pytest.CaptureFixture[str], local: Local) -> None:
    code, out, err = run(capsys, local, "export", "0123456789abcdef01234567")
    assert code == 2
    assert out == ""
    assert "Project not found" in err


def test_export_then_import_copies_into_the_personal_workspace(
    capsys: pytest.CaptureFixture[str], db: Database, local: Local, tmp_path: Path
) -> None:
    _, out, _ = run(capsys, local, "export", local.project_id)
    file = tmp_path / "garden.json"
    file.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, local, "import", str(file))
    assert code == 0, err
    assert out.splitlines()[:3] == [
        f"Imported project 'Garden Plan (2)' into {local.org_slug}/personal: 1 card, keys GPA-n",
        "  A project named 'Garden Plan' already exists there, so this one is 'Garden Plan (2)'.",
        "  The key prefix GP is taken there, so its cards are GPA-1, GPA-2…",
    ]
    assert project_names(db, local) == ["Garden Plan", "Garden Plan (2)"]
    new_id = out.split("id: ")[1].strip()
    _, again, _ = run(capsys, local, "export", new_id)
    copied = json.loads(again)
    assert [(c["title"], c["key"], [m["content"] for m in c["comments"]]) for c in copied["cards"]] == [
        ("Plant tomatoes", "GPA-1", ["Seeds bought"]),
    ]


def attach(db: Database, local: Local, tmp_path: Path, name: str, content: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with db.session(write=True) as session:
        card_id = cards.list_cards(session, actor=local.actor, workspace_id=local.workspace_id, project_id=local.project_id)[0].card.id
        attachments.attach_file(
            session, actor=local.actor, workspace_id=local.workspace_id, project_id=local.project_id, card_id=card_id, path=source
        )


def files_of(db: Database, local: Local, project_id: str) -> list[tuple[str, str, str, bytes]]:
    with db.session() as session:
        found = []
        for view in cards.list_cards(session, actor=local.actor, workspace_id=local.workspace_id, project_id=project_id):
            for item in attachments.list_attachments(
                session, actor=local.actor, workspace_id=local.workspace_id, project_id=project_id, card_id=view.card.id
            ):
                row = item.attachment
                found.append((view.card.title, row.original_name, row.mime_type, attachment_path(db.settings, row.id).read_bytes()))
        return found


def test_export_with_files_then_import_restores_them(
    capsys: pytest.CaptureFixture[str], db: Database, local: Local, tmp_path: Path
) -> None:
    attach(db, local, tmp_path, "seed packet.jpg", b"\xff\xd8\xff jpeg bytes")
    attach(db, local, tmp_path, "plan.md", b"# Beds\n")
    code, plain, err = run(capsys, local, "export", "GP")
    assert code == 0, err
    assert "attachments" not in json.loads(plain)["cards"][0]
    code, out, err = run(capsys, local, "export", "GP", "--with-files")
    assert code == 0, err
    file = tmp_path / "garden.json"
    file.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, local, "import", str(file))
    assert code == 0, err
    assert out.startswith(f"Imported project 'Garden Plan (2)' into {local.org_slug}/personal: 1 card, 2 files, keys GPA-n")
    copy_id = out.split("id: ")[1].strip()
    assert files_of(db, local, copy_id) == files_of(db, local, local.project_id) == [
        ("Plant tomatoes", "seed packet.jpg", "image/jpeg", b"\xff\xd8\xff jpeg bytes"),
        ("Plant tomatoes", "plan.md", "text/markdown", b"# Beds\n"),
    ]


def test_export_with_files_past_the_cap_fails_in_words(
    capsys: pytest.CaptureFixture[str], db: Database, local: Local, tmp_path: Path
) -> None:
    attach(db, local, tmp_path, "film.mp4", b"m" * (6 * 1024 * 1024))
    code, out, err = run(capsys, local, "export", "Garden Plan", "--with-files")
    assert (code, out) == (2, "")
    assert err == (
        "stellary: The project's attachments come to 6.0 MB; an export holds at most 5 MB of files. "
        "Export it without files, or remove the largest attachments first.\n"
    )


def test_import_into_a_named_workspace(capsys: pytest.CaptureFixture[str], db: Database, local: Local, tmp_path: Path) -> None:
    with db.session(write=True) as session:
        team = workspaces.create_workspace(
            session, actor=local.actor, org_slug=local.org_slug, data=WorkspaceCreateIn(name="Team", slug="team")
        ).workspace
    file = tmp_path / "ref.json"
    file.write_text(json.dumps({"project": {"name": "Imported"}, "columns": [{"name": "To Do"}], "cards": [{"title": "First task", "columnIndex": 0}]}))
    code, out, err = run(capsys, local, "import", str(file), "--workspace", f"{local.org_slug}/team")
    assert code == 0, err
    # Its name and prefix are free there: nothing to explain.
    assert out.splitlines()[:2] == [f"Imported project 'Imported' into {local.org_slug}/team: 1 card, keys IMPO-n", out.splitlines()[1]]
    assert out.splitlines()[1].startswith("  id: ")
    assert project_names(db, local, team.id) == ["Imported"]
    assert project_names(db, local) == ["Garden Plan"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({"project": {}, "cards": []}), "project.name"),
        (json.dumps({"project": {"name": "X"}, "cards": [{"title": f"c{n}"} for n in range(501)]}), "cards"),
    ],
)
def test_a_bad_file_is_refused_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], db: Database, local: Local, tmp_path: Path, content: str, message: str
) -> None:
    file = tmp_path / "bad.json"
    file.write_text(content)
    code, _, err = run(capsys, local, "import", str(file))
    assert code == 2
    assert message in err
    assert project_names(db, local) == ["Garden Plan"]


def test_import_of_a_missing_file_or_unknown_workspace_fails(capsys: pytest.CaptureFixture[str], local: Local, tmp_path: Path) -> None:
    code, _, err = run(capsys, local, "import", str(tmp_path / "nope.json"))
    assert code == 2 and "cannot read" in err
    file = tmp_path / "ok.json"
    file.write_text(json.dumps({"project": {"name": "X"}}))
    code, _, err = run(capsys, local, "import", str(file), "--workspace", "someone-else/personal")
    assert code == 2 and "not found" in err
    code, _, err = run(capsys, local, "import", str(file), "--workspace", "no-slash")
    assert code == 2 and "ORG/WS" in err


def test_import_reads_standard_input(capsys: pytest.CaptureFixture[str], db: Database, local: Local, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"project": {"name": "Piped"}})))
    code, _, err = run(capsys, local, "import", "-")
    assert code == 0, err
    assert project_names(db, local) == ["Garden Plan", "Piped"]
