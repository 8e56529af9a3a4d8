"""What the agreement register is made of: signings stated by one report (kb.enrich) and
the agreements of the register (kb.link), stored by kb.store and shown by kb.app."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Kinds of agreement (kb.enrich.agreements says how each is recognised).
KINDS: tuple[str, ...] = (
    "mou",
    "framework",
    "student_exchange",
    "joint_degree",
    "joint_institute",
    "cooperation",
    "other",
)


@dataclass(frozen=True)
class Signing:
    """One agreement a report says its publisher signed (or renewed)."""

    kind: str
    partners: tuple[str, ...]
    signed: str | None
    renewal: bool = False
    term_years: int = 0
    expires: str | None = None
    signatories: tuple[str, ...] = field(default_factory=tuple)
    #: Named only as "协议"/"an agreement": another report may say what kind it is.
    vague: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signing:
        return cls(
            kind=str(data["kind"]),
            partners=tuple(data.get("partners") or ()),
            signed=data.get("signed"),
            renewal=bool(data.get("renewal")),
            term_years=int(data.get("term_years") or 0),
            expires=data.get("expires"),
            signatories=tuple(data.get("signatories") or ()),
            vague=bool(data.get("vague")),
        )


@dataclass(frozen=True)
class Agreement:
    """One agreement of the register."""

    id: str
    partners: tuple[str, ...]
    kind: str
    signed: str | None
    renewal: bool
    term_years: int
    expires: str | None
    signatories: tuple[str, ...]
    records: tuple[str, ...]
    #: When the register first could know of it: the earliest fetch of its reports.
    first_seen: str | None
    renews: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Agreement:
        return cls(
            **{
                **data,
                "partners": tuple(data["partners"]),
                "signatories": tuple(data["signatories"]),
                "records": tuple(data["records"]),
            }
        )
