"""Text from YAML stays text in every context a page shows it."""

from __future__ import annotations

from html import unescape

import markdown
import pytest

from generator.render.environment import relative
from generator.render.safe import closed, inline, title
from generator.render.safe import markdown as render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "{ onclick=alert(1) }",
    "{: onclick=alert(1) }",
    '--8<-- "/etc/passwd"',
    "{{ config.site_name }}",
    "{% include 'x' %}",
    "*emph* `code` ![i](https://x/i.png)",
    "</title><script>alert(1)</script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_text_survives_markdown_as_literal_text(text: str) -> None:
    html = markdown.markdown(f"### {inline(text)} {{ #anchor }}", extensions=["attr_list"])
    assert "<script" not in html and "onerror" not in html.replace("onerror&#61;", "")
    assert "<a " not in html and "<em>" not in html and "<code>" not in html
    assert "onclick=" not in html
    assert 'id="anchor"' in html


def test_inline_keeps_letters_and_spaces_readable() -> None:
    assert inline("Café au lait, 42") == "Café au lait, 42"


@pytest.mark.parametrize("text", HOSTILE)
def test_titles_cannot_open_a_tag_or_close_an_attribute(text: str) -> None:
    shown = title(text)
    assert not set(shown) & set('<>"&`{}')


def test_markdown_fields_render_markdown_but_no_raw_html() -> None:
    html = render_markdown("**bold** and <b onclick=x>raw</b>\n\n<script>alert(1)</script>")
    assert "<strong>bold</strong>" in html
    assert "&lt;b onclick=x&gt;raw&lt;/b&gt;" in html
    assert "<script" not in html


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "vbscript:x",
     " javascript:alert(1)", "file:///etc/passwd", "//evil.example/x"],
)  # fmt: skip
def test_markdown_fields_drop_unsafe_links(link: str) -> None:
    html = render_markdown(f"[x]({link}) ![i]({link})")
    assert "href" not in html and "src" not in html


def test_markdown_fields_keep_safe_links_without_referrer() -> None:
    html = render_markdown("[a](https://example.org/x) [b](mailto:cx@example.org) [c](../silos/)")
    assert html.count("<a ") == 3
    assert 'rel="noopener noreferrer nofollow"' in html


def test_markdown_fields_never_carry_template_syntax() -> None:
    assert "{{" not in render_markdown("{{ config }} {% raw %}")


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("silos/digital/", "journeys/open/", "../../silos/digital/"),
        ("", "journeys/open/", "../../"),
        ("journeys/open/#compare", "journeys/open/", "./#compare"),
        ("journeys/", "", "journeys/"),
        ("reports/data-gaps/", "reports/pain-points/", "../data-gaps/"),
        ("schema/journey.schema.json", "reference/format/", "../../schema/journey.schema.json"),
        ("catalog.json", "", "catalog.json"),
        (
            "https://example.org/edit/main/x.yaml",
            "journeys/x/",
            "https://example.org/edit/main/x.yaml",
        ),
    ],
)
def test_relative_links(target: str, page: str, expected: str) -> None:
    assert relative(target, page) == expected


@pytest.mark.parametrize("space", ["\n", "\n\n    ", "\r\n", "\t", "\u2028", "\x85", "\u00a0"])
def test_inline_text_with_any_space_stays_one_heading(space: str) -> None:
    html = markdown.markdown(
        f"### {inline(f'Open{space}account')} {{ #anchor }}\n\nNext", extensions=["attr_list"]
    )
    heading, rest = html.split("</h3>")
    assert heading.startswith('<h3 id="anchor">Open') and heading.endswith("account")
    assert rest == "\n<p>Next</p>"


def test_markdown_field_headings_start_below_the_heading_they_sit_under() -> None:
    text = "# Why\n\n## How\n\n###### Note"
    assert render_markdown(text).count("<h") == 3
    assert "<h2>Why</h2>" in render_markdown(text)
    assert "<h3>How</h3>" in render_markdown(text)
    assert "<h5>Why</h5>" in render_markdown(text, under=4)
    assert "<h6>How</h6>" in render_markdown(text, under=4)
    assert "<h6>Note</h6>" in render_markdown(text, under=4)


RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Open account", "Open account"),
        ("\u05e4\u05ea\u05d9\u05d7\u05d4 \u0641\u062a\u062d \u200f!", "\u05e4\u05ea\u05d9\u05d7\u05d4 \u0641\u062a\u062d \u200f!"),
        (f"fee{RLO}gnp.exe", f"fee{RLO}gnp.exe{PDF}"),
        (f"{RLI}a\u202ab", f"{RLI}a\u202ab{PDF}{PDI}"),
        (f"{RLO}a{PDF} b", f"{RLO}a{PDF} b"),
        (f"{RLI}{RLO}a{PDI}", f"{RLI}{RLO}a{PDI}"),
        (f"{PDF}{PDI}a{RLO}", f"{PDF}{PDI}a{RLO}{PDF}"),
    ],
)  # fmt: skip
def test_a_text_closes_the_bidirectional_embeddings_it_opens(text: str, shown: str) -> None:
    assert closed(text) == shown
    assert title(text) == shown
    assert unescape(inline(text)) == shown
