"""Staff screens for the chairmanship, the board, affiliations and documents."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from members.admin_base import AdminWords, CountryPresentFilter, RegistryAdminMixin

from .forms import ChairTermForm
from .models import Affiliation, BoardSeat, ChairTerm, Document, month_label
from .services import chair_term_save


@admin.register(ChairTerm)
class ChairTermAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "chairmanship term"), _("another chairmanship term"))
    form = ChairTermForm
    list_display = ["country", "first", "last", "member", "person"]
    list_filter = [CountryPresentFilter]
    list_select_related = ["member"]
    search_fields = ["person", "notes_ru", "notes_en", "member__search_text__contains"]
    autocomplete_fields = ["member"]
    date_hierarchy = "first_month"

    @admin.display(description=_("first month"), ordering="first_month")
    def first(self, term):
        return month_label(term.first_month)

    @admin.display(description=_("last month"), ordering="last_month")
    def last(self, term):
        return month_label(term.last_month)

    def save_model(self, request, obj, form, change):
        # The form has shown any overlap already; the service checks again inside the write's
        # transaction, where a term saved meanwhile by someone else is seen.
        chair_term_save(term=obj)


@admin.register(BoardSeat)
class BoardSeatAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "board seat"), _("another board seat"))
    list_display = ["person", "role", "member", "country", "started_on", "ended_on"]
    list_filter = ["role", CountryPresentFilter]
    list_select_related = ["member"]
    search_fields = ["person", "member__search_text__contains"]
    autocomplete_fields = ["member"]


@admin.register(Affiliation)
class AffiliationAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "affiliation"), _("another affiliation"))
    list_display = ["name_ru", "name_en", "year_joined"]
    search_fields = ["name_ru", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Document)
class DocumentAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "document"), _("another document"))
    list_display = ["title_ru", "doc_type", "number", "date", "date_precision"]
    list_filter = ["doc_type"]
    search_fields = ["title_ru", "title_en", "number", "parties_ru", "parties_en", "occasion_ru", "occasion_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["doc_type", "number", "title_ru", "title_en", "slug"]}),
        (_("When"), {"fields": ["date", "date_precision", "occasion_ru", "occasion_en"]}),
        (_("Parties"), {"fields": ["parties_ru", "parties_en"]}),
        (_("Text"), {"fields": ["link", "file"]}),
    ]
