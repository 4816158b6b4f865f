"""Open data for people and search engines: the /open-data/ page, sitemap.xml and robots.txt.

`sitemap.xml` lists every public page in both languages, each with its `hreflang` alternates: the
site's own pages, every public member (published and current today) and every published project.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from members.models import Member
from projects.models import Project


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return ["home", "members:member-list", "governance:overview", "projects:project-list", "open-data"]

    def location(self, item):
        return reverse(item)


class MemberSitemap(BilingualSitemap):
    priority = 0.6

    def items(self):
        return Member.objects.public().only("pk", "slug", "updated_at").order_by("slug")

    def lastmod(self, member):
        return member.updated_at


class ProjectSitemap(BilingualSitemap):
    priority = 0.5

    def items(self):
        return Project.objects.public().only("pk", "slug").order_by("slug")


SITEMAPS = {"pages": PagesSitemap, "members": MemberSitemap, "projects": ProjectSitemap}


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class OpenDataView(TemplateView):
    """`/open-data/`: what the registry publishes, under which licence, the API and the downloads."""

    template_name = "open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        api_root = self.request.build_absolute_uri(reverse("api:api-root"))
        context.update(
            licence=settings.OPEN_DATA_LICENCE,
            api_root=api_root,
            api_docs=self.request.build_absolute_uri(reverse("api:api-docs")),
            api_schema=self.request.build_absolute_uri(reverse("api:api-schema")),
            examples=[
                api_root + "members/?country=FI&ordering=-headcount",
                api_root + "members/?sector=energy-efficiency&page_size=100",
                api_root + "figures/?on=2018-01-01",
                api_root + "projects/",
            ],
        )
        return context
