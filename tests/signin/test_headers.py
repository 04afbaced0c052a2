"""Browser policy: CSP on public and admin pages, Permissions-Policy, HSTS and
the deployment checks with the production settings the README documents."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.utils.csp import build_policy

from tests.demo import load_demo
from tests.website.test_switch_walk import demo_pages

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
DATA_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts and styles."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style=…>")
        if any(name.startswith("on") for name in attrs):
            self.found.append(f"<{tag} on…=>")
        if tag == "style":
            self.found.append("<style>")
        if (
            tag == "script"
            and "src" not in attrs
            and attrs.get("type") not in DATA_TYPES
        ):
            self.found.append("<script> without src")
        if tag == "a" and (attrs.get("href") or "").startswith("javascript:"):
            self.found.append("javascript: link")


def directives(header):
    return {
        part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()
    }


def test_public_pages_carry_a_strict_policy_and_obey_it(client):
    load_demo()
    pages = demo_pages() + ["/en/privacy/", "/zh-hans/search/?q=会议", "/en/nowhere/"]
    for url in pages:
        response = client.get(url)
        if response.status_code == 404 and "/tags/" in url:
            continue
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "camera=()" in response["Permissions-Policy"]
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], (url, parser.found)


def test_error_page_needs_no_inline_style():
    parser = InlineCode()
    parser.feed((ROOT / "templates" / "500.html").read_text())
    assert parser.found == []


def test_admin_pages_allow_inline_style_and_only_nonced_scripts(client):
    """The admin's one inline script, the prose editor's import map, runs by
    the request's nonce; no other inline script is allowed."""
    admin = get_user_model().objects.create_superuser("chief", password="x")
    client.force_login(admin)
    pages = {"/admin/login/": 0, "/admin/": 0, "/admin/articles/article/add/": 1}
    for url, import_maps in pages.items():
        response = client.get(url)
        body = response.content.decode()
        policy = directives(response["Content-Security-Policy"])
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert "Permissions-Policy" in response
        parser = InlineCode()
        parser.feed(body)
        scripts = [found for found in parser.found if found.startswith("<script")]
        assert len(scripts) == body.count('<script type="importmap"') == import_maps
        if import_maps:
            (nonce,) = [s for s in policy["script-src"] if s.startswith("'nonce-")]
            assert f'<script type="importmap" nonce="{nonce[7:-1]}">' in body
        assert "'unsafe-inline'" not in policy["script-src"]


def test_report_only_mode_blocks_nothing_and_reports(client, settings):
    settings.SECURE_CSP_REPORT_ONLY, settings.SECURE_CSP = settings.SECURE_CSP, {}
    public = client.get("/en/privacy/")
    assert "Content-Security-Policy" not in public
    assert "script-src 'self'" in public["Content-Security-Policy-Report-Only"]
    admin = client.get("/admin/login/")
    assert "Content-Security-Policy" not in admin
    assert "'unsafe-inline'" in admin["Content-Security-Policy-Report-Only"]


