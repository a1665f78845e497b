"""Container healthcheck for the portal image: exit 0 when gunicorn serves the admin login.

Used by the Dockerfile's HEALTHCHECK and the `web` healthcheck in docker-compose.yml.
The request carries the first DJANGO_ALLOWED_HOSTS entry as Host (else Django answers
400) and `X-Forwarded-Proto: https` as the reverse proxy would (else
SECURE_SSL_REDIRECT answers 301), so a 200 means settings, database, templates and the
static manifest all work. Standard library only: python:3.11-slim has no curl.
"""

import http.client
import os
import sys
from urllib.parse import urlsplit

DEFAULT_URL = "http://127.0.0.1:8000/admin/login/"


def host_header() -> str:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    first = next((h for h in hosts if h), "localhost")
    if first == "*":
        return "localhost"
    return first.lstrip(".")  # ".example.org" allows example.org and its subdomains


def main(url: str = DEFAULT_URL) -> int:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
    try:
        conn.request(
            "GET",
            parts.path or "/",
            headers={"Host": host_header(), "X-Forwarded-Proto": "https"},
        )
        status = conn.getresponse().status
    except OSError as exc:
        sys.stderr.write(f"healthcheck: {url}: {exc}\n")
        return 1
    finally:
        conn.close()
    if status != 200:
        sys.stderr.write(f"healthcheck: {url} answered HTTP {status}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
