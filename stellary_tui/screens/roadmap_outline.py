"""The wizard's roadmap as an outline being edited: phases of deliverables, changed in place.

The wizard screen keeps this working copy and sends it whole with
``update_project_draft`` after every change. A change the core refuses (two
phases of one name) or that cannot be sent yet (a phase without deliverables)
stays in the outline, so nothing typed is lost: the next change sends it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from stellary_core.ai.wizard import Roadmap
from stellary_core.schemas.drafts import DeliverableIn, PhaseIn, RoadmapIn

Priority = Literal["low", "medium", "high"]
PRIORITIES: tuple[Priority, ...] = ("high", "medium", "low")


@dataclass
class DeliverableDraft:
    title: str
    description: str = ""
    priority: Priority = "medium"
    due_offset_days: int = 0


@dataclass
class PhaseDraft:
    title: str
    description: str = ""
    deliverables: list[DeliverableDraft] = field(default_factory=list)


# Where the cursor is: a phase (deliverable None) or one of its deliverables.
@dataclass(frozen=True)
class Spot:
    phase: int
    deliverable: int | None = None


@dataclass
class Outline:
    phases: list[PhaseDraft]

    @classmethod
    def of(cls, roadmap: Roadmap) -> Outline:
        return cls(
            [
                PhaseDraft(
                    p.title,
                    p.description,
                    [DeliverableDraft(d.title, d.description, d.priority, d.due_offset_days) for d in p.deliverables],
                )
                for p in roadmap.phases
            ]
        )

    # -- what is shown -------------------------------------------------------------

    def spots(self) -> list[Spot]:
        """Every row of the outline in reading order: a phase, then its deliverables."""
        found: list[Spot] = []
        for p, phase in enumerate(self.phases):
            found.append(Spot(p))
            found.extend(Spot(p, d) for d in range(len(phase.deliverables)))
        return found

    def deliverable_count(self) -> int:
        return sum(len(phase.deliverables) for phase in self.phases)

    def problem(self) -> str | None:
        """Why the outline cannot be sent as it is, in the screen's words; None when it can."""
        if not self.phases:
            return "The roadmap needs at least one phase: P adds one."
        for phase in self.phases:
            if not phase.deliverables:
                return f"The phase “{phase.title}” has no deliverable yet: n adds one (each phase becomes a column of cards)."
        return None

    def roadmap_in(self) -> RoadmapIn:
        """The outline as ``update_project_draft`` takes it (raises ValidationError on a value it refuses)."""
        return RoadmapIn(
            phases=[
                PhaseIn(
                    title=p.title,
                    description=p.description,
                    deliverables=[
                        DeliverableIn(
                            title=d.title, description=d.description, priority=d.priority, due_offset_days=d.due_offset_days
                        )
                        for d in p.deliverables
                    ],
                )
                for p in self.phases
            ]
        )

    # -- phases ----------------------------------------------------------------------

    def add_phase(self, after: int | None, phase: PhaseDraft) -> Spot:
        at = len(self.phases) if after is None else after + 1
        self.phases.insert(at, phase)
        return Spot(at)

    def delete_phase(self, index: int) -> Spot | None:
        del self.phases[index]
        return Spot(min(index, len(self.phases) - 1)) if self.phases else None

    def move_phase(self, index: int, step: int) -> Spot | None:
        to = index + step
        if not 0 <= to < len(self.phases):
            return None
        self.phases[index], self.phases[to] = self.phases[to], self.phases[index]
        return Spot(to)

    # -- deliverables ------------------------------------------------------------------

    def add_deliverable(self, spot: Spot, deliverable: DeliverableDraft) -> Spot:
        """After the deliverable at ``spot``, or first in the phase when ``spot`` is the phase itself."""
        items = self.phases[spot.phase].deliverables
        at = 0 if spot.deliverable is None else spot.deliverable + 1
        items.insert(at, deliverable)
        return Spot(spot.phase, at)

    def delete_deliverable(self, spot: Spot) -> Spot:
        assert spot.deliverable is not None
        items = self.phases[spot.phase].deliverables
        del items[spot.deliverable]
        return Spot(spot.phase, min(spot.deliverable, len(items) - 1)) if items else Spot(spot.phase)

    def move_deliverable(self, spot: Spot, step: int) -> Spot | None:
        """One place up or down; past its phase's first or last place, into the neighbouring phase."""
        assert spot.deliverable is not None
        items = self.phases[spot.phase].deliverables
        to = spot.deliverable + step
        if 0 <= to < len(items):
            items[spot.deliverable], items[to] = items[to], items[spot.deliverable]
            return Spot(spot.phase, to)
        neighbour = spot.phase + step
        if not 0 <= neighbour < len(self.phases):
            return None
        moved = items.pop(spot.deliverable)
        target = self.phases[neighbour].deliverables
        at = len(target) if step < 0 else 0  # to the end of the phase above, the start of the one below
        target.insert(at, moved)
        return Spot(neighbour, at)

    def move_to_phase(self, spot: Spot, phase: int) -> Spot:
        """To the end of another phase."""
        assert spot.deliverable is not None
        moved = self.phases[spot.phase].deliverables.pop(spot.deliverable)
        self.phases[phase].deliverables.append(moved)
        return Spot(phase, len(self.phases[phase].deliverables) - 1)


def due_words(offset_days: int, today: date) -> str:
    """A due offset as a person reads it: "day 12 · Dec 10"."""
    due = today + timedelta(days=offset_days)
    return f"day {offset_days} · {due:%b} {due.day}"
