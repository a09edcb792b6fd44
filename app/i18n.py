"""Choose each request's language, and say dates, numbers and times in it through Babel."""

from datetime import date, datetime

from flask import Flask, g, has_app_context, has_request_context, request
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_timedelta,
    get_locale,
    get_translations,
    gettext,
    lazy_gettext,
)
from flask_login import current_user

from app.extensions import babel
from app.models.columns import utcnow

# The languages the interface speaks, each named in itself for the switcher; English first,
# the fallback.
LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}
BY_LANGUAGE = {"en": "en", "zh": "zh_Hans"}
LOCALE_COOKIE = "locale"
LOCALE_COOKIE_AGE = 365 * 24 * 3600


# The words behind stored codes people see: roles, states and the public log's actions.
TERMS = {
    "position": lazy_gettext("position"),
    "argument": lazy_gettext("argument"),
    "for": lazy_gettext("for"),
    "against": lazy_gettext("against"),
    "undecided": lazy_gettext("undecided"),
    "evidence": lazy_gettext("evidence"),
    "owner": lazy_gettext("owner"),
    "moderator": lazy_gettext("moderator"),
    "participant": lazy_gettext("participant"),
    "viewer": lazy_gettext("viewer"),
    "admin": lazy_gettext("admin"),
    "member": lazy_gettext("member"),
    "system": lazy_gettext("system"),
    "draft": lazy_gettext("draft"),
    "open": lazy_gettext("open"),
    "closed": lazy_gettext("closed"),
    "visible": lazy_gettext("visible"),
    "pending": lazy_gettext("pending"),
    "hidden": lazy_gettext("hidden"),
    "rejected": lazy_gettext("rejected"),
    "approve": lazy_gettext("approve"),
    "reject": lazy_gettext("reject"),
    "hide": lazy_gettext("hide"),
    "restore": lazy_gettext("restore"),
    "auto_hide": lazy_gettext("hidden by reports"),
    "dismiss_reports": lazy_gettext("dismiss reports"),
    "lock": lazy_gettext("lock"),
    "unlock": lazy_gettext("unlock"),
    "suspend": lazy_gettext("suspend"),
    "lift_suspension": lazy_gettext("lift suspension"),
    "reveal_name": lazy_gettext("reveal a student's name"),
    "close": lazy_gettext("close"),
    "settings": lazy_gettext("change settings"),
    "set_role": lazy_gettext("set role"),
    "remove_member": lazy_gettext("remove member"),
    "create_invite": lazy_gettext("create invite link"),
    "revoke_invite": lazy_gettext("revoke invite link"),
}


def term(code) -> str:
    """Say a stored code (an enum or its value) in the reader's language."""
    key = getattr(code, "value", code)
    return str(TERMS.get(key, str(key).replace("_", " ")))


def choose_locale() -> str:
    """Pick the language: the account's setting, then the switcher's cookie for visitors,
    then the browser's Accept-Language, then English."""
    if not has_request_context():
        # Commands and tests that call services directly speak the default, English.
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    # Best first; "zh", "zh-CN" and "zh-Hans-CN" all mean zh_Hans by their first subtag.
    for tag, quality in request.accept_languages:
        language = BY_LANGUAGE.get(tag.replace("_", "-").split("-")[0].lower())
        if language and quality > 0:
            return language
    return "en"


def language_tag() -> str:
    """Name the page's language for <html lang>: en or zh-Hans."""
    return str(get_locale() or "en").replace("_", "-")


def ago(moment: datetime | None) -> str:
    """Say how long ago something happened, in the largest whole unit ("3 hours ago")."""
    if moment is None:
        return ""
    elapsed = utcnow() - moment.replace(tzinfo=None)
    if elapsed.total_seconds() < 60:
        return gettext("just now")
    return format_timedelta(-elapsed, threshold=1, add_direction=True)


def day(moment: date | datetime | None) -> str:
    """Say a date the reader's way: "30 Nov 2026", "2026年11月30日"."""
    return format_date(moment, "medium") if moment else ""


def moment_utc(moment: datetime | None) -> str:
    """Say a date and time of day (in UTC) the reader's way."""
    return format_datetime(moment, "medium") if moment else ""


def init_i18n(app: Flask) -> None:
    """Bind Babel with the locale chooser, and give templates the formats and the languages."""
    babel.init_app(app, locale_selector=choose_locale)
    app.jinja_env.filters.update(
        ago=ago,
        term=term,
        day=day,
        moment=moment_utc,
        number=format_number,
        decimal=lambda value, places=1: format_decimal(value, "0." + "0" * places),
    )
    app.jinja_env.globals.update(languages=LANGUAGES, language_tag=language_tag)
    # Flask-Babel's own callables find the domain, the locale and its catalogue again for
    # every string of a template.
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(
            context, singular, plural, n),
        newstyle=True,
    )


def translations():
    """Return the catalogue of the locale in force, looked up once per locale and context
    (mail in its reader's language forces another locale for a while)."""
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    found = g.get("translations_of")
    if found is None or found[0] is not locale:
        found = g.translations_of = (locale, get_translations())
    return found[1]

