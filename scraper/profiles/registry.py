"""The known profiles, by name, in detection order: specific CMSs first, generic last."""

from __future__ import annotations

from scraper.document import Page
from scraper.profiles import feed, generic, vsb, webplus
from scraper.profiles.base import Profile

#: Detection order: the first profile whose `detect` accepts a page wins.
PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (feed.PROFILE, webplus.PROFILE, vsb.PROFILE, generic.PROFILE)
}
GENERIC = generic.PROFILE


def get_profile(name: str) -> Profile:
    """The profile called `name`; ValueError names the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r}; known: {', '.join(PROFILES)}") from None


def detect_profile(page: Page) -> Profile:
    """The first profile that recognises the page (generic recognises everything)."""
    return next(profile for profile in PROFILES.values() if profile.detect(page))
