"""A channel is a national code of one or two characters (see 0002)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_national_codes"),
    ]

    operations = [
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
                max_length=2,
                verbose_name="评价渠道",
            ),
        ),
    ]
