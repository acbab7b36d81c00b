"""GET requests as a careful client makes them: timeouts, retries, rate limits, an on-disk cache.

The standard library's urllib does the requests. Every service here answers plain GETs with
JSON or Atom, so a client library would add a dependency for what is a twenty-line loop; the
loop is also where the rules the services ask for live, which a library's generic retry
policy does not know: arXiv's one request per three seconds kept across runs (a stamp file in
the cache folder), Retry-After honoured on 429 and 503 up to a limit, no retry on a 4xx that
a retry cannot fix, a polite User-Agent with the user's contact.

A successful answer is kept in the cache folder (`$PAPERNOTES_CACHE`, else
`$XDG_CACHE_HOME/papernotes`, else `~/.cache/papernotes`) for `cache_days`: the same request
asks nothing while it is there. Keys sent with a request are not part of the cache key, so a
new key does not empty the cache, and they are never written to disk.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.client
import json
import os
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__

# The longest answer read: a metadata record is a few kilobytes; an arXiv feed of five entries is ~20 KB.
MAX_ANSWER_BYTES = 5 * 1024 * 1024


class ServiceError(Exception):
    """A service could not be asked or gave no usable answer; the message is one line for the user."""


class NotFound(ServiceError):
    """The service answered: it knows no such paper."""


@dataclass(frozen=True)
class Service:
    """One metadata service: its name in messages, its base URL and the pause between two requests."""

    name: str
    base: str
    interval: float = 0.0  # seconds between two requests to it, kept across runs
    headers: tuple[tuple[str, str], ...] = ()  # sent, never cached (keys)
    secret_params: tuple[tuple[str, str], ...] = ()  # query parameters left out of the cache key (keys)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ServiceError(f"{name}={value!r} is not a number of seconds") from None
    if number < 0 or number != number:
        raise ServiceError(f"{name}={value!r} must be 0 or more")
    return number


@dataclass
class Settings:
    """How requests are made; `from_environment` reads them from the environment and the user's config."""

    cache_dir: Path | None
    contact: str | None = None  # an email address: User-Agent and Crossref's `mailto`
    openalex_key: str | None = None
    s2_key: str | None = None
    timeout: float = 20.0  # seconds for connecting and for each read
    retries: int = 3  # further tries after a 429, a 5xx or a dropped connection
    backoff: float = 2.0  # seconds before the first retry; doubled for each next one
    max_wait: float = 120.0  # a Retry-After longer than this is not waited for
    arxiv_interval: float = 3.0
    s2_interval: float = 1.0
    cache_days: float = 30.0
    urls: dict[str, str] = field(default_factory=dict)  # service name -> base URL

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        config = user_config(env)
        home = Path(env.get("HOME") or Path.home())
        cache = env.get("PAPERNOTES_CACHE") or str(Path(env.get("XDG_CACHE_HOME") or home / ".cache") / "papernotes")
        return cls(
            cache_dir=None if cache.lower() in ("off", "none", "0") else Path(cache),
            contact=env.get("PAPERNOTES_CONTACT") or _config_text(config, "contact"),
            openalex_key=env.get("PAPERNOTES_OPENALEX_KEY") or _config_text(config, "openalex_key"),
            s2_key=env.get("PAPERNOTES_S2_KEY") or _config_text(config, "semanticscholar_key"),
            timeout=_number(env, "PAPERNOTES_HTTP_TIMEOUT", 20.0),
            retries=int(_number(env, "PAPERNOTES_HTTP_RETRIES", 3)),
            backoff=_number(env, "PAPERNOTES_HTTP_BACKOFF", 2.0),
            max_wait=_number(env, "PAPERNOTES_HTTP_MAX_WAIT", 120.0),
            arxiv_interval=_number(env, "PAPERNOTES_ARXIV_INTERVAL", 3.0),
            s2_interval=_number(env, "PAPERNOTES_S2_INTERVAL", 1.0),
            urls={
                "arXiv": env.get("PAPERNOTES_ARXIV_API") or "https://export.arxiv.org/api",
                "Crossref": env.get("PAPERNOTES_CROSSREF_API") or "https://api.crossref.org",
                "OpenAlex": env.get("PAPERNOTES_OPENALEX_API") or "https://api.openalex.org",
                "Semantic Scholar": env.get("PAPERNOTES_S2_API") or "https://api.semanticscholar.org",
                "OpenReview": env.get("PAPERNOTES_OPENREVIEW_API") or "https://api2.openreview.net",
            },
        )


