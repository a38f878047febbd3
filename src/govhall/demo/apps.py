from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Project-level commands: the demo hall and the all-in-one server. Nothing depends on it."""

    name = "govhall.demo"
    label = "demo"
    verbose_name = _("演示大厅")
