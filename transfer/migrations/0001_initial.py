"""WordPressPost joins transfer; its table keeps the name articles_wordpresspost."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0011_models_move_out'),
        ('images', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is already there, made by the articles app.
            state_operations=[
                migrations.CreateModel(
                    name='WordPressPost',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('site', models.CharField(help_text="The WordPress site's address (base_blog_url).", max_length=300)),
                        ('wordpress_id', models.PositiveBigIntegerField(verbose_name='WordPress post ID')),
                        ('post_type', models.CharField(help_text='post or attachment.', max_length=40)),
                        ('guid', models.CharField(blank=True, max_length=1000, verbose_name='GUID')),
                        ('link', models.CharField(blank=True, help_text="The permalink on the old site, or the file's URL for an image.", max_length=1000, verbose_name='old address')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('commentary', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='wordpress_post', to='articles.commentary')),
                        ('image', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='wordpress_post', to='images.image')),
                    ],
                    options={
                        'verbose_name': 'WordPress post',
                        'db_table': 'articles_wordpresspost',
                        'ordering': ['site', 'wordpress_id'],
                        'constraints': [models.UniqueConstraint(fields=('site', 'wordpress_id'), name='articles_wordpresspost_site_id_unique'), models.CheckConstraint(condition=models.Q(models.Q(('commentary__isnull', False), ('image__isnull', True)), models.Q(('commentary__isnull', True), ('image__isnull', False)), _connector='OR'), name='articles_wordpresspost_commentary_xor_image')],
                    },
                ),
            ],
        ),
    ]
