"""Ratings keep the national codes: a level is its GB/T 39046 满意度 code (1 非常满意 … 5 非常不满意,
the reverse of the order stored before) and the pad's channel is 4 (政务大厅平板电脑). The content
type of the moved model (and so its permissions) follows it to this app. The channel column is
narrowed in 0003, in a transaction of its own: PostgreSQL alters no table with updated rows pending
their constraint checks."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F, Value

PAD_CHANNEL = ("hall_pad", "4")


def _reverse_levels(apps: StateApps) -> None:
    """Codes 1–5 in the other order: 6 − level (its own inverse)."""
    Rating = apps.get_model("feedback", "Rating")
    Rating.objects.update(level=Value(6) - F("level"))


def to_national_codes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _reverse_levels(apps)
    Rating = apps.get_model("feedback", "Rating")
    Rating.objects.filter(channel=PAD_CHANNEL[0]).update(channel=PAD_CHANNEL[1])
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="feedback", model="rating").exists():
        ContentType.objects.filter(app_label="queueing", model="rating").update(app_label="feedback")


def to_former_codes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _reverse_levels(apps)
    Rating = apps.get_model("feedback", "Rating")
    Rating.objects.filter(channel=PAD_CHANNEL[1]).update(channel=PAD_CHANNEL[0])
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="queueing", model="rating").exists():
        ContentType.objects.filter(app_label="feedback", model="rating").update(app_label="queueing")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("feedback", "0001_rating_from_queueing"),
    ]

    operations = [
        migrations.RunPython(to_national_codes, to_former_codes),
        migrations.AlterField(
            model_name="rating",
            name="level",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "非常满意"), (2, "满意"), (3, "基本满意"), (4, "不满意"), (5, "非常不满意")],
                verbose_name="满意度",
            ),
        ),
        migrations.AlterField(
            model_name="rating",
            name="channel",
            field=models.CharField(
                choices=[
                    ("1", "PC端"),
                    ("2", "移动端"),
                    ("3", "二维码"),
                    ("4", "政务大厅平板电脑"),
                    ("5", "政务大厅其他终端"),
                    ("6", "电话"),
                    ("7", "短信"),
                ],
                max_length=12,
                verbose_name="评价渠道",
            ),
        ),
    ]
