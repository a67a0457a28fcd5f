"""Free names and key prefixes for a project joining a workspace (services.project_names)."""

from __future__ import annotations

import re

from stellary_core.services.project_names import free_key_prefix, free_name


def test_a_free_name_is_kept_as_written() -> None:
    assert free_name("Website Relaunch", ["Other"]) == "Website Relaunch"


def test_a_taken_name_counts_up_from_2_in_any_case() -> None:
    taken = ["Website Relaunch", "website relaunch (2) "]
    assert free_name("WEBSITE RELAUNCH", taken) == "WEBSITE RELAUNCH (3)"
    assert free_name("Website Relaunch (2)", taken) == "Website Relaunch (3)"


def test_a_numbered_name_stays_within_200_characters() -> None:
    long = "n" * 200
    made = free_name(long, [long])
    assert len(made) == 200 and made.endswith(" (2)")


def test_a_taken_prefix_gets_letters_and_stays_two_to_five_capitals() -> None:
    assert free_key_prefix("WR", ["GS"]) == "WR"
    assert free_key_prefix("WR", ["WR", "WRA"]) == "WRB"
    assert free_key_prefix("ABCDE", ["ABCDE"]) == "ABCDA"
    taken = ["WR"] + [f"WR{chr(c)}" for c in range(ord("A"), ord("Z") + 1)]
    made = free_key_prefix("WR", taken)
    assert made not in taken and re.fullmatch(r"[A-Z]{2,5}", made)
