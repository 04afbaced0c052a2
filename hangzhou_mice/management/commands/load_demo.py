import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.demo import load_articles

CREDENTIALS_FILE = "demo-admin-password"


class Command(BaseCommand):
    help = "Load the demo content and the demo admin user (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = load_articles()
            password = self.ensure_admin()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {count} articles."))
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {password}"
        )

    def ensure_admin(self):
        """Create the demo superuser; return the password to log in with."""
        password = self.demo_password()
        user, created = get_user_model().objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        return password

    def demo_password(self):
        """DEMO_ADMIN_PASSWORD if set, else one generated once and kept in var/."""
        from_env = settings.DEMO_ADMIN_PASSWORD
        if from_env:
            return from_env
        path = settings.BASE_DIR / "var" / CREDENTIALS_FILE
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(12)
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password
