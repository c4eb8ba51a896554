"""Link previews: every question page has its own title and description metadata."""

from __future__ import annotations

from sitemap import HEAD_METADATA


def _meta(soup, attr: str, name: str) -> str | None:
    tag = soup.find("meta", attrs={attr: name})
    return tag["content"] if tag else None


def test_question_pages_have_their_own_preview_metadata(sitemap):
    seen_titles, seen_descriptions, descriptions = set(), set(), []
    for question in sitemap.questions:
        soup = sitemap.soup(question.url, only=HEAD_METADATA)
        where = question.url
        title = _meta(soup, "property", "og:title")
        description = _meta(soup, "property", "og:description")
        assert title == question.title, where
        assert soup.title.get_text().startswith(question.title), where
        assert description and description == _meta(soup, "name", "description"), where
        assert _meta(soup, "name", "twitter:title") == title, where
        assert _meta(soup, "name", "twitter:description") == description, where
        assert _meta(soup, "name", "twitter:card") == "summary", where
        assert _meta(soup, "property", "og:type") == "article", where
        canonical = soup.find("link", rel="canonical")["href"]
        assert _meta(soup, "property", "og:url") == canonical and canonical.endswith(question.url), where
        seen_titles.add(title)
        seen_descriptions.add(description)
        descriptions.append(description)
    assert len(seen_titles) == len(sitemap.questions), "question titles are not unique"
    duplicates = sorted({d for d in seen_descriptions if descriptions.count(d) > 1})
    assert not duplicates, f"questions share a description (link previews would look alike): {duplicates}"
