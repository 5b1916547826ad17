"""Who is acting right now: set per request by the middleware, per command by the CLI."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: str = ""
    unit_id: int | None = None
    unit_name: str = ""
    request_id: str = ""
    path: str = ""


SYSTEM = Actor(user_id=None, username="system", role="system")

_current: ContextVar[Actor] = ContextVar("painpath_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def set_actor(actor: Actor) -> None:
    """Replace the actor inside an ``acting_as`` block (undone when that block ends)."""
    _current.set(actor)
