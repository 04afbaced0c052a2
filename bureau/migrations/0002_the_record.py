from django.db import migrations


def create_the_record(apps, schema_editor):
    """The bureau's record, with its name: every page's footer reads it."""
    Bureau = apps.get_model("bureau", "Bureau")
    english = "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism"
    Bureau.objects.get_or_create(
        pk=1,
        defaults={
            "name": english,
            "name_en": english,
            "name_zh_hans": "杭州市文化广电旅游局",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("bureau", "0001_initial")]

    operations = [migrations.RunPython(create_the_record, migrations.RunPython.noop)]
