"""A ticket's phone (for the SMS reminder) is stored encrypted and masked, like applicants' phones;
the phones already stored in plain text are encrypted on the way."""

from django.db import migrations, models

from govhall.core.personal_data import mask_phone, seal, unseal

BATCH = 1000


def _rewrite(queryset, fields, change):
    batch = []
    for row in queryset.order_by("pk").iterator(chunk_size=BATCH):
        change(row)
        batch.append(row)
        if len(batch) == BATCH:
            queryset.model.objects.bulk_update(batch, fields)
            batch = []
    queryset.model.objects.bulk_update(batch, fields)


def _seal(ticket):
    ticket.phone_sealed = seal(ticket.phone)
    ticket.phone_masked = mask_phone(ticket.phone)


def _unseal(ticket):
    ticket.phone = unseal(ticket.phone_sealed)


def seal_phones(apps, schema_editor):
    tickets = apps.get_model("queueing", "Ticket").objects.exclude(phone="").only("pk", "phone")
    _rewrite(tickets, ["phone_sealed", "phone_masked"], _seal)


def unseal_phones(apps, schema_editor):
    tickets = apps.get_model("queueing", "Ticket").objects.exclude(phone_sealed="").only("pk", "phone_sealed")
    _rewrite(tickets, ["phone"], _unseal)


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="phone_sealed",
            field=models.TextField(blank=True, editable=False, verbose_name="手机号（加密）"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="phone_masked",
            field=models.CharField(blank=True, max_length=20, verbose_name="手机号（脱敏）"),
        ),
        migrations.RunPython(seal_phones, unseal_phones),
        migrations.RemoveField(model_name="ticket", name="phone"),
    ]
