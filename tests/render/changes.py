"""Changes to a copy of the example catalog, each one edit a person makes in a pull request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "journeys"
MOVE_HOUSE = "life-events/move-house.yaml"
DIGITAL = "retail/accounts/open-current-account-digital.yaml"
CURRENT = "retail/accounts/open-current-account.yaml"


def edit(old: str, new: str, file: str = MOVE_HOUSE) -> Callable[[Path], None]:
    def change(catalog: Path) -> None:
        path = catalog / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def remove_digital(catalog: Path) -> None:
    (catalog / DIGITAL).unlink()
    edit("related: [open-current-account-digital, move-house]", "related: [move-house]",
         CURRENT)(catalog)  # fmt: skip


def add_copy(catalog: Path) -> None:
    text = (catalog / MOVE_HOUSE).read_text(encoding="utf-8")
    (catalog / "life-events" / "move-flat.yaml").write_text(
        text.replace("id: move-house", "id: move-flat", 1).replace("title: Move house",
                                                                   "title: Move flat", 1),
        encoding="utf-8",
    )  # fmt: skip


CHANGES = {
    "touchpoint name": edit("name: Asks for help in live chat", "name: Asks the chat bot"),
    "touchpoint channel": edit("channel: live-chat", "channel: phone"),
    "touchpoint id": edit("- id: change-address-by-chat", "- id: chat-for-help"),
    "pain point category": edit("category: system-error", "category: handoff-failure"),
    "stage name": edit("name: Plans the move", "name: Thinks of moving"),
    "journey title": edit(
        "title: Open a current account in the app (to-be)",
        "title: Open an account on the phone (to-be)",
        DIGITAL,
    ),
    "journey removed": remove_digital,
    "journey added": add_copy,
    "registry entry": edit("name: ", "name: Renamed ", "registry/silos.yaml"),
}
