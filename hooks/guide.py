"""MkDocs hooks: a thin dispatcher to studyguide.site.build.GuideBuild (see there for what each does).

One object holds all state between events and resets it on each on_config.
Priority 100 runs these before the plugins: the generated nav and redirects must be
in place before mkdocs-redirects reads them, and the notebooks must be files before
mkdocs-jupyter looks for pages.
"""

from mkdocs.plugins import event_priority

from studyguide.site.build import GuideBuild

build = GuideBuild()


def on_startup(command, dirty):
    build.startup(command)


@event_priority(100)
def on_config(config):
    return build.configure(config)


@event_priority(100)
def on_files(files, config):
    return build.add_files(files, config)


def on_page_content(html, page, config, files):
    return build.page_content(html, page, config, files)


def on_post_page(output, page, config):
    return build.post_page(output, page, config)


def on_post_build(config):
    build.post_build(config)
