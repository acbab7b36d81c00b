"""Links that are never papers: into the README itself, and the furniture of a repository page.

    [Overview](#overview)  [Papers](./#papers)  [Top](README.md#top)    the README's own sections
    [License](LICENSE)  [Contributing](CONTRIBUTING.md)                 the repository's files
    [![Stars](badge)](https://github.com/me/papers/stargazers)          its badges and pages
    [Join our Discord](https://discord.gg/x)  [Newsletter](https://me.substack.com)   social links
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_OWN_FILES = {"license", "licence", "copying", "contributing", "code_of_conduct", "changelog", "security", "authors", "notice"}
_SOCIAL_HOSTS = (
    "twitter.com", "x.com", "discord.gg", "discord.com", "t.me", "telegram.me", "linkedin.com", "facebook.com",
    "instagram.com", "weibo.com", "mastodon.social", "bsky.app", "substack.com", "buttondown.email", "buttondown.com",
    "mailchi.mp", "eepurl.com", "patreon.com", "ko-fi.com", "buymeacoffee.com", "star-history.com", "api.star-history.com",
    "opencollective.com", "shields.io", "img.shields.io", "badgen.net", "visitor-badge.laobi.icu",
    "hits.seeyoufarm.com", "komarev.com",
)
# a repository's own pages on GitHub: `/stargazers`, `/issues`, `/fork`, not its files
_REPOSITORY_PAGE_RE = re.compile(
    r"^/[^/]+/[^/]+/(?:stargazers|network|issues|pulls|fork|forks|watchers|discussions|actions|graphs|releases)(?:/|$)"
)
_README_NAMES = {"", ".", "readme.md", "readme", "readme.markdown", "index.md"}


def into_readme(url: str) -> bool:
    """A link to a section of the README itself: `#x`, `./#x`, `README.md#x`."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        return False
    path = unquote(parts.path).removeprefix("./").strip("/").lower()
    return path in _README_NAMES and bool(parts.fragment)  # `[Title]()`, a link not filled in yet, is an entry


def furniture_kind(url: str) -> str | None:
    """What furniture a link is ('a file of the repository', 'a social or newsletter link', 'a
    page of the repository'), or None for a link that may be a paper."""
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        name = unquote(parts.path).rsplit("/", 1)[-1].lower()
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return "a file of the repository" if stem.replace("-", "_") in _OWN_FILES else None
    host = parts.netloc.lower().split(":", 1)[0].removeprefix("www.")
    if any(host == known or host.endswith("." + known) for known in _SOCIAL_HOSTS):
        return "a social, newsletter or badge link"
    if host == "github.com" and _REPOSITORY_PAGE_RE.match(parts.path):
        return "a page of the repository"
    return None
