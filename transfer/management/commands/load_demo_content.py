"""Load the demo content that `make run` serves, and the demo editor accounts.

Members, outlets and commentaries come from `transfer.demo.content` (all
invented); their images are drawn with Pillow and saved through the default
storage, so they land in MEDIA_ROOT. The command is idempotent: objects are
matched by slug and images by their file name (`demo-<key>.jpg`), and what
exists already is left exactly as it is, including an editor's changes. It is
atomic: an error writes nothing to the database and removes the image files
this run saved.

Two staff accounts are created once, "editor" (group Editors) and
"contributor" (group Contributors), each with a random password printed only
when the account is created, whatever the verbosity, because it cannot be
shown again. Later runs say how to reset it with `changepassword`.
"""

import datetime
import secrets
import string

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import changes
from articles.models import Authorship, Commentary, Outlet
from images.models import Image
from members.models import Member, MemberAlias, MemberLink, MembershipCategory
from transfer.demo import content, images

# `make run` serves here by default and passes --site-url for its HOST and PORT.
SITE_ORIGIN = "http://127.0.0.1:8000"
# Letters and digits only: no password starting with "-" (read as an option
# when pasted into a command), and one double-click selects it whole.
PASSWORD_ALPHABET = string.ascii_letters + string.digits
ACCOUNTS = [("editor", "Editors"), ("contributor", "Contributors")]
RESET_COMMAND = ".venv/bin/python manage.py changepassword {username}"


def image_key(prefix, slug):
    """Return the stable part of a demo image's file name (kept under 60 chars)."""
    return f"{prefix}-{slug}"[:50].rstrip("-")


