"""Registration numbers stored as typed («2345678-0», «923 609 016») become stdnum's compact form.

Since then `Member.clean()` and the import store every number compact (members/registration.py); rows
saved before, or loaded around clean(), may hold the typed form. A number that is not valid for its
country, or whose compact form another member of that country already holds, is left as it is (the
admin shows it, and its owner corrects it). Backwards there is nothing to undo: the typed form is not kept.
"""

from django.core.exceptions import ValidationError
from django.db import migrations

from members.registration import normalise_registration_number


def compact_numbers(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    rows = Member.objects.exclude(registration_number="").values_list("pk", "country", "registration_number")
    taken = {(country, number) for _pk, country, number in rows}
    for pk, country, number in rows:
        try:
            compact = normalise_registration_number(country, number)
        except ValidationError:
            continue
        if compact != number and (country, compact) not in taken:
            Member.objects.filter(pk=pk).update(registration_number=compact)
            taken.add((country, compact))


class Migration(migrations.Migration):
    dependencies = [("members", "0007_importrun")]

    operations = [migrations.RunPython(compact_numbers, migrations.RunPython.noop)]
