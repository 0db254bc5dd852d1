"""A news site on the loopback, for "paste a link, get a draft" (issue 15).

Serves the pages of tests/data/drafts (each in a shape news sites use) by
name, `/<name>/`, and a few misbehaving answers: /redirect/ (302 to the
JSON-LD page), /slow/ (answers after the test is over), /huge/ and
/huge-unannounced/ (past any size cap, with and without Content-Length),
/pdf/ (not a page), /missing/ (404), /to-intranet/ (302 to 10.0.0.5). Images: any path ending in .png.

    with DraftSite() as site:
        site.url("/newsarticle/")

The address guard refuses the loopback: tests list it (FETCH_ALLOWED_HOSTS)
or give the site a public-looking name with tests.netguard's resolver.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.factories import png_bytes

PAGES = Path(__file__).parent / "data" / "drafts"
HUGE = 600 * 1024


def json_ld_page(**article):
    """A page of one JSON-LD NewsArticle, "</" written "<\\/" as JSON allows
    (else a "</script>" in a value would end the script element)."""
    data = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle"} | article
    ).replace("</", "<\\/")
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<script type="application/ld+json">{data}</script></head></html>'
    ).encode()


# What a hostile page can state: markup and script in every field it fills.
SCRIPT = "<script>alert(1)</script>"
ENCODED = "&lt;script&gt;alert(2)&lt;/script&gt;"  # Markup once unescaped.
HOSTILE = json_ld_page(
    headline=f"Title {SCRIPT} {ENCODED}",
    author=[{"@type": "Person", "name": 'Ann <img src=x onerror="alert(1)">'}],
    publisher={"@type": "Organization", "name": f'Evil "><b>Times</b>{SCRIPT}'},
    keywords=[f"<b>bold</b>{SCRIPT}", ENCODED],
    description=f'</p></blockquote>{SCRIPT}{ENCODED}<a href="javascript:alert(1)">x</a>',
    image={
        "@type": "ImageObject",
        "url": "/hostile.png",
        "caption": f'"><{SCRIPT}',
        "creditText": f'"><svg onload=alert(1)>{SCRIPT}',
    },
    url="javascript:alert(1)",
)
# Every value longer than the field it goes to, and more authors and keywords
# than any byline.
LONG = json_ld_page(
    headline="T" * 5000,
    author=[{"@type": "Person", "name": "A" * 500 + str(n)} for n in range(200)],
    publisher={"@type": "Organization", "name": "S" * 5000},
    keywords=[f"keyword {n}" for n in range(3000)],
    image={
        "@type": "ImageObject",
        "url": "/long.png",
        "caption": "C" * 5000,
        "creditText": "R" * 5000,
    },
)
GENERATED = {"hostile": HOSTILE, "long": LONG}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("User-Agent")))
        path = self.path.split("?", 1)[0]
        name = path.strip("/")
        if path.endswith(".png"):
            self.reply(200, png_bytes(width=120, height=80), "image/png")
        elif name == "redirect":
            self.reply(302, b"", location="/newsarticle/")
        elif name == "to-intranet":
            self.reply(302, b"", location="http://10.0.0.5/news/")
        elif name == "slow":
            self.server.release.wait(10)
            self.reply(200, b"<title>Late</title>")
        elif name == "huge":
            self.reply(200, b"<p>" + b"x" * HUGE)
        elif name == "huge-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(HUGE // 8192 + 1):
                    self.wfile.write(b"y" * 8192)
            except ConnectionError:
                pass  # The client stopped reading at its cap, as it should.
            self.close_connection = True
        elif name == "pdf":
            self.reply(200, b"%PDF-1.4", "application/pdf")
        elif name in GENERATED:
            self.reply(200, GENERATED[name])
        elif (PAGES / f"{name}.html").is_file():
            self.reply(200, (PAGES / f"{name}.html").read_bytes())
        else:
            self.reply(404, b"<title>Not found</title>")

    def reply(
        self, status, body, content_type="text/html; charset=utf-8", location=None
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # Keep the test output clean.


class DraftSite:
    """The site, served from a thread while the with block runs."""

    def __init__(self, host="127.0.0.1"):
        self.host = host

    def __enter__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.seen = []
        self.server.release = threading.Event()
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    @property
    def seen(self):
        return self.server.seen

    def url(self, path):
        return f"http://{self.host}:{self.port}{path}"


class DraftSiteMixin:
    """A TestCase mixin: the site served while the class runs, as cls.site."""

    site_host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = DraftSite(host=cls.site_host)
        cls.site.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.site.__exit__(None, None, None)
        super().tearDownClass()