def test_hsts_and_ssl_redirect_when_production_sets_them(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get("/en/privacy/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/en/privacy/"
    secure = client.get("/en/privacy/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# What the README's "Production settings" list sets.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-key-" + "k7Qm2xPz9vLr4tWb8nYc3hJd6fGs1aEu5iOp0" * 2,
    "ALLOWED_HOSTS": "mice.hangzhou.example",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "TRUSTED_PROXY_COUNT": "1",
    "EMAIL_URL": "smtp+tls://mice:secret@smtp.example.org:587",
    "ADMINS": "Duty engineer <duty@example.org>",
}


def run_check(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION and not key.startswith(("SECURE_", "CSP_"))
    }
    env |= environment | {"DATABASE_URL": os.environ["DATABASE_URL"]}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_check_passes_with_the_documented_production_settings():
    result = run_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    readme = (ROOT / "README.md").read_text()
    for name in PRODUCTION.keys() - {"SECRET_KEY"}:
        assert f"{name}=" in readme, name


def test_deploy_check_fails_without_them():
    result = run_check(**{"DEBUG": "0", "SECRET_KEY": PRODUCTION["SECRET_KEY"]})
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_strict_policy_is_the_default():
    assert django_settings.SECURE_CSP["script-src"] == ["'self'"]


def policy_headers(response):
    return {name: response.get(name) for name in POLICY_HEADERS}


POLICY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
)
BAD_HOST = {"HTTP_HOST": "evil.example"}


def public_policy_headers():
    return {
        "Content-Security-Policy": build_policy(django_settings.SECURE_CSP),
        "Permissions-Policy": django_settings.PERMISSIONS_POLICY,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def revalidated(client, path):
    etag = client.get(path)["ETag"]
    return client.get(path, headers={"If-None-Match": etag})


def broken(*args, **kwargs):
    raise RuntimeError("the page broke")


def server_error(client, monkeypatch):
    monkeypatch.setattr("bureau.privacy.PrivacyView.get", broken)
    client.raise_request_exception = False
    return client.get("/en/privacy/")


def media_file(settings):
    path = Path(settings.MEDIA_ROOT) / "renditions/7/480.webp"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"RIFF")
    return "/media/renditions/7/480.webp"


def https_redirect(client, settings, headers=None):
    settings.SECURE_SSL_REDIRECT = True
    return client.get("/en/privacy/", **(headers or {}))


# Each kind of response leaves the middleware stack by another way: a view,
# a redirect made by a middleware on the way out or in, an exception turned
# into a response below the middleware that raised it, a 304 made from a page.
RESPONSES = {
    "page": (200, lambda client, **_: client.get("/en/privacy/")),
    "page 304": (304, lambda client, **_: revalidated(client, "/en/privacy/")),
    "language redirect": (302, lambda client, **_: client.get("/")),
    "unprefixed redirect": (301, lambda client, **_: client.get("/privacy/")),
    "append slash": (301, lambda client, **_: client.get("/en/privacy")),
    "https redirect": (
        301,
        lambda client, settings, **_: https_redirect(client, settings),
    ),
    "404": (404, lambda client, **_: client.get("/en/nowhere/")),
    "500": (500, lambda client, monkeypatch, **_: server_error(client, monkeypatch)),
    "bad host": (400, lambda client, **_: client.get("/en/privacy/", **BAD_HOST)),
    "bad host on http": (
        400,
        lambda client, settings, **_: https_redirect(client, settings, BAD_HOST),
    ),
    "media file": (200, lambda client, settings, **_: client.get(media_file(settings))),
    "media 304": (
        304,
        lambda client, settings, **_: revalidated(client, media_file(settings)),
    ),
    "media 405": (
        405,
        lambda client, settings, **_: client.post(media_file(settings)),
    ),
}


@pytest.mark.parametrize(("status", "ask"), RESPONSES.values(), ids=RESPONSES)
def test_every_kind_of_response_carries_the_policy_headers(
    client, settings, monkeypatch, status, ask
):
    response = ask(client=client, settings=settings, monkeypatch=monkeypatch)

    assert response.status_code == status
    assert policy_headers(response) == public_policy_headers()


def test_static_files_carry_the_policy_headers(settings):
    """Served by WhiteNoise with DEBUG off, from the finders rather than
    collected (tests/website/test_production.py collects them)."""
    from django.test import Client

    assert settings.DEBUG is False
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # a new handler, whose WhiteNoise reads the setting

    whole = client.get("/static/css/site.css")
    unchanged = client.get(
        "/static/css/site.css", headers={"If-None-Match": whole["ETag"]}
    )

    assert (whole.status_code, unchanged.status_code) == (200, 304)
    assert type(whole).__name__ == "WhiteNoiseFileResponse"
    assert policy_headers(whole) == public_policy_headers()
    assert policy_headers(unchanged) == public_policy_headers()
