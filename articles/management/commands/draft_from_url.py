"""Read an outside article's page and save it as a draft commentary.

    manage.py draft_from_url https://fulcrum.sg/japan-and-southeast-asia/
    manage.py draft_from_url URL --dry-run     # print what was read, save nothing

What the admin's "Fetch details" fills in (articles.drafting), saved as a
draft (never published): title, outlet (when one on file matches), link,
original date and precision, authors in byline order (members matched, the
others as outside authors), tags on file, the page's description as a
quotation. The page's image is downloaded through the address guard and
attached when the page states its credit and alt text; otherwise the draft
is saved without it, and the output says what is missing.

Exit status: 0 when the draft was saved (or, with --dry-run, could be), or a
piece with that link is already on file (nothing is saved twice); 1 when the
page cannot be fetched or read, or states no title.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles import changes
from articles.drafting import PAGE_TIMEOUT, DraftError, draft_from_url, fetch_image
from articles.models import Authorship, Commentary
from images.models import Image


class Command(BaseCommand):
    help = "Read an article's page (its URL) and save it as a draft commentary."

    def add_arguments(self, parser):
        parser.add_argument("url", help="The full article's address (http or https).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what the page says; save nothing, download no image.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=PAGE_TIMEOUT,
            help=f"Seconds for the page, and for its image (default {PAGE_TIMEOUT:g}).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["timeout"] <= 0:
            raise CommandError("--timeout must be above 0.")
        try:
            draft = draft_from_url(options["url"], timeout=options["timeout"])
        except DraftError as err:
            raise CommandError(str(err)) from err
        if self.verbosity >= 1:
            self.report(draft)
        if not draft.title:
            raise CommandError(
                f"{options['url']}: the page states no title, and a piece needs "
                "one. Nothing was saved."
            )
        existing = Commentary.objects.filter(full_article_url=draft.url).first()
        if existing:
            self.stdout.write(
                self.style.WARNING(
                    f"Already on file: “{existing}” ({self.admin_url(existing)}). "
                    "Nothing was saved."
                )
            )
            return
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS("Dry run: nothing was saved."))
            return
        image_file = self.image_file(draft, options["timeout"])
        with transaction.atomic():
            piece = Commentary.objects.create(
                title=draft.title,
                outlet=draft.outlet,
                full_article_url=draft.url,
                original_published_on=draft.published_on,
                original_published_precision=draft.precision,
                summary=draft.summary_html,
                status=Commentary.Status.DRAFT,
            )
            Authorship.objects.bulk_create(
                Authorship(
                    commentary=piece,
                    position=position,
                    member=author.member,
                    name="" if author.member else author.name[:200],
                )
                for position, author in enumerate(draft.authors)
            )
            if draft.tags:
                piece.tags.set(draft.tags)
            if image_file is not None:
                piece.image = Image.objects.create(
                    file=image_file,
                    credit=draft.image_credit[:500],
                    source_url=(draft.image_source or draft.image_url)[:1000],
                    alt_text=draft.image_alt[:300],
                )
                piece.save(update_fields=["image"])
            changes.pieces_changed([piece.pk])
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved the draft “{piece}” ({self.admin_url(piece)}): check it, "
                "then publish it from the admin."
            )
        )

    def image_file(self, draft, timeout):
        """The page's image, downloaded and checked, or None (saying why)."""
        if not draft.image_url:
            return None
        missing = [
            what
            for what, value in (
                ("credit", draft.image_credit),
                ("alt text", draft.image_alt),
            )
            if not value
        ]
        if missing:
            self.stderr.write(
                f"Image not attached: the page states no {' and no '.join(missing)} "
                f"for {draft.image_url}; add the image in the admin."
            )
            return None
        try:
            return fetch_image(draft.image_url, timeout=timeout)
        except ValidationError as err:
            self.stderr.write(f"Image not attached: {' '.join(err.messages)}")
            return None

    def report(self, draft):
        out = self.stdout.write
        out(f"Read {draft.url}")
        if draft.outlet:
            outlet = f"{draft.outlet} (on file)"
        else:
            outlet = f"left blank: {draft.problems['outlet']}"
        authors = "; ".join(
            f"{n}. {a.display_name} ({'member' if a.member else 'outside author'})"
            for n, a in enumerate(draft.authors, start=1)
        )
        date = ""
        if draft.published_on:
            date = f"{draft.published_on.isoformat()} ({draft.precision})"
        image = draft.image_url
        if image:
            image += f" (credit: {draft.image_credit or 'not stated'})"
        tags = ", ".join(draft.tags)
        if draft.new_keywords:
            tags += f" (keywords that are no tag: {', '.join(draft.new_keywords)})"
        summary = "the page's description, as a quotation" if draft.description else ""
        for label, value in (
            ("title", draft.title),
            ("outlet", outlet),
            ("date", date),
            ("authors", authors),
            ("image", image),
            ("tags", tags.strip()),
            ("summary", summary),
        ):
            out(f"  {label + ':':<9}{value or '—'}")
        for field, problem in draft.problems.items():
            if field != "outlet":
                out(f"  not found: {field}: {problem}")

    @staticmethod
    def admin_url(piece):
        return reverse("admin:articles_commentary_change", args=[piece.pk])
