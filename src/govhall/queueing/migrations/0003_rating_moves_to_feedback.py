"""The rating model now belongs to the feedback app, which took over its table (feedback 0001):
only the model's state is removed here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0002_ticket_phone_sealed"),
        ("feedback", "0001_rating_from_queueing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Rating")],
            database_operations=[],
        ),
    ]