class Command(BaseCommand):
    help = (
        "Load demo members, outlets and commentaries with drawn images, and "
        "create the demo accounts 'editor' and 'contributor' (their random "
        "passwords are printed once, when created). Safe to run again: "
        "nothing that exists is changed or duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=SITE_ORIGIN,
            help=f"Where the site is served, for the sign-in address (default {SITE_ORIGIN}).",
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "Refusing to load demo content with FULCRUM_ENV=production: it "
                "would publish invented pieces on a live site."
            )
        self.verbosity = options["verbosity"]
        self.site_url = options["site_url"].rstrip("/")
        self.saved_files = []
        self.created = self.existing = 0
        try:
            # One search refresh at the end instead of one per saved row.
            with transaction.atomic(), changes.many_changes():
                accounts = [
                    self.ensure_account(name, group) for name, group in ACCOUNTS
                ]
                self.editor = accounts[0][0]
                self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
                self.members = self.load_members()
                self.outlets = self.load_outlets()
                self.load_commentaries()
        except (OperationalError, ProgrammingError) as err:
            self.remove_saved_files()
            raise CommandError(
                f"Could not write to the database: {err}. If its tables are "
                "missing, run `.venv/bin/python manage.py migrate` first."
            ) from err
        except BaseException:
            self.remove_saved_files()
            raise
        # Print credentials only once the accounts are committed.
        for user, password in accounts:
            self.report_account(user, password)
        if self.verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content: {len(content.MEMBERS)} members, "
                    f"{len(content.OUTLETS)} outlets, "
                    f"{len(content.COMMENTARIES)} commentaries "
                    f"(created {self.created}, already there {self.existing})"
                )
            )

    # --- Accounts ---------------------------------------------------------------

    def ensure_account(self, username, group_name):
        """Return (user, password); the password is None if the user existed."""
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, None
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist as err:
            raise CommandError(
                f"The group “{group_name}” is missing; it is created by "
                "articles/migrations/0003_editor_groups.py. Run "
                "`.venv/bin/python manage.py migrate`, or recreate the group in "
                "the admin."
            ) from err
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(22))
        user = User.objects.create_user(
            username=username, password=password, is_staff=True
        )
        user.groups.add(group)
        return user, password

    def report_account(self, user, password):
        if password is None:
            if self.verbosity >= 1:
                self.stdout.write(
                    f"The demo account “{user.username}” already exists. To set a "
                    "new password: " + RESET_COMMAND.format(username=user.username)
                )
            return
        # Shown at every verbosity: it is never stored in clear and cannot be
        # printed again.
        group = ", ".join(user.groups.values_list("name", flat=True))
        self.stdout.write(
            self.style.WARNING(
                f"Created the demo account “{user.username}” ({group}).\n"
                f"  Username: {user.username}\n"
                f"  Password: {password}\n"
                f"  Sign in at {self.site_url}{reverse('admin:index')}\n"
                "  The password is shown only this once."
            )
        )

    # --- Members and outlets ------------------------------------------------------

    def load_members(self):
        slugs = {spec.category for spec in content.MEMBERS}
        categories = MembershipCategory.objects.in_bulk(slugs, field_name="slug")
        missing = sorted(slugs - set(categories))
        if missing:
            raise CommandError(
                f"Membership categories missing: {', '.join(missing)}. They are "
                "created by members/migrations/0002_default_categories.py; "
                "recreate them in the admin with these slugs."
            )
        members = {}
        for spec in content.MEMBERS:
            members[spec.slug] = self.load_member(spec, categories[spec.category])
        return members

    def load_member(self, spec, category):
        member = Member.objects.filter(slug=spec.slug).first()
        if self.found(member, "member", spec.name):
            return member
        photo = None
        if spec.photo:
            photo = self.image(
                image_key("portrait", spec.slug),
                spec.photo,
                images.describe_portrait(spec.name, spec.photo.palette),
            )
        member = Member.objects.create(
            slug=spec.slug,
            name=spec.name,
            family_name=spec.family_name,
            given_name=spec.given_name,
            native_name=spec.native_name,
            native_name_language=spec.native_name_language,
            honorific=spec.honorific,
            position=spec.position,
            country=spec.country,
            category=category,
            bio=spec.bio,
            photo=photo,
            is_active=spec.is_active,
        )
        for alias in spec.aliases:
            MemberAlias.objects.create(member=member, name=alias)
        for position, (label, url) in enumerate(spec.links):
            MemberLink.objects.create(
                member=member, label=label, url=url, position=position
            )
        return member

    def load_outlets(self):
        outlets = {}
        for spec in content.OUTLETS:
            # Names are unique whatever their case, so an outlet an editor
            # created by hand under another slug is the same outlet.
            outlet = (
                Outlet.objects.filter(slug=spec.slug).first()
                or Outlet.objects.filter(name__iexact=spec.name).first()
            )
            if not self.found(outlet, "outlet", spec.name):
                outlet = Outlet.objects.create(
                    slug=spec.slug,
                    name=spec.name,
                    label=spec.label,
                    kind=spec.kind,
                    homepage_url=spec.homepage_url,
                )
            outlets[spec.slug] = outlet
        return outlets

    # --- Commentaries -------------------------------------------------------------

    def load_commentaries(self):
        for spec in content.COMMENTARIES:
            commentary = Commentary.objects.filter(slug=spec.slug).first()
            if not self.found(commentary, "commentary", spec.title):
                self.create_commentary(spec)

    def create_commentary(self, spec):
        posted = self.now - datetime.timedelta(days=spec.days_ago)
        outlet = self.outlets.get(spec.outlet)
        image = None
        if spec.picture:
            picture = spec.picture
            alt_text = (
                ""
                if picture.is_decorative
                else images.describe(picture.motif, picture.palette)
            )
            image = self.image(image_key("banner", spec.slug), picture, alt_text)
        commentary = Commentary.objects.create(
            slug=spec.slug,
            title=spec.title,
            kind=spec.kind,
            outlet=outlet,
            full_article_url=self.article_url(spec, outlet),
            link_line=spec.link_line,
            original_published_on=(
                (posted - datetime.timedelta(days=spec.lag)).date()
                if spec.original
                else None
            ),
            original_published_precision=spec.original or Commentary.DatePrecision.DAY,
            lede_override=spec.lede_override,
            summary=spec.summary,
            summary_is_excerpt=spec.summary_is_excerpt,
            image=image,
            status=spec.status,
            published_at=None if spec.status == Commentary.Status.DRAFT else posted,
            is_featured=spec.is_featured,
            created_by=self.editor,
            updated_by=self.editor,
        )
        Authorship.objects.bulk_create(
            Authorship(
                commentary=commentary,
                position=position,
                member=self.members[author.member] if author.member else None,
                name=author.name,
                role=author.role,
                affiliation=author.affiliation,
            )
            for position, author in enumerate(spec.authors)
        )
        if spec.tags:
            commentary.tags.add(*spec.tags)

    @staticmethod
    def article_url(spec, outlet):
        if spec.url is not None:
            return spec.url
        base = outlet.homepage_url if outlet else "https://example.org/articles/"
        return f"{base.rstrip('/')}/{spec.slug}"

    # --- Images -------------------------------------------------------------------

    def image(self, key, picture, alt_text):
        """Return the demo image saved under key, drawing and saving it if new."""
        # The storage may have added a random suffix if the name was taken.
        pattern = rf"(^|/)demo-{key}(_[A-Za-z0-9]+)?\.jpg$"
        image = Image.objects.filter(file__regex=pattern).first()
        if image is not None:
            return image
        try:
            if picture.motif == "portrait":
                data = images.draw_portrait(key, picture.palette)
                width, height = images.PORTRAIT_SIZE
            else:
                data = images.draw_banner(key, picture.motif, picture.palette)
                width, height = images.BANNER_SIZE
        except OSError as err:
            raise CommandError(
                f"Pillow could not draw a JPEG image ({err}); is it built with libjpeg?"
            ) from err
        image = Image(
            alt_text=alt_text,
            is_decorative=picture.is_decorative,
            caption=picture.caption,
            credit=picture.credit,
            source_url=picture.source_url,
            licence=picture.licence,
            uploaded_by=self.editor,
        )
        try:
            image.file.save(f"demo-{key}.jpg", ContentFile(data), save=False)
        except OSError as err:
            raise CommandError(
                f"Could not save demo-{key}.jpg in MEDIA_ROOT "
                f"({settings.MEDIA_ROOT}): {err}"
            ) from err
        self.saved_files.append(image.file.name)
        # Saving a ContentFile leaves the dimensions blank; they are known.
        image.width, image.height = width, height
        image.save()
        # Saving an Image also writes its resized copies (images.renditions).
        self.saved_files += [
            r["name"] for r in getattr(image, "renditions", None) or []
        ]
        return image

    def remove_saved_files(self):
        """Delete the files this run saved, once the transaction rolled back."""
        for name in self.saved_files:
            default_storage.delete(name)

    # --- Reporting ----------------------------------------------------------------

    def found(self, obj, what, label):
        """Count obj as already there (True) or about to be created (False)."""
        if obj is not None:
            self.existing += 1
            if self.verbosity >= 2:
                self.stdout.write(f"Already there: {what} {label}")
            return True
        self.created += 1
        if self.verbosity >= 2:
            self.stdout.write(f"Creating {what} {label}")
        return False
