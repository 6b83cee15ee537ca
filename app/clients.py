"""Who is asking: the client's address and whether it came over HTTPS, believing X-Forwarded-* headers only from
trusted proxies, and the cookie attributes that follow.

uvicorn already rewrites scope["client"] and scope["scheme"] from X-Forwarded-* when the direct peer is in its
own `--forwarded-allow-ips` (default 127.0.0.1); NNLAB_TRUSTED_PROXIES does the same for proxies elsewhere
(another container, a load balancer's subnet) without changing how uvicorn is started.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


class Clients:
    """Reads the client's address and scheme from an ASGI scope.

    `networks`: the trusted proxies. `cookie_secure`: "auto" (Secure when the request came over HTTPS),
    "always" or "never".
    """

    def __init__(self, networks: Iterable[Network] = (), cookie_secure: str = "auto") -> None:
        self.networks = tuple(networks)
        self.cookie_secure = cookie_secure

    def trusted(self, host: str | None) -> bool:
        ip = _ip(host) if host else None
        return ip is not None and any(ip in net for net in self.networks)

    def _peer(self, scope: Scope) -> str:
        client = scope.get("client")
        return client[0] if client else ""

    def address(self, scope: Scope) -> str:
        """The client's address: the direct peer, or, when the peer is a trusted proxy, the right-most address
        of X-Forwarded-For that is not a trusted proxy (the ones left of it are whatever the client wrote)."""
        peer = self._peer(scope)
        if not self.trusted(peer):
            return peer
        forwarded = ",".join(Headers(scope=scope).getlist("x-forwarded-for"))
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self.trusted(hop):
                return hop
        return hops[0] if hops else peer

    def is_https(self, scope: Scope) -> bool:
        """Whether the request came over HTTPS: the scope's scheme, or X-Forwarded-Proto from a trusted proxy (its
        right-most value, the one the proxy nearest to us set)."""
        if scope.get("scheme") in ("https", "wss"):
            return True
        if self.trusted(self._peer(scope)):
            proto = Headers(scope=scope).get("x-forwarded-proto", "")
            return proto.split(",")[-1].strip().lower() == "https"
        return False

    def cookie_attrs(self, scope: Scope) -> str:
        """"; Secure" for a cookie set on this request's response when the setting asks for it, else ""."""
        secure = {"always": True, "never": False}.get(self.cookie_secure)
        if secure is None:
            secure = self.is_https(scope)
        return "; Secure" if secure else ""
