"""Check that every word the interface shows is marked for translation and translated."""

import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))

# Names and codes that read the same in every language.
ALLOWED = {"Agora", "UTC", "JSON", "CSV", "URL", "Markdown", "HTML", "PRO", "CON"}
TRANSLATED_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
_JINJA_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TAG_RE = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_ATTRIBUTE_RE = re.compile(rf"\b({'|'.join(TRANSLATED_ATTRIBUTES)})=\"([^\"]*)\"")
_ENTITY_RE = re.compile(r"&#?\w+;")
# A string literal inside {{ }} or {% %} that reads as words, outside _() and ngettext().
_STRING = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
_CALL_RE = re.compile(rf"\b(_|gettext|ngettext)\(\s*{_STRING}(?:\s*,\s*{_STRING})?")
_LITERAL_RE = re.compile(r"'([^']*)'|\"([^\"]*)\"")
# Shown words: a phrase, or one capitalised word ("Pro"); not "GET", "StringField" or "pro".
_SHOWN_RE = re.compile(r".*[A-Za-z].* .*[A-Za-z].*|[A-Z][a-z]+[.!?:]?")


def words(text: str) -> list[str]:
    """Return the runs of Latin letters in text, entities and allowed names aside."""
    return [word for word in re.findall(r"[A-Za-z]+", _ENTITY_RE.sub(" ", text))
            if word not in ALLOWED]


def unmarked(source: str) -> list[str]:
    """List the English a template shows that no _() or ngettext() wraps."""
    found = []
    for expression in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, re.S):
        bare = _CALL_RE.sub(r"\1(", expression)
        if re.match(r"\{%-?\s*(extends|include|import|from|block|macro|call)\b", bare):
            continue
        for match in _LITERAL_RE.finditer(bare):
            literal = match.group(1) if match.group(1) is not None else match.group(2)
            if words(literal) and _SHOWN_RE.fullmatch(literal.strip()):
                found.append(f"literal {literal!r} in {expression.strip()[:80]}")
    without_comments = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    for tag in _TAG_RE.findall(_JINJA_RE.sub(lambda m: m.group(0).replace(">", " "),
                                             without_comments)):
        for name, value in _ATTRIBUTE_RE.findall(tag):
            if words(_JINJA_RE.sub(" ", value)):
                found.append(f"{name}={value!r}")
    text = _TAG_RE.sub(" ", _JINJA_RE.sub(" ", without_comments))
    found += [f"text {line.strip()!r}" for line in text.splitlines() if words(line)]
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_template_string_is_marked_for_translation(template):
    assert unmarked(template.read_text(encoding="utf-8")) == []


def test_the_checker_finds_unmarked_text_attributes_and_literals():
    source = (
        '<p title="Shown">Hello {{ name }}</p>{{ _("Fine") }}'
        "{{ 'Yes' if ok else _('No') }}{% if kind == 'argument' %}{% endif %}"
        '<a href="{{ url_for(\'x\') }}" aria-label="{{ _(\'Marked\') }}">Agora</a>'
    )

    found = unmarked(source)

    assert found[:2] == ["literal 'Yes' in {{ 'Yes' if ok else _('No') }}", "title='Shown'"]
    assert len(found) == 3 and found[2].startswith("text 'Hello")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_catalogue_entry_is_translated_and_not_fuzzy(path):
    with path.open("rb") as file:
        catalogue = read_po(file)
    template = read_po((ROOT / "translations" / "messages.pot").open("rb"))
    missing = [
        message.id
        for message in template
        if message.id
        and catalogue.get(message.id if isinstance(message.id, str) else message.id[0]) is None
    ]
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == []
    assert untranslated == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_compiled_catalogue_matches_its_source(path):
    with path.open("rb") as file:
        catalogue = read_po(file)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    with path.with_suffix(".mo").open("rb") as file:
        committed = read_mo(file)
    fresh = read_mo(compiled)
    assert messages(committed) == messages(fresh)


def messages(catalogue) -> dict:
    """Map each message of a catalogue to its translation, plural forms as tuples."""
    return {
        tuple(m.id) if isinstance(m.id, list | tuple) else m.id: (
            tuple(m.string) if isinstance(m.string, list | tuple) else m.string
        )
        for m in catalogue
        if m.id
    }


def not_hidden(path: str) -> bool:
    """Look in every folder but hidden ones (.venv, .git), _macros and _partials included."""
    return not Path(path).name.startswith(".")


def test_the_catalogue_template_holds_every_marked_string():
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
    marked = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            ROOT, method_map, options_map, keywords, directory_filter=not_hidden
        )
    }
    with (ROOT / "translations" / "messages.pot").open("rb") as file:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}

    # Run `make translations` when this fails, and translate what it adds.
    assert sorted(marked - extracted) == []
    assert sorted(extracted - marked) == []
