"""Long titles wrap on the kanban card (up to three lines, then "…"), measured in terminal cells."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from stellary_core.db import Database
from stellary_tui.views.card_render import title_lines
from stellary_tui.views.kanban import CARD_HEIGHT, HEADER_HEIGHT, KanbanBoard
from tests.tui.conftest import add_cards, make_app, settle

pytestmark = pytest.mark.anyio

LONG = (
    "Rewrite the onboarding flow so that new people find the board, the editor and the palette "
    "without reading any documentation first"
)
WIDE = "Zoë 🚀 réécrit l'accueil 日本語のタイトル ❄️ fin"


def board_text(board: KanbanBoard) -> list[str]:
    return ["".join(segment.text for segment in board.render_line(y)) for y in range(board.size.height)]


def test_a_title_wraps_at_words_and_the_third_line_ends_in_an_ellipsis() -> None:
    lines = title_lines(Console(), LONG, 34)
    assert len(lines) == 3 and all(cell_len(line) <= 34 for line in lines)
    assert lines[0] == "Rewrite the onboarding flow so"
    assert lines[2].endswith("…") and LONG.startswith(" ".join(lines)[:-1].rstrip())


def test_wide_characters_are_measured_in_cells() -> None:
    lines = title_lines(Console(), "日本語のタイトルはとても長いのでここで折り返します", 10)
    assert [cell_len(line) for line in lines[:2]] == [10, 10]
    assert cell_len(lines[2]) <= 10 and lines[2].endswith("…")


async def test_a_long_title_takes_three_lines_on_the_card_at_80x24(empty_project: Database) -> None:
    add_cards(empty_project, LONG, "Short one")
    app = make_app(empty_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        text = board_text(board)
        top = board.card_top(0, 0)
        assert top == HEADER_HEIGHT
        shown = [text[top + n][2 : board.column_width - 4].rstrip() for n in (1, 2, 3)]
        assert shown == list(board.title_lines(LONG)) and shown[2].endswith("…"), shown
        # The short card follows the tall one, which is two lines taller than a one-line card.
        assert board.card_top(0, 1) == top + CARD_HEIGHT + 2
        assert "Short one" in text[top + CARD_HEIGHT + 3]
        # Nothing spills: every line is exactly as wide as the board.
        assert all(cell_len(line) == board.size.width for line in text)


async def test_emoji_and_cjk_keep_the_cards_border_in_line(empty_project: Database) -> None:
    add_cards(empty_project, WIDE * 3, WIDE)
    app = make_app(empty_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        right = board.column_width - 3  # the card's right border, in cells from the column's left
        for y, strip in enumerate(board.render_line(y) for y in range(board.size.height)):
            cells = strip.crop(0, board.column_width).text
            if cells.startswith("│"):
                assert cell_len(cells[: cells.rindex("│")]) == right, (y, cells)


async def test_a_click_on_a_wrapped_titles_last_line_focuses_that_card(empty_project: Database) -> None:
    add_cards(empty_project, LONG, "Short one")
    app = make_app(empty_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        assert board.current_card is not None and board.current_card.title == LONG
        top = board.card_top(0, 1)
        assert top is not None
        await pilot.click(KanbanBoard, offset=(4, top + 1))
        await pilot.pause()
        assert board.current_card is not None and board.current_card.title == "Short one"
        await pilot.click(KanbanBoard, offset=(4, HEADER_HEIGHT + 3))  # the third line of the long title
        await pilot.pause()
        assert board.current_card.title == LONG


async def test_moving_down_through_tall_cards_keeps_the_cursor_card_whole(empty_project: Database) -> None:
    add_cards(empty_project, *[f"{n} {LONG}" for n in range(8)])
    app = make_app(empty_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        for row in range(1, 8):
            await pilot.press("down")
            assert board.cursor.row == row
            top = board.card_top(0, row)
            assert top is not None, f"card {row} scrolled out of sight"
            assert top + CARD_HEIGHT + 2 <= board.size.height, f"card {row} cut at the bottom"
        await pilot.press("home")
        assert board.card_top(0, 0) == HEADER_HEIGHT


async def test_a_board_of_empty_columns_opens_and_the_cursor_moves_over_them(empty_project: Database) -> None:
    add_cards(empty_project, LONG)
    app = make_app(empty_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(KanbanBoard)
        await pilot.press("right", "down", "pagedown", "right")
        await settle(pilot)
        assert app.is_running and board.cursor.column == 2 and board.current_card is None
        assert "(empty)" in board_text(board)[HEADER_HEIGHT]
