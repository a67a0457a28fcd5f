"""The pure rules of card relations: normalised storage, inverses, reachability."""

from __future__ import annotations

import pytest

from stellary_core.services.relations import normalise, reaches, seen_from


def test_blocked_by_is_stored_as_blocks_from_the_other_card() -> None:
    assert normalise("blocked_by", "a", "b") == ("blocks", "b", "a")


@pytest.mark.parametrize("kind", ["blocks", "related_to", "duplicates", "parent_of"])
def test_other_types_are_stored_as_given(kind: str) -> None:
    assert normalise(kind, "a", "b") == (kind, "a", "b")


@pytest.mark.parametrize(
    ("stored", "from_source", "from_target"),
    [
        ("blocks", "blocks", "blocked_by"),
        ("parent_of", "parent_of", "child_of"),
        ("duplicates", "duplicates", "duplicated_by"),
        ("related_to", "related_to", "related_to"),
        ("blocked_by", "blocked_by", "blocks"),
    ],
)
def test_a_relation_reads_as_its_inverse_from_the_target(stored: str, from_source: str, from_target: str) -> None:
    assert seen_from(stored, "a", "a") == from_source
    assert seen_from(stored, "a", "b") == from_target


def test_reaches_follows_directed_edges_of_any_length() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("x", "a")]
    assert reaches(edges, "a", "d")
    assert reaches(edges, "x", "d")
    assert not reaches(edges, "d", "a")
    assert not reaches(edges, "b", "x")
    assert reaches(edges, "a", "a")


def test_reaches_terminates_on_existing_cycles() -> None:
    edges = [("a", "b"), ("b", "a"), ("b", "c")]
    assert reaches(edges, "a", "c")
    assert not reaches(edges, "a", "z")
