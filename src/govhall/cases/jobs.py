"""The cases app's periodic jobs (declared in CasesConfig.periodic_jobs)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from govhall.cases.services import cases_auto_accept


def auto_accept() -> str:
    """视为受理: applications left unanswered for five working days count as accepted (Art. 32)."""
    return _("逾期未告知、视为受理的申请 %(count)d 件。") % {"count": cases_auto_accept()}
