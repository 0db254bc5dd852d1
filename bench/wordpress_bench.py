"""Benchmark: import_wordpress of a generated 10,000-post WordPress export.

    .venv/bin/python bench/wordpress_bench.py                # 10,000 posts, >= 50 MB
    .venv/bin/python bench/wordpress_bench.py --posts 2000   # a quicker run

It writes a WXR 1.2 file in a temporary folder: N posts of about 5.5 KB
each, as real exports carry them: 3 to 4 KB of text in classic (blank-line)
paragraphs ending with the summary page's link and credit lines, SEO and
oEmbed meta, up to three comments; Co-Authors Plus bylines drawn from 60 users and 40 guest
authors, 30 categories and 200 tags, a featured image on one post in five
(the files of the first 100 in an uploads folder given as --media-dir), plus
pages, menu items and comments to skip. It then runs `manage.py
import_wordpress` twice in a child process, on a throwaway SQLite database
(FULCRUM_VAR_DIR in the temporary folder, migrated first): the import, then
the re-import, which must change nothing. For each it prints the wall time
and the child's peak memory (ru_maxrss, from wait4). The script exits 1 if a
peak reaches 300 MB or the re-import changed anything.
"""

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 300
MIN_MB = 50
WORDS = (
    "deterrence dialogue nuclear disarmament restraint alliance treaty peninsula "
    "security cooperation region summit verification transparency risk reduction "
    "diplomacy missile arms control confidence building humanitarian Seoul Tokyo "
    "Canberra Jakarta Hanoi Manila Delhi"
).split()
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Benchmark Network</title>
  <link>https://bench.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://bench.example</wp:base_site_url>
  <wp:base_blog_url>https://bench.example</wp:base_blog_url>
