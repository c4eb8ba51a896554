"""Names the site keeps for itself: no question slug or section id may take them."""

# Names a question's slug or a section's id may not take: a section's overview page
# (index), the pages of a long overview (page/<n>), and the site's own top-level
# folders and pages, including those of features being built (review, print_page, downloads).
RESERVED_SLUGS = frozenset(
    ("index", "page", "q", "tags", "glossary", "notebooks", "assets", "search", "review", "print_page",
     "print-page", "downloads", "404", "sitemap", "performance")
)  # fmt: skip
