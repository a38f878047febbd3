"""Public, printable PDFs of an item's published version (no login: the guide is public)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from govhall.catalog.documents.guide import guide_pdf, notification_pdf
from govhall.catalog.models import ItemVersion
from govhall.catalog.selectors import guide_version
from govhall.core.pdf import pdf_response

Renderer = Callable[..., bytes]


def _published_or_404(item_id: int) -> ItemVersion:
    """The live version, as the public guide shows it: published, at an active centre."""
    version = guide_version(item_id=item_id)
    if version is None:
        raise Http404(_("该事项不存在或尚未发布。"))
    return version


def _guide_url(request: HttpRequest) -> str:
    """The absolute address of the item's guide page, /guide/<id>/, the folder this PDF is in."""
    return request.build_absolute_uri("./")


def _pdf_response(
    request: HttpRequest, item_id: int, renderer: Renderer, kind: str, title: str
) -> HttpResponse:
    version = _published_or_404(item_id)
    content = renderer(version, guide_url=_guide_url(request))
    code = version.item.implementation_code
    return pdf_response(content, ascii_name=f"{kind}-{code}.pdf", name=f"{title}-{version.name}.pdf")


@require_safe
def notice_pdf(request: HttpRequest, item_id: int) -> HttpResponse:
    """一次性告知单 of the item's published version."""
    return _pdf_response(request, item_id, notification_pdf, "notice", _("一次性告知单"))


@require_safe
def guide_pdf_view(request: HttpRequest, item_id: int) -> HttpResponse:
    """办事指南 (八公开) of the item's published version."""
    return _pdf_response(request, item_id, guide_pdf, "guide", _("办事指南"))
