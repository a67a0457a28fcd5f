"""Shared pieces of the REST benchmarks: seeded data directories, server processes, CPU time.

Every process a benchmark starts is registered in a ``Processes`` group whose
``close`` (run from a ``with`` block, so also on errors and Ctrl-C) ends each
of them by its own id. Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sqlalchemy import insert, select

from stellary_core.ids import new_id
from stellary_core.models import Card, CardFieldValue, CardRelation, Organization, Project, Scope, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.services import custom_fields
from stellary_core.services.relations import normalise
from stellary_tui.cli.demo import create_demo_database

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Seconds a server gets to start listening (migrations run first).
START_TIMEOUT = 30.0
_TICKS = os.sysconf("SC_CLK_TCK")
# The `stellary` command of this checkout (the package has no __main__; the
# installed script may point at another checkout).
STELLARY = ["-c", "import sys; from stellary_tui.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class Seeded:
    """A data directory holding the local profile and one demo project."""

    directory: Path
    database_file: Path
    actor: Principal
    org_slug: str
    ws_slug: str
    workspace_id: str
    project_id: str
    scope_id: str
    cards: int

    @property
    def project_path(self) -> str:
        return f"/orgs/{self.org_slug}/workspaces/{self.ws_slug}/projects/{self.project_id}"


def seed(cards: int, *, directory: Path | None = None, seed_value: int = 11) -> Seeded:
    """``stellary demo``'s project (labels, checklists, assignees) plus custom fields and relations.

    The three field definitions go through the service; their values and the
    relations are bulk-inserted, as the demo generator inserts cards, so 5,000
    cards seed in seconds. About a third of the cards get field values and one
    card in ten a relation (blocks always from a lower to a higher number, so
    there is no cycle).
    """
    directory = directory or Path(tempfile.mkdtemp(prefix="stellary-bench-api-"))
    db = create_demo_database(directory, cards)
    rng = random.Random(seed_value)
    try:
        with db.session(write=True) as session:
            project = session.scalars(select(Project)).one()
            workspace = session.get_one(Workspace, project.workspace_id)
            org = session.get_one(Organization, workspace.org_id)
            scope_id = session.scalars(select(Scope.id).where(Scope.project_id == project.id, Scope.is_default.is_(True))).one()
            actor = Principal(user_id=project.created_by or "", kind="local")
            seeded = Seeded(
                directory=directory,
                database_file=directory / "stellary.db",
                actor=actor,
                org_slug=org.slug,
                ws_slug=workspace.slug,
                workspace_id=workspace.id,
                project_id=project.id,
                scope_id=scope_id,
                cards=cards,
            )
        fields = []
        for definition in (
            {"name": "Estimate", "type": "number"},
            {"name": "Customer", "type": "text"},
            {"name": "Area", "type": "select", "options": ["api", "tui", "core", "docs"]},
        ):
            with db.session(write=True) as session:
                fields.append(
                    custom_fields.create_custom_field(
                        session,
                        actor=actor,
                        workspace_id=seeded.workspace_id,
                        project_id=seeded.project_id,
                        data=CustomFieldCreateIn.model_validate(definition),
                    )
                )
        with db.session(write=True) as session:
            ids = list(session.scalars(select(Card.id).where(Card.project_id == project.id).order_by(Card.number)))
            values: list[dict[str, object]] = []
            for card_id in ids:
                if rng.random() < 0.35:
                    values.append({"card_id": card_id, "field_id": fields[0].id, "value": rng.choice((1, 2, 3, 5, 8, 13))})
                if rng.random() < 0.2:
                    values.append({"card_id": card_id, "field_id": fields[1].id, "value": rng.choice(("ACME", "Globex", "Initech"))})
                if rng.random() < 0.3:
                    values.append({"card_id": card_id, "field_id": fields[2].id, "value": rng.choice(fields[2].options)})
            relations: set[tuple[str, str, str]] = set()
            for i in range(len(ids) // 10):
                a, b = sorted(rng.sample(range(len(ids)), 2))
                kind = rng.choice(("blocks", "blocked_by", "related_to", "parent_of"))
                relations.add(normalise(kind, ids[a], ids[b]) if kind != "blocked_by" else normalise(kind, ids[b], ids[a]))
            rows = [
                {"id": new_id(), "project_id": project.id, "source_card_id": s, "target_card_id": t, "type": k, "created_by": actor.user_id}
                for k, s, t in sorted(relations)
            ]
            for chunk in range(0, len(values), 2000):
                session.execute(insert(CardFieldValue), values[chunk : chunk + 2000])
            for chunk in range(0, len(rows), 2000):
                session.execute(insert(CardRelation), rows[chunk : chunk + 2000])
            session.commit()
    finally:
        db.dispose()
    return seeded


def create_token(directory: Path) -> str:
    """A personal access token of the local profile, made by ``stellary token create``."""
    done = subprocess.run(
        [sys.executable, *STELLARY, "token", "create", "--name", "bench", "--data-dir", str(directory)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    secrets = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("synth_")]
    if len(secrets) != 1:
        raise RuntimeError(f"no token in the output of stellary token create:\n{done.stdout}\n{done.stderr}")
    return secrets[0]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc/<pid>/stat)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may hold spaces: split after its closing parenthesis.
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime, fields 14 and 15


class Processes:
    """Processes started for one run, each ended by its id when the block exits."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> "Processes":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def start(self, name: str, args: list[str], port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start ``python args...`` from the repository root and wait until it listens on ``port``."""
        log = (self.log_dir / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        log.close()
        self.started.append(process)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log_dir / (name + '.log')}")
            try:
                with socket.create_connection((HOST, port), timeout=0.2):
                    return process
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{name} did not listen on {HOST}:{port} within {START_TIMEOUT:.0f} s")

    def serve_stellary(self, name: str, directory: Path, port: int) -> subprocess.Popen[bytes]:
        """A real ``stellary serve`` on ``directory``."""
        return self.start(
            name, [*STELLARY, "serve", "--data-dir", str(directory), "--host", HOST, "--port", str(port)], port
        )

    def close(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.started.clear()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
