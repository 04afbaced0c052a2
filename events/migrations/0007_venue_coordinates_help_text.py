import django.core.validators
from django.db import migrations, models

COORDINATES_HELP = (
    "WGS-84 degrees (GPS), as OpenStreetMap shows them. Do not copy coordinates "
    "from Amap or Baidu Maps: theirs are shifted by several hundred metres."
)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_participant_chinese_job_title"),
    ]

    operations = [
        migrations.AlterField(
            model_name="venue",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text=COORDINATES_HELP,
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-90),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text=COORDINATES_HELP,
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-180),
                    django.core.validators.MaxValueValidator(180),
                ],
                verbose_name="longitude",
            ),
        ),
    ]
