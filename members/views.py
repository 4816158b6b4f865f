"""Public pages of the member directory."""

from django.views.generic import DetailView, ListView

from .models import Member


class MemberListView(ListView):
    paginate_by = 25
    template_name = "members/member_list.html"

    def get_queryset(self):
        return Member.objects.public().select_related("region").order_by("name_ru", "name_en", "pk")


class MemberDetailView(DetailView):
    template_name = "members/member_detail.html"

    def get_queryset(self):
        return Member.objects.public().select_related("region", "incubator").prefetch_related("sectors")
