from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        import pagecache
        from members import admin_search, page_cache
        from members.tallies import PeriodDayTally
        from pagecache import versions

        admin_search.install()

        pagecache.watch(self)
        page_cache.narrow_member_writes()
        versions.track(PeriodDayTally)  # the home page's chart of the years joined and left
