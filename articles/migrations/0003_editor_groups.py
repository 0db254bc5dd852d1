"""Create the Editors and Contributors groups with exactly their permissions.

Editors may publish, schedule and withdraw; Contributors write drafts only
(the admin enforces the difference through `articles.publish_commentary`).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTORS = {
    "articles": {
        "commentary": ["add", "change", "view"],
        "authorship": ["add", "change", "delete", "view"],
        "image": ["add", "change", "view"],
        "outlet": ["add", "view"],
        "taggedcommentary": ["add", "change", "delete", "view"],
    },
    "members": {"member": ["view"], "membershipcategory": ["view"]},
    "taggit": {"tag": ["view"]},
}
EDITORS = {
    "articles": {
        "commentary": ["add", "change", "delete", "view", "publish"],
        "authorship": ["add", "change", "delete", "view"],
        "image": ["add", "change", "delete", "view"],
        "outlet": ["add", "change", "delete", "view"],
        "taggedcommentary": ["add", "change", "delete", "view"],
    },
    "members": {
        "member": ["add", "change", "delete", "view"],
        "memberalias": ["add", "change", "delete", "view"],
        "memberlink": ["add", "change", "delete", "view"],
        "membershipcategory": ["add", "change", "delete", "view"],
    },
    "taggit": {"tag": ["add", "change", "delete", "view"]},
}


def codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create
    # them now so the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in (("Editors", EDITORS), ("Contributors", CONTRIBUTORS)):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames(spec)
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Contributors"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("members", "0002_default_categories"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
