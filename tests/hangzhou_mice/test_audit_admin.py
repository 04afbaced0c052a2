from django.urls import reverse

from hangzhou_mice.models import AuditEntry


def test_audit_log_is_read_only_even_for_superusers(admin_client):
    entry = AuditEntry.objects.create(action="export", subject="7")
    change_url = reverse("admin:hangzhou_mice_auditentry_change", args=[entry.pk])
    delete_url = reverse("admin:hangzhou_mice_auditentry_delete", args=[entry.pk])

    changelist = admin_client.get(reverse("admin:hangzhou_mice_auditentry_changelist"))
    add = admin_client.get(reverse("admin:hangzhou_mice_auditentry_add"))
    change = admin_client.post(change_url, {"action": "nothing", "subject": "7"})
    delete = admin_client.post(delete_url, {"post": "yes"})

    assert changelist.status_code == 200
    assert (add.status_code, change.status_code, delete.status_code) == (403,) * 3
    assert AuditEntry.objects.get().action == "export"
