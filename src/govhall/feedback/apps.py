from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "govhall.feedback"
    label = "feedback"
    verbose_name = _("好差评")

    queue_statistics_figures = "govhall.feedback.selectors.hall_satisfaction"
    """The satisfaction of the tickets served, added to the queue statistics (排队统计)."""