"""
# A 1x1 PNG: the uploads' files.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c"
    "4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def say(text):
    """Write a line of the report to stdout at once (a script, not a command)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def meta(key, value):
    return (
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def generate(path, uploads, posts, seed=1):
    """Write the export; put the first 100 featured images' files in uploads."""
    rng = random.Random(seed)
    users = [(f"user{n}", f"Writer Person {n}") for n in range(60)]
    guests = [(f"guest{n}", f"Guest Author {n}") for n in range(40)]
    categories = [f"Region {n}" for n in range(30)]
    tags = [f"topic {n}" for n in range(200)]

    def paragraph(low=70, high=100):
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))) + "."

    def comment(number):
        return (
            f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
            f"<wp:comment_author>{cdata('A Reader')}</wp:comment_author>"
            "<wp:comment_author_email>reader@example.org</wp:comment_author_email>"
            "<wp:comment_date>2020-01-01 10:00:00</wp:comment_date>"
            f"<wp:comment_content>{cdata(paragraph(40, 80))}</wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
        )

    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for login, name in users:
            out.write(
                f"<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for n, name in enumerate(categories):
            out.write(
                f"<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>"
                f"region-{n}</wp:category_nicename><wp:cat_name>{cdata(name)}"
                "</wp:cat_name></wp:category>\n"
            )
        for n, name in enumerate(tags):
            out.write(
                f"<wp:tag><wp:term_id>{n + 100}</wp:term_id><wp:tag_slug>topic-{n}"
                f"</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        for login, _ in users + guests:
            out.write(
                "<wp:term><wp:term_taxonomy>author</wp:term_taxonomy><wp:term_slug>"
                f"cap-{login}</wp:term_slug><wp:term_name>{cdata(login)}"
                "</wp:term_name></wp:term>\n"
            )
        attachments = []
        for n in range(posts):
            post_id = n + 1
            slug = f"commentary-{n}"
            year, month = 2010 + n % 15, 1 + n % 12
            authors = rng.sample(users + guests, rng.randint(1, 3))
            body = "\n\n".join(paragraph() for _ in range(rng.randint(4, 6)))
            body += (
                f'\n\nThe full article can be accessed <a href="https://outlet'
                f'{n % 25}.example/{year}/{n}/">here</a>.\n\nImage: Photographer '
                f"{n % 50}, https://photos.example/{n}"
            )
            categories_xml = "".join(
                f'<category domain="category" nicename="region-{c}">'
                f"{cdata(categories[c])}</category>"
                for c in rng.sample(range(len(categories)), 1)
            ) + "".join(
                f'<category domain="post_tag" nicename="topic-{t}">{cdata(tags[t])}'
                "</category>"
                for t in rng.sample(range(len(tags)), rng.randint(0, 3))
            )
            bylines = "".join(
                f'<category domain="author" nicename="cap-{login}">{cdata(login)}'
                "</category>"
                for login, _ in authors
            )
            thumbnail = ""
            if n % 5 == 0:
                attachment_id = 1_000_000 + n
                attachments.append((attachment_id, post_id, year, month, n))
                thumbnail = meta("_thumbnail_id", str(attachment_id))
            status = "publish" if n % 10 else rng.choice(["draft", "pending", "future"])
            out.write(
                f"<item><title>{cdata(f'Commentary {n}: ' + paragraph()[:60])}</title>"
                f"<link>https://bench.example/{year}/{month:02d}/{slug}/</link>"
                f"<dc:creator>{cdata(authors[0][0])}</dc:creator>"
                f'<guid isPermaLink="false">https://bench.example/?p={post_id}</guid>'
                f"<content:encoded>{cdata(body)}</content:encoded>"
                f"<excerpt:encoded>{cdata('')}</excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date>{year}-{month:02d}-15 09:00:00</wp:post_date>"
                f"<wp:post_date_gmt>{year}-{month:02d}-15 00:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
                f"<wp:post_type>post</wp:post_type>{categories_xml}{bylines}"
                f"{thumbnail}{meta('_edit_last', '1')}"
                f"{meta('_yoast_wpseo_metadesc', paragraph(15, 25))}"
                f"{meta('_oembed_' + str(n), f'<iframe src="https://v.example/{n}">')}"
                + "".join(comment(c) for c in range(rng.randint(0, 3)))
                + "</item>\n"
            )
        for attachment_id, parent, year, month, n in attachments:
            relative = f"{year}/{month:02d}/image-{n}.png"
            out.write(
                f"<item><title>Image {n}</title><wp:post_id>{attachment_id}</wp:post_id>"
                f"<wp:post_parent>{parent}</wp:post_parent><wp:status>inherit"
                "</wp:status><wp:post_type>attachment</wp:post_type>"
                "<wp:attachment_url>"
                f"{escape(f'https://bench.example/wp-content/uploads/{relative}')}"
                f"</wp:attachment_url>{meta('_wp_attached_file', relative)}"
                f"{meta('_wp_attachment_image_alt', f'A summit, photograph {n}')}"
                "</item>\n"
            )
            if n < 500:  # one image in five of the first 500 posts: 100 files
                file = uploads / relative
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(PNG)
        for guest, name in guests:
            out.write(
                f"<item><title>{cdata(name)}</title><wp:post_id>"
                f"{2_000_000 + int(guest[5:])}</wp:post_id><wp:post_name>cap-{guest}"
                "</wp:post_name><wp:status>publish</wp:status><wp:post_type>"
                f"guest-author</wp:post_type>{meta('cap-user_login', guest)}</item>\n"
            )
        for n in range(50):
            out.write(
                f"<item><title>Page {n}</title><wp:post_id>{3_000_000 + n}"
                "</wp:post_id><wp:status>publish</wp:status><wp:post_type>page"
                f"</wp:post_type><content:encoded>{cdata(paragraph())}"
                "</content:encoded></item>\n"
                f"<item><title>Menu {n}</title><wp:post_id>{4_000_000 + n}"
                "</wp:post_id><wp:status>publish</wp:status><wp:post_type>"
                "nav_menu_item</wp:post_type></item>\n"
            )
        out.write("</channel>\n</rss>\n")


def manage(var_dir, *args):
    """Run manage.py in a child; return (seconds, peak MB, stdout)."""
    env = dict(
        os.environ, FULCRUM_VAR_DIR=str(var_dir), DEBUG="0", PYTHONUNBUFFERED="1"
    )
    env.pop("DATABASE_URL", None)
    env.pop("MEDIA_ROOT", None)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"manage.py {' '.join(args)} failed:\n{output[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, output  # KB on Linux


def count_rows(var_dir, table):
    with sqlite3.connect(var_dir / "fulcrum.sqlite3") as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument(
        "--keep", action="store_true", help="Keep the temporary folder."
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fulcrum-wordpress-bench-"))
    try:
        export, uploads, var_dir = work / "export.xml", work / "uploads", work / "var"
        say(f"Generating {options.posts:,} posts in {work} ...")
        generate(export, uploads, options.posts)
        size = export.stat().st_size / 1024 / 1024
        say(f"Export: {size:.1f} MB. Migrating a throwaway database ...")
        manage(var_dir, "migrate", "--noinput", "-v0")
        say("Running import_wordpress ...")
        args = ["import_wordpress", str(export), "--media-dir", str(uploads)]
        first = manage(var_dir, *args, "--publish", "-v1")
        rows = count_rows(var_dir, "articles_commentary")
        images = count_rows(var_dir, "articles_image")
        say("Running import_wordpress again (must change nothing) ...")
        second = manage(var_dir, *args, "--publish", "-v1")
        unchanged = f"0 created, 0 updated, {rows:,} unchanged".replace(",", "")
        same = unchanged in second[2].replace(",", "")
        report(options.posts, size, rows, images, first, second, same)
    finally:
        if options.keep:
            say(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    over = max(first[1], second[1]) >= LIMIT_MB
    small = options.posts >= 10_000 and size < MIN_MB
    return 1 if over or not same or small else 0


def report(posts, size, rows, images, first, second, same):
    say("")
    say(
        f"{posts:,} posts, {size:.1f} MB of WXR: {rows:,} commentaries, "
        f"{images:,} images"
    )
    say(f"{'':26}{'time':>10}{'rate':>18}{'peak memory':>14}")
    for name, (seconds, peak, _) in (
        ("import_wordpress", first),
        ("re-import (no-op)", second),
    ):
        rate = posts / seconds
        say(f"{name:26}{seconds:9.1f}s{rate:11,.0f} posts/s{peak:11,.0f} MB")
    peak = max(first[1], second[1])
    verdict = "OK" if peak < LIMIT_MB else "OVER"
    say(f"Peak memory: {peak:.0f} MB (limit {LIMIT_MB} MB): {verdict}")
    say(f"Re-import changed nothing: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
