"""Members an import creates from a page but cannot find on the roster wait
for an editor's confirmation; name keys now ignore office titles and
post-nominals, so they are computed again."""

from django.db import migrations, models


def recompute_keys(apps, schema_editor):
    from members.names import name_key

    for model_name in ("Member", "MemberAlias"):
        model = apps.get_model("members", model_name)
        for row in model.objects.only("pk", "name", "name_key").iterator():
            key = name_key(row.name)
            if key != row.name_key:
                model.objects.filter(pk=row.pk).update(name_key=key)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_photo_from_images")]

    operations = [
        migrations.AddField(
            model_name="member",
            name="is_to_review",
            field=models.BooleanField(
                default=False,
                help_text="Created by an import from a page calling them an APLN "
                "member, but not on the roster: hidden from public pages (no "
                "profile, no link, not listed) until an editor confirms them.",
                verbose_name="to review",
            ),
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop),
    ]
