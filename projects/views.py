"""Public pages: the project list with its filters, and a project's page."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from members.models import Member

from .filters import ProjectFilter
from .models import Award, Project


def awards_with_bodies() -> Prefetch:
    return Prefetch("awards", queryset=Award.objects.select_related("body").chronological())


class ProjectListView(ListView):
    paginate_by = 25
    template_name = "projects/project_list.html"

    def get_queryset(self):
        projects = Project.objects.public().select_related("theme").prefetch_related(awards_with_bodies())
        self.filterset = ProjectFilter(self.request.GET or None, queryset=projects, request=self.request)
        return self.filterset.qs.order_by("-first_year", "title_ru", "title_en", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset.add_counts()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, filter_query=query.urlencode())
        return context


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        # Only members the public may see are shown, the lead among them; the others are left out entirely.
        public_members = Member.objects.public()
        return (
            Project.objects.public()
            .select_related("theme")
            .prefetch_related(
                Prefetch("participants", queryset=public_members, to_attr="public_participants"),
                awards_with_bodies(),
            )
        )

    def get_object(self, queryset=None):
        project = super().get_object(queryset)
        # The lead first, then the others by their name in the page's language.
        project.public_participants.sort(key=lambda member: (member.pk != project.lead_id, member.name.casefold()))
        return project
