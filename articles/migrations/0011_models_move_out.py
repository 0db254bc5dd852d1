"""Image, Redirect and WordPressPost leave articles for images, core and transfer.

Only Django's idea of the models moves: the tables, their rows and their
constraints stay as they are (SeparateDatabaseAndState). The content types
follow the models, so permissions granted to groups, admin log entries and
the history of each record (reversion versions) stay attached; versions
stored under the old label are rewritten to the new one, so they can still
be restored.
"""

import json

import django.db.models.deletion
from django.db import migrations, models

MOVED = {"image": "images", "redirect": "core", "wordpresspost": "transfer"}


def relabel(apps, schema_editor, forward=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    version = apps.get_model("reversion", "Version")
    db = schema_editor.connection.alias
    for model, new_app in MOVED.items():
        old, new = ("articles", new_app) if forward else (new_app, "articles")
        moving = content_type.objects.using(db).filter(app_label=old, model=model)
        if not moving.exists():
            continue  # A new database: post_migrate creates the new type.
        # Made by post_migrate after a failed run: the older type, with the
        # permissions and history, is the one to keep.
        content_type.objects.using(db).filter(app_label=new, model=model).delete()
        moving.update(app_label=new)
        versions = version.objects.using(db).filter(
            content_type__app_label=new, content_type__model=model
        )
        for stored in versions.filter(format="json").iterator():
            data = json.loads(stored.serialized_data)
            for record in data:
                if record.get("model") == f"{old}.{model}":
                    record["model"] = f"{new}.{model}"
            stored.serialized_data = json.dumps(data)
            stored.save(update_fields=["serialized_data"])


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_commentary_public_index'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        ('images', '0001_initial'),
        ('members', '0003_photo_from_images'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The constraints stay in the database, now declared by the
            # models' new apps under the same names.
            state_operations=[
                migrations.RemoveConstraint(model_name='image', name='articles_image_credit_required'),
                migrations.RemoveConstraint(model_name='image', name='articles_image_source_http'),
                migrations.RemoveConstraint(model_name='image', name='articles_image_alt_or_decorative'),
                migrations.AlterField(
                    model_name='commentary',
                    name='image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='commentaries', to='images.image'),
                ),
                migrations.RemoveConstraint(model_name='redirect', name='articles_redirect_site_paths'),
                migrations.RemoveConstraint(model_name='redirect', name='articles_redirect_not_to_itself'),
                migrations.DeleteModel(name='Redirect'),
                migrations.RemoveConstraint(model_name='wordpresspost', name='articles_wordpresspost_site_id_unique'),
                migrations.RemoveConstraint(model_name='wordpresspost', name='articles_wordpresspost_commentary_xor_image'),
                migrations.RemoveField(model_name='wordpresspost', name='commentary'),
                migrations.RemoveField(model_name='wordpresspost', name='image'),
                migrations.DeleteModel(name='Image'),
                migrations.DeleteModel(name='WordPressPost'),
            ],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
