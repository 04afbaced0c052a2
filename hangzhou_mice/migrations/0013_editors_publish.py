"""Editors keep publishing: review before publishing (workflow.py) gives
publishing to the Publisher role, and an Editor writes and reviews; every
Editor becomes a Publisher too, so nobody loses a step on upgrade. The roles'
permissions are set after migrate (roles.sync_roles)."""

from django.db import migrations


def editors_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name="Editor").first()
    if editors is None:
        return
    publishers, _created = Group.objects.get_or_create(name="Publisher")
    publishers.user_set.add(*editors.user_set.all())


class Migration(migrations.Migration):
    dependencies = [
        ("hangzhou_mice", "0012_search_document_per_language"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(editors_publish, migrations.RunPython.noop)]
