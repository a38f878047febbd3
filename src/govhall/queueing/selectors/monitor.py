"""Which centre, windows, queues and tickets a supervising user may look at.

Everything here narrows by :func:`govhall.org.selectors.access_scope_for`: centre-wide roles see
their centre and its sub-centres (and choose one), department-scoped roles (首席代表) see only
their department's windows and the queues serving it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from govhall.org.models import Centre, Window
from govhall.org.selectors import AccessScope, staff_profile_of
from govhall.queueing.models import Queue, Ticket


def centre_choices(scope: AccessScope) -> QuerySet[Centre]:
    return Centre.objects.filter(pk__in=scope.centre_ids, is_active=True).order_by("code")


def chosen_centre(*, user: AbstractBaseUser | AnonymousUser, scope: AccessScope, code: str) -> Centre:
    """The centre asked for by code, else the user's own, else the first in scope; 404 outside the scope."""
    centres = centre_choices(scope)
    if code:
        centre = centres.filter(code=code).first()
        if centre is None:
            raise Http404(_("没有这个中心，或您无权查看该中心。"))
        return centre
    profile = staff_profile_of(user)
    own = centres.filter(pk=profile.centre_id).first() if profile is not None else None
    centre = own or centres.first()
    if centre is None:
        raise Http404(_("您没有可查看的中心。"))
    return centre


def windows_in_scope(scope: AccessScope, centre: Centre) -> QuerySet[Window]:
    return scope.filter(Window.objects.filter(centre=centre, is_active=True)).select_related("department")


def queues_in_scope(scope: AccessScope, centre: Centre) -> QuerySet[Queue]:
    """The centre's queues; a department-scoped user sees the queues serving their department or windows."""
    queues = Queue.objects.filter(centre=centre, is_active=True)
    if scope.is_empty or centre.pk not in scope.centre_ids:
        return queues.none()
    if scope.department_ids is None:
        return queues
    serving = Queue.objects.filter(
        Q(departments__in=scope.department_ids) | Q(window_links__window__department__in=scope.department_ids)
    ).values("pk")
    return queues.filter(pk__in=serving)


def tickets_in_scope(scope: AccessScope) -> QuerySet[Ticket]:
    """Tickets the user may see: all of their centres, or, for a department, the tickets its windows
    called and the not-yet-called tickets of the queues serving it."""
    tickets = Ticket.objects.all()
    if scope.is_empty:
        return tickets.none()
    tickets = tickets.filter(centre__in=scope.centre_ids)
    if scope.department_ids is None:
        return tickets
    department_queues = Queue.objects.filter(departments__in=scope.department_ids).values("pk")
    return tickets.filter(
        Q(window__department__in=scope.department_ids) | Q(window__isnull=True, queue__in=department_queues)
    )
