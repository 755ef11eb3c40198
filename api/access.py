"""Who is calling: the API key in the Authorization header, checked, and counted against the
key's rate limit."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from api.errors import AuthenticationError, RateLimitedError
from api.keys import KeyStore, Role, split_key

_WINDOW_S = 60.0


@dataclass(frozen=True)
class Caller:
    """The caller's role and the collections it may see (None: all of them)."""

    key_id: str
    role: Role
    collections: tuple[str, ...] | None


# FOI_AUTH=off: every request is this caller (a developer on the loopback address).
DEVELOPER = Caller("auth-off", Role.ADMIN, None)


class KeyGate:
    """Turns an Authorization header into a Caller. `keys` None: authentication is off."""

    def __init__(self, keys: KeyStore | None, requests_per_minute: int) -> None:
        self._keys = keys
        self._limit = requests_per_minute
        self._recent: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def caller(self, authorization: str | None, count: bool = True) -> Caller:
        """The key's caller; `count` False for a second look at a request already counted."""
        if self._keys is None:
            return DEVELOPER
        scheme, _, presented = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise AuthenticationError("send an API key as 'Authorization: Bearer KEY' (foi keys create makes one)")
        # Counted before the (deliberately slow) check: guesses at a key are rate-limited too.
        parts = split_key(presented.strip())
        if count:
            self._count(parts[0] if parts else "malformed")
        key = self._keys.authenticate(presented.strip())
        return Caller(key.id, key.role, key.collections)

    def _count(self, key_id: str) -> None:
        """A sliding window of the key's last minute of requests."""
        now = time.monotonic()
        with self._lock:
            recent = self._recent[key_id]
            while recent and now - recent[0] > _WINDOW_S:
                recent.popleft()
            if len(recent) >= self._limit:
                raise RateLimitedError(
                    f"this key sent {len(recent)} requests in the last minute; the limit is {self._limit} "
                    "(FOI_API_REQUESTS_PER_MINUTE)"
                )
            recent.append(now)
