"""What both engines' previews (`journeys serve`) share: the address check made before
the first build, and which file events are changes. Nothing here imports an engine."""

from __future__ import annotations

import socket

import watchdog.events as events

from generator.errors import InvalidArgument

#: What a change to a watched file is. Not its being opened or read: the build reads the
#: files it watches, and would otherwise start itself again.
CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
    events.FileMovedEvent, events.FileClosedEvent, events.FileAttribEvent,
]  # fmt: skip


def check_address(dev_addr: str) -> None:
    """Stop with a clear message when nothing can serve at `dev_addr` (another server has
    the port, or the address is not this machine's); MkDocs says what is wrong with an
    address that is not `IP:port`."""
    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit() or not host:
        return
    host = host.strip("[]")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, int(port)))
        except (OSError, OverflowError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            raise InvalidArgument(
                f"cannot serve at {dev_addr} ({reason}): stop what uses it, or choose "
                "another address with --dev-addr"
            ) from e
