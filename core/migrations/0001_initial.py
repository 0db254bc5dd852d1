"""Redirect joins core; its table keeps the name articles_redirect."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0010_commentary_public_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is already there, made by the articles app.
            state_operations=[
                migrations.CreateModel(
                    name='Redirect',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('old_path', models.CharField(help_text='A path on this site, e.g. /commentaries/old-title/.', max_length=300, unique=True, verbose_name='old address')),
                        ('new_path', models.CharField(help_text='Where to send readers, e.g. /commentaries/new-title/.', max_length=300, verbose_name='new address')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'db_table': 'articles_redirect',
                        'ordering': ['old_path'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('old_path__startswith', '/'), ('new_path__startswith', '/')), name='articles_redirect_site_paths'), models.CheckConstraint(condition=models.Q(('old_path', models.F('new_path')), _negated=True), name='articles_redirect_not_to_itself')],
                    },
                ),
            ],
        ),
    ]
