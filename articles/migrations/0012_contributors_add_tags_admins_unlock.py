"""Contributors may create tags; Admins may unlock a locked-out login.

- Contributors make tags through a piece's Tags field, as contributors do in
  WordPress: they get `taggit.add_tag` on purpose (without it the field
  refuses new tags by name). Renaming, merging and deleting tags stay with
  Editors.
- Admins unlock a login that django-axes locked out by deleting its access
  attempt (*Axes → Access attempts*), and read the access and failure logs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTORS_EXTRA = {"taggit": {"tag": ["add"]}}
ADMINS_EXTRA = {
    "axes": {
        "accessattempt": ["view", "delete"],
        "accesslog": ["view"],
        "accessfailurelog": ["view"],
    }
}


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


GRANTS = (("Contributors", CONTRIBUTORS_EXTRA), ("Admins", ADMINS_EXTRA))


def grant(apps, schema_editor):
    # As in 0003: permissions of new models exist only after all migrations.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, spec in GRANTS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, spec))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, spec in GRANTS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*permissions(apps, spec))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_models_move_out"),
        ("axes", "0010_accessattemptexpiration"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
