from django.db import migrations, models


class Migration(migrations.Migration):
    """Index the public-visibility rule whole, so COUNT and deep pages read no rows."""

    dependencies = [
        ("articles", "0009_wordpress_posts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="commentary",
            name="articles_comm_visible_idx",
        ),
        migrations.AddIndex(
            model_name="commentary",
            index=models.Index(
                fields=["status", "published_at", "unpublish_at"],
                name="articles_comm_public_idx",
            ),
        ),
        # Statistics for the planner (SQLite and PostgreSQL alike): without
        # them SQLite may walk this index for a member's pieces instead of
        # the member's authorships.
        migrations.RunSQL("ANALYZE", reverse_sql=migrations.RunSQL.noop),
    ]
