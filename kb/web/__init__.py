"""The web app: faceted search for staff (HTML) and for other tools (JSON).

`create_app` is an application factory so tests, `kb serve` and `kb demo` each build their
own app from a Config, with no module-level state shared between them.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, request, url_for
from markupsafe import Markup

from kb.app.agreements import status_label
from kb.app.context import KnowledgeBase
from kb.app.present import event_days
from kb.app.safety import clean_snippet, safe_url
from kb.core.config import Config
from kb.web.agreements import agreements
from kb.web.api import api
from kb.web.context import EXTENSION, current_kb
from kb.web.errors import install_error_handlers
from kb.web.feeds import feeds
from kb.web.headers import install_headers
from kb.web.i18n import current_locale, explicit_locale, translate
from kb.web.jsonprovider import OrjsonProvider
from kb.web.pages import pages

__all__ = ["create_app"]


def create_app(config: Config, **overrides: Any) -> Flask:
    """Build the app for `config`; `overrides` are Flask settings (e.g. TESTING=True)."""
    app = Flask(__name__)
    app.config.update(overrides)
    app.json = OrjsonProvider(app)
    app.extensions[EXTENSION] = KnowledgeBase(config)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(agreements)
    app.register_blueprint(feeds)
    install_headers(app)
    install_error_handlers(app)
    _install_template_helpers(app)
    return app


def _install_template_helpers(app: Flask) -> None:
    """Translation, labels and the two safety filters, available in every template."""
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # tidy HTML output
    app.jinja_env.filters["snippet"] = snippet_markup
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.globals["event_days"] = event_days

    @app.context_processor
    def helpers() -> dict[str, Any]:
        locale = current_locale()
        labels = current_kb().labels

        def locale_url(target: str) -> str:
            """This page in the other UI language (the search page when nothing matched)."""
            if request.endpoint is None or request.endpoint == "static":
                return url_for("pages.search", hl=target)
            args = {**request.args.to_dict(flat=False), **(request.view_args or {})}
            return url_for(request.endpoint, **{**args, "hl": target})

        return {
            "locale": locale,
            "explicit_locale": explicit_locale(),
            "t": lambda key, **values: translate(key, locale, **values),
            "locale_url": locale_url,
            "partner_label": lambda pid, name=None: labels.partner(pid, locale, name),
            "topic_label": lambda tid: labels.topic(tid, locale),
            "lang_label": lambda code: labels.language(code, locale),
            "type_label": lambda kind: labels.partner_type(kind, locale),
            "status_name": lambda status: status_label(status, locale),
        }

    @app.url_defaults
    def carry_locale(endpoint: str, values: dict[str, Any]) -> None:
        """Links keep the UI language the reader chose with `?hl=`."""
        if endpoint != "static" and "hl" not in values and has_request_context():
            chosen = explicit_locale()
            if chosen:
                values["hl"] = chosen


def snippet_markup(snippet: str) -> Markup:
    """A snippet ready for a template: cleaned to escaped text and <mark>, then marked safe."""
    return Markup(clean_snippet(snippet))
