"""Search by words: folded title and unspaced-script columns, and the indexes.

SQLite gets FTS5 tables (words, and trigrams for scripts without spaces)
kept in step by triggers; PostgreSQL a generated tsvector column with a GIN
index and a pg_trgm index (articles.search_index). Existing rows get their
search columns re-split into words here; the next save refreshes them fully.
"""

from django.db import migrations, models

from articles import search, search_index


def split_existing(apps, schema_editor):
    Commentary = apps.get_model("articles", "Commentary")
    rows = Commentary.objects.only("pk", "title", "search_text").iterator(2000)
    batch = []
    for row in rows:
        text = search.words(row.search_text)
        row.search_title = " ".join(search.words(row.title))
        row.search_text = " ".join(text)
        row.search_unspaced = " ".join(w for w in text if search.UNSPACED.search(w))
        batch.append(row)
        if len(batch) == 2000:
            Commentary.objects.bulk_update(
                batch, ["search_title", "search_text", "search_unspaced"]
            )
            batch = []
    Commentary.objects.bulk_update(
        batch, ["search_title", "search_text", "search_unspaced"]
    )


def install(apps, schema_editor):
    search_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_commentary_language_translation"),
    ]

    operations = [
        migrations.AddField(
            model_name="commentary",
            name="search_title",
            field=models.TextField(
                blank=True, editable=False, help_text="Folded words of the title."
            ),
        ),
        migrations.AddField(
            model_name="commentary",
            name="search_unspaced",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The words of search_text in scripts written without spaces.",
            ),
        ),
        migrations.RunPython(split_existing, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
