"""Counts on each role's home page, contributed by the apps (no placeholder numbers).

An app registers a provider in its AppConfig.ready(); a provider takes the actor and
returns the tiles it can fill from the actor's own scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from skillcert.accounts.types import Actor


@dataclass(frozen=True)
class Tile:
    label: str
    value: int
    url: str = ""
    hint: str = ""


Provider = Callable[[Actor], list[Tile]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def tiles_for(actor: Actor) -> list[Tile]:
    tiles: list[Tile] = []
    for provider in _providers:
        tiles.extend(provider(actor))
    return tiles
