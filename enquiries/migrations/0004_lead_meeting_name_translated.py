from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0003_contributions_to_leads"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="meeting_name_translated",
            field=models.CharField(
                blank=True,
                help_text=(
                    "For the ambassador's profile: the name in Chinese if the one "
                    "above is in English, in English if it is in Chinese. A meeting "
                    "won with an event on this site shows the event's title instead."
                ),
                max_length=200,
                verbose_name="meeting name in the other language",
            ),
        ),
    ]
