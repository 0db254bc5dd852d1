"""Create the Admins group; let Editors (and Admins) manage redirects.

Admins hold everything Editors hold, plus the management of users and groups
(the admin keeps superuser status and per-user permissions for superusers).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ["add", "change", "delete", "view"]
EDITORS_EXTRA = {"articles": {"redirect": ALL}}
ADMINS_EXTRA = {"auth": {"user": ALL, "group": ALL}}


def codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def permissions(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in codenames(spec)
    ]


def create_admins(apps, schema_editor):
    # As in 0003: permissions of new models exist only after all migrations.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(apps, EDITORS_EXTRA))
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.set(
        [*editors.permissions.all(), *permissions(apps, ADMINS_EXTRA)]
    )


def remove_admins(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Admins").delete()
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*permissions(apps, EDITORS_EXTRA))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_review_unpublish_links_redirects"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_admins, remove_admins)]
