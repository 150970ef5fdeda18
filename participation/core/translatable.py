"""Content stored in the database in German with optional translations per language."""

from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

SOURCE_LANGUAGE = "de"


class Translatable:
    """Mixin: German text lives in the columns, other languages in `translations`."""

    #: {"en": {"title": "...", "intro": "..."}}: one entry per language and translated column.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)

    def text_in(self, field: str, language: str) -> tuple[str, str]:
        """Return (text, language of that text), falling back to the German original."""
        original = getattr(self, field) or ""
        if language != SOURCE_LANGUAGE:
            translated = (self.translations or {}).get(language, {}).get(field)
            if translated:
                return translated, language
        return original, SOURCE_LANGUAGE


def localized(obj: Translatable, field: str, inline: bool = True) -> Markup:
    """Render a translatable field for the current locale, marking a German fallback with lang="de"."""
    language = str(get_locale() or SOURCE_LANGUAGE)
    text, text_language = obj.text_in(field, language)
    if text_language == language:
        return escape(text)
    tag = "span" if inline else "div"
    return Markup(f'<{tag} lang="{text_language}">{escape(text)}</{tag}>')


def localized_text(obj: Translatable, field: str) -> str:
    """Plain text of a translatable field for the current locale (for attributes and titles)."""
    return obj.text_in(field, str(get_locale() or SOURCE_LANGUAGE))[0]
