"""``stellary login|logout --server URL``: keep or drop a token for a team server.

``login`` asks for the email (or takes ``--email``) and the password (without
echo, or from ``STELLARY_PASSWORD`` for scripts), logs in through the server's
``POST /auth/login`` and stores the token it answers (server_tokens.py), which
``stellary --server URL`` then uses.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from stellary_core.errors import Invalid, StellaryError


def register(subparsers: Any) -> None:
    login = subparsers.add_parser("login", help="log in to a team server and keep its token (for --server)")
    login.add_argument("--server", required=True, metavar="URL", help="the server, e.g. https://stellary.example.com")
    login.add_argument("--email", help="your account's email (asked if not given)")
    login.set_defaults(handler=run_login)

    logout = subparsers.add_parser("logout", help="forget the token kept for a team server")
    logout.add_argument("--server", required=True, metavar="URL", help="the server to forget")
    logout.set_defaults(handler=run_logout)


def run_login(args: argparse.Namespace) -> int:
    import httpx

    from stellary_tui.remote_core import error_from_envelope
    from stellary_tui.server_tokens import server_key, store_token

    url = server_key(args.server)
    email = args.email or input("Email: ").strip()
    password = os.environ.get("STELLARY_PASSWORD") or getpass.getpass("Password: ")
    if not email or not password:
        raise Invalid("An email and a password are needed to log in")
    try:
        response = httpx.post(f"{url}/auth/login", json={"email": email, "password": password}, timeout=30.0)
    except httpx.HTTPError as error:
        raise StellaryError(f"The server at {url} cannot be reached ({error})") from None
    if not response.is_success:
        try:
            body = response.json()
        except ValueError:
            body = None
        raise error_from_envelope(response.status_code, body, response.headers.get("Retry-After"))
    path = store_token(url, str(response.json()["access_token"]))
    print(f"Logged in to {url} as {email}; the token is kept in {path}.")
    print(f"Open it with: stellary --server {url}")
    return 0


def run_logout(args: argparse.Namespace) -> int:
    from stellary_tui.server_tokens import forget_token, server_key

    url = server_key(args.server)
    if forget_token(url):
        print(f"Logged out of {url}: its token is forgotten.")
    else:
        print(f"No token was kept for {url}.")
    return 0
