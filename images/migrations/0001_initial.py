"""Image joins images; its table keeps the name articles_image."""

import django.core.validators
import django.db.models.deletion
import images.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0010_commentary_public_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is already there, made by the articles app.
            state_operations=[
                migrations.CreateModel(
                    name='Image',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.ImageField(blank=True, height_field='height', help_text='JPEG, PNG, GIF or WebP.', upload_to='images/%Y/%m/', validators=[images.validators.validate_image_file], width_field='width')),
                        ('width', models.PositiveIntegerField(editable=False, null=True)),
                        ('height', models.PositiveIntegerField(editable=False, null=True)),
                        ('alt_text', models.CharField(blank=True, help_text='What the image shows, for people who cannot see it. Required unless the image is decorative.', max_length=300)),
                        ('is_decorative', models.BooleanField(default=False, help_text='Tick only if the image adds nothing to the text; screen readers will skip it.', verbose_name='decorative')),
                        ('caption', models.TextField(blank=True)),
                        ('credit', models.CharField(help_text='Who made or owns the image, in any script, e.g. 内閣官房内閣広報室.', max_length=500)),
                        ('source_url', models.URLField(blank=True, help_text='Where the image comes from, linked from the credit line.', max_length=1000, validators=[django.core.validators.URLValidator(message='Enter a web address starting with http:// or https://.', schemes=['http', 'https'])], verbose_name='source')),
                        ('licence', models.CharField(choices=[('cc-by', 'Creative Commons Attribution (CC BY)'), ('cc-by-sa', 'Creative Commons Attribution-ShareAlike (CC BY-SA)'), ('cc-by-nd', 'Creative Commons Attribution-NoDerivs (CC BY-ND)'), ('cc-by-nc', 'Creative Commons Attribution-NonCommercial (CC BY-NC)'), ('cc-by-nc-sa', 'Creative Commons BY-NC-SA'), ('cc-by-nc-nd', 'Creative Commons BY-NC-ND'), ('cc0', 'Creative Commons Zero (CC0)'), ('public-domain', 'Public domain'), ('government', 'Government work'), ('permission', 'Used with permission'), ('all-rights-reserved', 'All rights reserved')], default='all-rights-reserved', max_length=30)),
                        ('renditions', models.JSONField(blank=True, default=list, editable=False, help_text='Resized copies for readers (see images.renditions).')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_image',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('credit', ''), _negated=True), name='articles_image_credit_required'), models.CheckConstraint(condition=models.Q(('is_decorative', True), models.Q(('alt_text', ''), _negated=True), ('file', ''), _connector='OR'), name='articles_image_alt_or_decorative'), models.CheckConstraint(condition=models.Q(('source_url', ''), ('source_url__istartswith', 'http://'), ('source_url__istartswith', 'https://'), _connector='OR'), name='articles_image_source_http')],
                    },
                ),
            ],
        ),
    ]
