"""Create the usual APLN membership categories; editors may change them."""

from django.db import migrations

CATEGORIES = [
    ("Board member", "Board members", "board", 10),
    ("Member", "Members", "member", 20),
    ("Senior Network", "Senior Network", "senior-network", 30),
    ("International Advisory Board", "International Advisory Board", "international-advisory-board", 40),
    ("Emerging Voices Network", "Emerging Voices Network", "emerging-voices-network", 50),
    ("Staff and fellows", "Staff and fellows", "staff", 60),
]  # fmt: skip


def create_categories(apps, schema_editor):
    MembershipCategory = apps.get_model("members", "MembershipCategory")
    for name, plural, slug, position in CATEGORIES:
        MembershipCategory.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "plural_name": plural, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
