import datetime

from django.db import migrations, models

from hangzhou_mice import registry

LONG_PAST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def mark_moment_passed(apps, schema_editor):
    """A site with scheduled content gets a next moment long past, which its
    first request finds passed and computes; an empty one needs none."""
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    scheduled = [
        kind.model._meta.db_table
        for kind in registry.kinds()
        if kind.schedule and kind.model._meta.db_table in tables
    ]
    with connection.cursor() as cursor:
        for table in scheduled:
            cursor.execute(f"SELECT EXISTS (SELECT FROM {connection.ops.quote_name(table)})")  # noqa: S608
            if cursor.fetchone()[0]:
                site = apps.get_model("hangzhou_mice", "SiteChange")
                site.objects.filter(pk=1).update(next_moment=LONG_PAST)
                return


class Migration(migrations.Migration):
    dependencies = [
        ("hangzhou_mice", "0016_item_change"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitechange",
            name="next_moment",
            field=models.DateTimeField(null=True, verbose_name="next scheduled change"),
        ),
        migrations.RunPython(mark_moment_passed, migrations.RunPython.noop),
    ]
