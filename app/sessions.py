"""Session ids the server made and can check, and the budget of new sessions per client address.

A session id is 192 random bits (`secrets.token_urlsafe(24)`); the cookie carries it with a MAC, "<id>.<mac>", the
MAC a truncated HMAC-SHA256 of the id under the server's secret key. A client therefore cannot choose an id (guess
another user's, or share one between many machines): a cookie whose MAC does not check out is replaced by a fresh
session. The key is NNLAB_SECRET_KEY, or a random key per process when that is unset (then cookies last as long
as the process, and several worker processes need the setting so each accepts the others' cookies).

New sessions cost a token from a bucket per client address, so a client that drops its cookie cannot get
unlimited fresh sessions (and with them fresh per-session quotas).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable

ID_BYTES = 24  # 192 bits -> 32 characters of urlsafe base64
MAC_BYTES = 16  # 128 bits of the HMAC -> 22 characters


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class SessionIds:
    """Makes and checks session cookies "<id>.<mac>"; `key` None -> a random key (this object's life only)."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def _mac(self, sid: str) -> str:
        return _b64(hmac.new(self._key, sid.encode("ascii"), hashlib.sha256).digest()[:MAC_BYTES])

    def new(self) -> tuple[str, str]:
        """(a fresh session id, the cookie value that carries it)."""
        sid = secrets.token_urlsafe(ID_BYTES)
        return sid, f"{sid}.{self._mac(sid)}"

    def check(self, cookie: str | None) -> str | None:
        """The session id a cookie value carries if its MAC is ours, else None."""
        if not cookie or len(cookie) > 128 or not cookie.isascii():
            return None
        sid, dot, mac = cookie.partition(".")
        if not dot or len(sid) != len(_b64(bytes(ID_BYTES))):
            return None
        return sid if hmac.compare_digest(mac, self._mac(sid)) else None


class TokenBuckets:
    """A token bucket per key: `burst` at once, refilled at `rate` a second. Keyed by client address, it is the
    budget of new sessions; keyed by session, the budget of requests.

    The table stays bounded: a key idle long enough to have a full bucket again is the same as a key never seen,
    so it is dropped; beyond `max_addresses` the least recently seen go first (they then start full, which errs
    on the lenient side).
    """

    def __init__(self, burst: int, rate: float, max_addresses: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = float(burst)
        self.rate = float(rate)
        self.max_addresses = max_addresses
        self.clock = clock
        self._full_after = self.burst / self.rate  # seconds from empty to full
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address -> (tokens, when)

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, address: str) -> float:
        """Spend one new session of `address`: 0.0 if it had one, else the seconds until it will have one."""
        now = self.clock()
        buckets = self._buckets
        # Oldest first: the table is in order of last use.
        while buckets and now - next(iter(buckets.values()))[1] >= self._full_after:
            buckets.popitem(last=False)
        tokens, when = buckets.pop(address, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        buckets[address] = (tokens, now)  # now the most recently used
        while len(buckets) > self.max_addresses:
            buckets.popitem(last=False)
        return wait


def retry_after(wait: float) -> str:
    """A Retry-After value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait)))
