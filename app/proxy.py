"""Believe the reverse proxy's forwarded headers, and only from the proxy itself."""

from ipaddress import ip_address, ip_network

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


class TrustedProxyFix:
    """Take the client's address, scheme and host from X-Forwarded-* on connections from a
    trusted proxy; anyone else could send those headers to dodge rate limits or forge links."""

    def __init__(self, wsgi_app, proxies: tuple[str, ...], count: int = 1) -> None:
        self.direct = wsgi_app
        self.forwarded = ProxyFix(wsgi_app, x_for=count, x_proto=count, x_host=count)
        self.networks = [ip_network(proxy, strict=False) for proxy in proxies]

    def is_trusted(self, address: str | None) -> bool:
        """Say whether a connection from this address comes from a configured proxy."""
        try:
            ip = ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, environ, start_response):
        """Serve the request, reading forwarded headers only if the proxy sent it."""
        trusted = self.is_trusted(environ.get("REMOTE_ADDR"))
        return (self.forwarded if trusted else self.direct)(environ, start_response)


def init_proxy(app: Flask) -> None:
    """Trust the proxies TRUSTED_PROXIES names (none by default), TRUSTED_PROXY_COUNT deep."""
    if proxies := tuple(app.config["TRUSTED_PROXIES"]):
        count = int(app.config.get("TRUSTED_PROXY_COUNT", 1))
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, proxies, count)
