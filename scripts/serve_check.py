#!/usr/bin/env python3
"""Check a running site as a visitor's browser would: the home, an article, a
venue and an ambassador page in both languages, every image they name (src
and srcset) answering 200 with an image type, a static file compressed with
Brotli when asked, a conditional GET answered 304, and an unknown address
answered with the site's own 404 page.

    scripts/serve_check.py http://127.0.0.1:8000   (after `make serve`)

Standard library only; exits 1 and says what failed.
"""

import re
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.styles = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "source"):
            if attrs.get("src"):
                self.images.add(attrs["src"])
            for part in (attrs.get("srcset") or "").split(","):
                if part.strip():
                    self.images.add(part.split()[0])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# A list page, and the pattern of the detail pages it links to.
DETAILS = [
    ("articles/", r"articles/(?!feed/)[^/?]+/$"),
    ("venues/", r"venues/[^/?]+/$"),
    ("ambassadors/", r"ambassadors/[^/?]+/$"),
]


def first_link(base, page, pattern):
    parser = Links()
    parser.feed(fetch(urljoin(base, page))[2].decode())
    return next(link for link in parser.links if re.search(pattern, link))


def main(base):
    failures = []
    pages = []
    for language in ("en", "zh-hans"):
        pages.append(f"/{language}/")
        for listing, detail in DETAILS:
            pattern = rf"^/{language}/{detail}"
            pages.append(first_link(base, f"/{language}/{listing}", pattern))
    images, styles = set(), set()
    for page in pages:
        status, _, body = fetch(urljoin(base, page))
        if status != 200:
            failures.append(f"{page}: {status}")
            continue
        parser = Links()
        parser.feed(body.decode())
        images |= parser.images
        styles |= set(parser.styles)
    for image in sorted(images):
        status, headers, _ = fetch(urljoin(base, image))
        if status != 200 or not headers.get("Content-Type", "").startswith("image/"):
            failures.append(f"{image}: {status} {headers.get('Content-Type')}")
    for style in sorted(styles):
        _, headers, _ = fetch(urljoin(base, style), **{"Accept-Encoding": "br"})
        if headers.get("Content-Encoding") != "br":
            failures.append(f"{style}: not sent with Brotli")
    status, headers, _ = fetch(urljoin(base, pages[1]))
    again = fetch(urljoin(base, pages[1]), **{"If-None-Match": headers.get("ETag", "")})
    if again[0] != 304:
        failures.append(f"{pages[1]}: conditional GET answered {again[0]}, not 304")
    status, _, body = fetch(urljoin(base, "/en/no-such-page/"))
    if status != 404 or b"URLconf" in body:
        failures.append(f"unknown address: {status}, not the site's 404 page")
    print(
        f"{len(pages)} pages, {len(images)} images, {len(styles)} stylesheets checked"
    )
    for failure in failures:
        print("FAILED", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    for _ in range(60):  # the server may still be starting
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            time.sleep(1)
    sys.exit(main(base))
