"""A real OpenID Connect provider on loopback, for the sign-in tests: discovery, an authorization endpoint that
signs in the test's chosen identity at once (no login form: the tests are about the panel, not the provider),
a token endpoint that checks the client and the code and issues an RS256-signed ID token (joserfc, the library
Authlib uses), the JWKS, and an end-session endpoint.

Faults a test can ask for: an ID token signed by another key, for another audience, expired, with a wrong nonce,
or with claims of unexpected types; a provider that is down (``stop``).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "tillvaxtpanelen"
CLIENT_SECRET = "a-client-secret-for-the-tests"


class OidcProvider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})  # same kid, another key
        self.identity: dict[str, Any] = {}
        self.fault: str | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        self.ended = 0  # end-session calls
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> OidcProvider:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def sign_in_as(self, sub: str, name: str, groups: list[str] | object, email: str | None = None,
                   fault: str | None = None) -> None:
        self.identity = {"sub": sub, "name": name, "groups": groups, **({"email": email} if email else {})}
        self.fault = fault

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "name", "email", "groups"],
        }

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 3600,
                                  "nonce": nonce, **self.identity}
        key = self.key
        if self.fault == "other_key":
            key = self.other_key
        elif self.fault == "other_audience":
            claims["aud"] = "someone-else"
        elif self.fault == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        elif self.fault == "wrong_nonce":
            claims["nonce"] = "not-the-nonce-that-was-sent"
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, url: str) -> None:
                self.send_response(302)
                self.send_header("Location", url)
                self.end_headers()

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.metadata())
                elif url.path == "/jwks":
                    self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        self._json(400, {"error": "invalid_request"})
                        return
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"nonce": query.get("nonce"), "redirect_uri": query.get("redirect_uri")}
                    self._redirect(f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}")
                elif url.path == "/logout":
                    provider.ended += 1
                    self._redirect(query.get("post_logout_redirect_uri", "/"))
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                if urlparse(self.path).path != "/token":
                    self._json(404, {"error": "not_found"})
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                basic = self.headers.get("Authorization", "")
                client = (form.get("client_id"), form.get("client_secret"))
                if basic.startswith("Basic "):
                    user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
                    client = (user, password)
                grant = provider.codes.pop(form.get("code", ""), None)
                if client != (CLIENT_ID, CLIENT_SECRET) or grant is None \
                        or grant["redirect_uri"] != form.get("redirect_uri"):
                    self._json(400, {"error": "invalid_grant"})
                    return
                self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                 "expires_in": 3600, "id_token": provider.id_token(grant["nonce"])})

        return Handler
