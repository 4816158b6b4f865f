from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and awards")

    def ready(self):
        import pagecache
        from members.sections import register_member_page_section
        from pagecache import versions

        from .member_page import TEMPLATE_NAME, member_projects_context, participation_changed
        from .models import Award, AwardingBody, Project

        pagecache.watch(self)
        versions.track(Award, Project, AwardingBody)  # the home page's award counts (`public_counts()`)
        pagecache.narrow(Project.participants.through, participation_changed)
        register_member_page_section(name="projects", template_name=TEMPLATE_NAME, context=member_projects_context)