def config_path(env: Mapping[str, str]) -> Path:
    """The user's config file: $PAPERNOTES_CONFIG, else $XDG_CONFIG_HOME/papernotes/config.toml."""
    given = env.get("PAPERNOTES_CONFIG")
    if given:
        return Path(given)
    home = Path(env.get("HOME") or Path.home())
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "papernotes" / "config.toml"


def user_config(env: Mapping[str, str]) -> dict[str, object]:
    """The user's config (contact, keys): never papers.yaml, which is published with the site."""
    path = config_path(env)
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ServiceError(f"{path}: cannot read the config ({exc})") from exc


def _config_text(config: Mapping[str, object], key: str) -> str | None:
    value = config.get(key)
    return value.strip() or None if isinstance(value, str) else None


def user_agent(contact: str | None) -> str:
    """What the services are asked to see: who asks, and whom to write to about it."""
    return f"papernotes/{__version__}" + (f" (mailto:{contact})" if contact else "")


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date); None if none."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # '²'.isdigit() is true too, and float('²') fails
        return float(value)
    with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
    return None


@dataclass
class Answer:
    status: int
    body: bytes


class Client:
    """Makes the GET requests of every service, with one cache folder and one clock."""

    def __init__(
        self,
        settings: Settings,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ):
        self.settings = settings
        self.sleep = sleep
        self.clock = clock
        self.requests = 0  # made over the network: what the cache saved is not counted

    def service(self, name: str) -> Service:
        settings = self.settings
        interval = {"arXiv": settings.arxiv_interval, "Semantic Scholar": settings.s2_interval}.get(name, 0.0)
        headers: tuple[tuple[str, str], ...] = ()
        params: tuple[tuple[str, str], ...] = ()
        if name == "Semantic Scholar" and settings.s2_key:
            headers = (("x-api-key", settings.s2_key),)
        if name == "OpenAlex" and settings.openalex_key:
            params = (("api_key", settings.openalex_key),)
        base = settings.urls[name].rstrip("/")
        if not base.lower().startswith(("http://", "https://")):
            raise ServiceError(f"the {name} base URL {base!r} is not an http(s) address")
        return Service(name, base, interval, headers, params)

    def get(self, service: Service, path: str, params: Mapping[str, str] | None = None) -> Answer:
        """The answer to GET base+path?params: 200 from the cache or the service, or 404.

        NotFound is not raised here (services say "unknown" in different ways); ServiceError
        when the service cannot be reached, keeps failing, or answers another status.
        """
        query = dict(params or {})
        url = service.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        cached = self._cached(url)
        if cached is not None:
            return cached
        full = url
        if service.secret_params:
            full += ("&" if query else "?") + urllib.parse.urlencode(dict(service.secret_params))
        answer = self._ask(service, full, url)
        if answer.status == 200:
            self._keep(url, answer)
        return answer

    # ---------------------------------------------------------------- the network

    def _ask(self, service: Service, url: str, shown: str) -> Answer:
        settings = self.settings
        headers = {"User-Agent": user_agent(settings.contact), "Accept-Encoding": "identity", **dict(service.headers)}
        attempt = 0
        while True:
            self._keep_interval(service)
            self.requests += 1
            wait: float | None = None
            try:
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=settings.timeout) as response:  # the base URLs are http(s) only
                    return Answer(response.status, _read_limited(response, service))
            except urllib.error.HTTPError as exc:
                status = exc.code
                if status == 404 or status == 410:
                    return Answer(404, b"")
                if status != 429 and status < 500:
                    raise ServiceError(f"{service.name} refused the request ({status} {exc.reason}): {shown}") from None
                wait = retry_after(exc.headers.get("Retry-After") if exc.headers else None, self.clock())
                reason = f"answered {status} {exc.reason}" if status != 429 else "asks to slow down (429)"
            except TimeoutError:
                reason = f"did not answer within {settings.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    reason = f"did not answer within {settings.timeout:g} s"
                else:
                    raise ServiceError(f"cannot reach {service.name} at {service.base} ({exc.reason})") from None
            except (ConnectionError, OSError) as exc:  # a connection dropped half way
                reason = f"dropped the connection ({exc})"
            except http.client.InvalidURL as exc:  # a retry sends the same address
                raise ServiceError(f"cannot ask {service.name}: {exc}") from None
            except http.client.HTTPException as exc:  # a garbled status line, an answer cut short
                reason = f"dropped the connection ({type(exc).__name__}: {exc})"
            if attempt >= settings.retries:
                tries = "once" if attempt == 0 else f"{attempt + 1} times"
                raise ServiceError(f"{service.name} {reason}; asked {tries}, giving up")
            if wait is not None and wait > settings.max_wait:
                raise ServiceError(f"{service.name} {reason} and asks to wait {wait:.0f} s: try again later")
            self.sleep(wait if wait is not None else settings.backoff * (2**attempt))
            attempt += 1

    def _keep_interval(self, service: Service) -> None:
        """Wait until `service.interval` seconds have passed since the last request to it, by any run."""
        if service.interval <= 0:
            return
        stamp = self._stamp(service)
        last = 0.0
        if stamp is not None:
            with contextlib.suppress(OSError, ValueError):
                last = float(stamp.read_text(encoding="ascii"))
        last = max(last, getattr(self, "_last_" + service.name, 0.0))
        now = self.clock()
        if 0 <= now - last < service.interval:
            self.sleep(service.interval - (now - last))
        now = self.clock()
        setattr(self, "_last_" + service.name, now)
        if stamp is not None:
            with contextlib.suppress(OSError):
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.write_text(repr(now), encoding="ascii")

    def _stamp(self, service: Service) -> Path | None:
        if self.settings.cache_dir is None:
            return None
        return self.settings.cache_dir / f"last-request-{hashlib.sha1(service.name.encode()).hexdigest()[:8]}"

    # ---------------------------------------------------------------- the cache

    def _cache_file(self, url: str) -> Path | None:
        if self.settings.cache_dir is None:
            return None
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.settings.cache_dir / "answers" / digest[:2] / f"{digest}.json"

    def _cached(self, url: str) -> Answer | None:
        path = self._cache_file(url)
        if path is None:
            return None
        try:
            age = self.clock() - path.stat().st_mtime
            if age > self.settings.cache_days * 86400:
                return None
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("url") != url:
                return None
            return Answer(200, kept["body"].encode("utf-8"))
        except (OSError, ValueError, KeyError, AttributeError):  # absent, or half written by a killed run
            return None

    def _keep(self, url: str, answer: Answer) -> None:
        path = self._cache_file(url)
        if path is None:
            return
        try:
            body = answer.body.decode("utf-8")
        except UnicodeDecodeError:
            return  # the parsers refuse it anyway
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs a request next time
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps({"url": url, "body": body}), encoding="utf-8")
            partial.replace(path)


def _read_limited(response: object, service: Service) -> bytes:
    read = getattr(response, "read")  # noqa: B009 - an http.client.HTTPResponse
    body: bytes = read(MAX_ANSWER_BYTES + 1)
    if len(body) > MAX_ANSWER_BYTES:
        raise ServiceError(f"{service.name} answered with more than {MAX_ANSWER_BYTES // (1024 * 1024)} MB: not a paper's record")
    # read(n) returns what came before the connection closed, even short of Content-Length
    missing = getattr(response, "length", None)
    if missing:
        raise http.client.IncompleteRead(body, missing)
    return body
