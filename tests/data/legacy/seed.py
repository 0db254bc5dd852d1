"""What build.py adds to the demo content, run by build.py on the old code.

Everything goes through the paths a site really takes (the admin, signals,
django-reversion, import_wordpress), so the rows look like a live site's:
an image edited in the admin (a LogEntry and a reversion Version of
articles.image), a member's photo saved in a revision, commentary and member
slugs renamed (Redirect rows), a WordPress export imported (WordPressPost
rows), and a group and a user holding permissions on the three models that
move to other apps.
"""

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
django.setup()

import reversion  # noqa: E402
from django.contrib.admin.models import CHANGE, LogEntry  # noqa: E402
from django.contrib.auth.models import Group, Permission, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Commentary, Image  # noqa: E402
from members.models import Member  # noqa: E402

WXR = sys.argv[1]
editor = User.objects.get(username="editor")
assert editor.groups.filter(name="Editors").exists()

# 1. An image edited in the admin, as an editor: a LogEntry and a Version.
image = Commentary.objects.exclude(image=None).order_by("pk").first().image
client = Client()
client.force_login(editor)
url = reverse("admin:articles_image_change", args=[image.pk])
assert client.get(url).status_code == 200
response = client.post(
    url,
    {
        "alt_text": image.alt_text or "A drawn banner",
        "is_decorative": "",
        "caption": "Edited in the admin before the apps were re-cut.",
        "credit": image.credit,
        "source_url": image.source_url,
        "licence": image.licence,
    },
)
assert response.status_code == 302, response.content.decode()[:2000]

# 2. A member's photo changed in a revision of its own (no admin request),
#    and logged the way an admin action logs it.
member = Member.objects.exclude(photo=None).order_by("pk").first()
photo = member.photo
with reversion.create_revision():
    photo.caption = f"Portrait of {member.name}."
    photo.save()
    reversion.set_user(editor)
    reversion.set_comment("Captioned the portrait.")
LogEntry.objects.log_actions(
    editor.pk,
    Image.objects.filter(pk=photo.pk),
    CHANGE,
    change_message=[{"changed": {"fields": ["Caption"]}}],
    single_object=True,
)

# 3. Slugs renamed through the ORM: the signals record Redirect rows.
with reversion.create_revision():
    piece = Commentary.objects.filter(status="published").order_by("pk").first()
    piece.slug = f"{piece.slug}-renamed"
    piece.save()
    reversion.set_user(editor)
    reversion.set_comment("Shorter address.")
member.slug = f"{member.slug}-renamed"
member.save()

# 4. A WordPress export: WordPressPost rows (posts and featured images), and
#    redirects from the old permalinks.
call_command("import_wordpress", WXR, verbosity=0)

# 5. Permissions on the models that move: a group made in the admin, and a
#    permission given straight to a user.
importers, _ = Group.objects.get_or_create(name="Importers")
importers.permissions.set(
    Permission.objects.filter(
        content_type__app_label="articles",
        codename__in=[
            "view_wordpresspost",
            "change_wordpresspost",
            "view_redirect",
            "add_redirect",
            "view_image",
        ],
    )
)
contributor = User.objects.get(username="contributor")
contributor.user_permissions.add(
    Permission.objects.get(content_type__app_label="articles", codename="view_redirect")
)
