"""Which data sources a caller may see and use: their tenant's, narrowed to the ones granted to them.

A source of another tenant is indistinguishable from one that does not exist (404, and never named in a list);
a source of the caller's own tenant that is not granted to them is refused with 403.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from conversql.conversations.errors import SourceForbidden, UnknownSource
from conversql.conversations.store import DEFAULT_TENANT


@dataclass(frozen=True)
class SourceAccess:
    """`tenant_id`'s view of the sources; `everything` is the single-user mode, where nothing is hidden.

    >>> access = SourceAccess("acme", source_tenants={"shop": "acme", "hr": "globex"}, granted=None)
    >>> access.visible(["shop", "hr", "demo"])
    ['shop']
    """
    tenant_id: str = DEFAULT_TENANT
    source_tenants: Mapping[str, str] = field(default_factory=dict)
    granted: frozenset[str] | None = None       # None: every source of the tenant
    everything: bool = False

    @classmethod
    def unrestricted(cls) -> SourceAccess:
        return cls(everything=True)

    def owns(self, source: str) -> bool:
        return self.everything or self.source_tenants.get(source, DEFAULT_TENANT) == self.tenant_id

    def may_use(self, source: str) -> bool:
        return self.everything or (self.owns(source) and (self.granted is None or source in self.granted))

    def visible(self, known: Iterable[str]) -> list[str]:
        """The sources to list: owned by the tenant and granted, in the engine's order."""
        return [name for name in known if self.may_use(name)]

    def check(self, source: str, known: list[str]) -> str:
        """`source` if the caller may use it; UnknownSource (404) if it is not theirs to know about, SourceForbidden
        (403) if it is their tenant's but not granted to them."""
        if source not in known or not self.owns(source):
            raise UnknownSource(source, self.visible(known))
        if not self.may_use(source):
            raise SourceForbidden(source)
        return source

    def default(self, known: list[str]) -> str:
        """The source a request that names none gets: the first one the caller may use."""
        usable = self.visible(known)
        if not usable:
            raise UnknownSource(None, usable)
        return usable[0]
