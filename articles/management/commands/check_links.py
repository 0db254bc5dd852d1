"""Check the full-article links of commentaries and record what they answer.

Published pieces by default (--all for every piece). Prints the broken links
and exits with status 1 when there are any, so cron can mail the editors:

    17 3 * * * cd /srv/fulcrum && .venv/bin/python manage.py check_links -v 0

(-v 0 prints only the broken links: cron mails output only when there is
some.) Editors find the same pieces in the admin with the "full article
link: Broken" filter.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.linkcheck import LinkChecker
from articles.models import Commentary


class Command(BaseCommand):
    help = "Check commentaries' full-article links; exit 1 when any is broken."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Check every piece, not only the published ones.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            help="Seconds to wait for each connection and answer (default 10).",
        )
        parser.add_argument(
            "--per-host",
            type=int,
            default=2,
            help="Requests at a time to one host (default 2).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=8,
            help="Requests at a time in all (default 8).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report, but record nothing on the pieces.",
        )

    def handle(self, *args, **options):
        for name in ("timeout", "per_host", "workers"):
            if options[name] <= 0:
                raise CommandError(f"--{name.replace('_', '-')} must be above 0.")
        pieces = (
            Commentary.objects.all()
            if options["all"]
            else Commentary.objects.published()
        )
        pieces = list(pieces.exclude(full_article_url="").order_by("pk"))
        checker = LinkChecker(
            timeout=options["timeout"],
            per_host=options["per_host"],
            workers=options["workers"],
        )
        results = checker.check_many(piece.full_article_url for piece in pieces)
        now = timezone.now()
        broken = []
        for piece in pieces:
            result = results[piece.full_article_url]
            piece.link_status = result.status
            piece.link_final_url = result.final_url[:1000]
            piece.link_error = result.error
            piece.link_checked_at = now
            if result.is_broken:
                broken.append(piece)
            elif options["verbosity"] >= 2:
                self.stdout.write(f"ok   {result.status}  {piece.full_article_url}")
        if not options["dry_run"]:
            with transaction.atomic():
                Commentary.objects.bulk_update(
                    pieces,
                    ["link_status", "link_final_url", "link_error", "link_checked_at"],
                    batch_size=500,
                )
        for piece in broken:
            self.stdout.write(self.describe(piece))
        if options["verbosity"] >= 1:
            summary = (
                f"Checked {len(results)} link{'s' if len(results) != 1 else ''} "
                f"of {len(pieces)} piece{'s' if len(pieces) != 1 else ''}: "
                f"{len(broken)} broken."
            )
            if options["dry_run"]:
                summary += " Dry run: nothing recorded."
            style = self.style.ERROR if broken else self.style.SUCCESS
            self.stdout.write(style(summary))
        if broken:
            raise CommandError(
                f"{len(broken)} broken link{'s' if len(broken) != 1 else ''}.",
                returncode=1,
            )

    @staticmethod
    def describe(piece):
        answer = str(piece.link_status) if piece.link_status else "---"
        reason = f" ({piece.link_error})" if piece.link_error else ""
        admin = reverse("admin:articles_commentary_change", args=[piece.pk])
        return (
            f"BROKEN {answer}  {piece.full_article_url}{reason}\n"
            f"       “{piece.title}”  {admin}"
        )
