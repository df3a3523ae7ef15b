"""Hints in problem messages (roadmap_cli.problems): an id written another way is found."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roadmap_cli.problems import id_hint

IDS = [f"R{number:02d}" for number in range(1, 41)]


@given(
    number=st.integers(1, 40),
    letter=st.sampled_from("Rr"),
    zeros=st.integers(0, 3),
    space=st.sampled_from(["", " "]),
)
def test_an_id_written_another_way_is_found_by_its_number(
    number: int, letter: str, zeros: int, space: str
) -> None:
    written = f"{space}{letter}{space}{'0' * zeros}{number}{space}"
    assert id_hint(written, IDS) == f"did you mean R{number:02d}?"


def test_an_unknown_number_falls_back_to_the_closest_spelling() -> None:
    assert id_hint("R41", IDS) == "did you mean R40?"
    assert id_hint("CWS/8", IDS) == ""


def test_a_hostile_id_of_a_million_zeros_is_answered_at_once() -> None:
    """An answer file's key is data: ``R000…0x`` made the old pattern (``0*([0-9]+)``)
    backtrack quadratically, 4 s for 30,000 zeros in `roadmap validate`, hours for a million."""
    assert id_hint("R" + "0" * 1_000_000 + "x", IDS) == ""
    assert id_hint("R" + "0" * 1_000_000 + "7", IDS) == "did you mean R07?"


def test_a_long_value_in_a_message_is_elided_on_the_terminal_and_in_ci() -> None:
    """The JSON keeps the value whole; a person or a CI log gets a line they can read."""
    from roadmap_cli.problems import as_json, error, format_github, format_text

    value = "R" + "0" * 30_000 + "x"
    problem = error("a.yaml", "unknown-recommendation", f"{value} is not a known recommendation")
    for line in (format_text(problem), format_github(problem)):
        assert len(line) < 300
        assert "R000" in line and "(30,002 characters)" in line and "0x is not a known" in line
    assert value in as_json([problem])
    short = error("a.yaml", "x", "R07 is not a known recommendation")
    assert "R07 is not a known recommendation" in format_text(short)
