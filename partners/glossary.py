"""Which of a partnership's acronyms a text uses, so pages and reports spell out only those."""

import re
from collections.abc import Iterable

from partners.models import GlossaryTerm


def terms_used(terms: Iterable[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    """The glossary terms whose acronym appears in the text as a whole word (case as written:
    "DA" the acronym, not "da" inside a word)."""
    return [term for term in terms if re.search(rf"(?<![\w&/]){re.escape(term.acronym)}(?![\w&/])", text)]
