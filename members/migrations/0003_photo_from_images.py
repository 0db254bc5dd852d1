"""A member's photo is an images.Image now (the same table, articles_image)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('images', '0001_initial'),
        ('members', '0002_default_categories'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The foreign key already points at articles_image.
            state_operations=[
                migrations.AlterField(
                    model_name='member',
                    name='photo',
                    field=models.ForeignKey(blank=True, help_text='A portrait with its credit.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='images.image'),
                ),
            ],
        ),
        migrations.AlterField(
            model_name='memberlink',
            name='url',
            field=models.URLField(max_length=500, validators=[django.core.validators.URLValidator(message='Enter a web address starting with http:// or https://.', schemes=['http', 'https'])]),
        ),
    ]
