from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_rosterexportjob"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="chinese_job_title",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Shown on Chinese pages; the job title above is shown on "
                    "English ones, and each stands in for the other when it is "
                    "empty."
                ),
                max_length=200,
                verbose_name="job title in Chinese",
            ),
        ),
    ]
