"""The admin's login posts: refusals before any work, a slot around the rest."""

from django.urls import reverse

from hangzhou_mice.clientip import client_ip

from .attempts import attempted_username
from .ceiling import ceiling_ends
from .devices import known, presented, remember
from .locks import Locks, marked
from .pages import busy, locked_out, over_ceiling
from .slots import password_check_slot


class LockedClientMiddleware:
    """Refuse a login post that a lock's mark or the site-wide ceiling
    refuses before the login view, the form, a query or a password hash; run
    the others in a password-check slot; remember a successful login's device.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = None

    def __call__(self, request):
        if request.method != "POST" or not self.is_login(request):
            return self.get_response(request)
        if refused := refuse_early(request):
            return refused
        if not request.POST.get("password"):  # the form refuses it: no hash
            return self.get_response(request)
        with password_check_slot() as slot:
            if slot is None:
                return busy(request)
            response = self.get_response(request)
        remember(request, response, path=self.login_path)
        return response

    def is_login(self, request):
        if self.login_path is None:
            self.login_path = reverse("admin:login")
        return request.path == self.login_path


def refuse_early(request):
    """The answer to a login post before any password is checked, if any."""
    username = attempted_username(request)
    locks = marked(client_ip(request), username)
    if locks.address and presented(request):
        locks = Locks(user=locks.user)  # axes decides, with the cookie checked
    if locks.ends:
        request.login_locks = locks
        return locked_out(request)
    if (ends := ceiling_ends()) and not known(request, username):
        return over_ceiling(request, ends)
    return None
