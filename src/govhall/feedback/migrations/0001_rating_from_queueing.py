"""The rating model moves here from the queueing app with its rows: the table is taken over as it is
(only the model's state is created here; queueing 0002 removes its own) and renamed feedback_rating."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("queueing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Rating",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "level",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (5, "非常满意"),
                                    (4, "满意"),
                                    (3, "基本满意"),
                                    (2, "不满意"),
                                    (1, "非常不满意"),
                                ],
                                verbose_name="评价等级",
                            ),
                        ),
                        ("reasons", models.JSONField(blank=True, default=list, verbose_name="差评原因")),
                        ("comment", models.CharField(blank=True, max_length=300, verbose_name="意见")),
                        (
                            "channel",
                            models.CharField(
                                choices=[("hall_pad", "政务大厅平板电脑")],
                                max_length=12,
                                verbose_name="评价渠道",
                            ),
                        ),
                        (
                            "rated_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="评价时间"),
                        ),
                        (
                            "clerk",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.staffprofile",
                                verbose_name="办理人员",
                            ),
                        ),
                        (
                            "device",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="queueing.device",
                                verbose_name="评价设备",
                            ),
                        ),
                        (
                            "window",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.window",
                                verbose_name="窗口",
                            ),
                        ),
                        (
                            "ticket",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="rating",
                                to="queueing.ticket",
                                verbose_name="排队号",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "服务评价",
                        "verbose_name_plural": "服务评价",
                        "ordering": ["-rated_at"],
                        "db_table": "queueing_rating",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="rating", table=None),
    ]
