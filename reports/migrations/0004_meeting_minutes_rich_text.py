"""Minutes were plain text, typed in the admin and printed escaped; they are now rich-but-safe text
(sanitised HTML, see reports.rich_text), printed as stored. This turns each old text into
paragraphs, escaping any "<" in it, so the minutes read exactly as they were printed before."""

import html
import re

import nh3
from django.db import migrations

TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "a", "h3", "h4"}


def plain_to_html(text):
    """A copy of reports.rich_text.plain_to_html as it was when this migration was written."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    parts = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{html.escape(line[2:].strip())}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    return "".join(parts)


def minutes_to_html(apps, schema_editor):
    AgendaItem = apps.get_model("reports", "AgendaItem")
    for item in AgendaItem.objects.exclude(minutes=""):
        item.minutes = nh3.clean(
            plain_to_html(item.minutes), tags=TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}
        ).strip()
        item.save(update_fields=["minutes"])


def minutes_to_text(apps, schema_editor):
    AgendaItem = apps.get_model("reports", "AgendaItem")
    for item in AgendaItem.objects.exclude(minutes=""):
        text = re.sub(r"</p>\s*|<br\s*/?>", "\n", item.minutes)
        text = re.sub(r"<li>", "- ", text)
        text = re.sub(r"</li>", "\n", text)
        item.minutes = html.unescape(nh3.clean(text, tags=set())).strip()
        item.save(update_fields=["minutes"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_reports13_scrutiny_composition_meetings")]

    operations = [migrations.RunPython(minutes_to_html, minutes_to_text)]
