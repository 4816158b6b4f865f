"""The registry's revision and the public pages cached under it: see `pagecache.revision`.

The app at the bottom of the stack, beside `members`: it imports nothing of the project, and every app
whose rows the public pages show says so in its `AppConfig.ready()` with `pagecache.watch(self)`.
"""

from .decorators import cache_public_page
from .revision import bump, narrow, token, watch

__all__ = ["bump", "cache_public_page", "narrow", "token", "watch"]
# Heavy downloads and jobs: `pagecache.downloads.serve_download` and `pagecache.bounded.slot` (imported
# from their modules, which need the settings).
