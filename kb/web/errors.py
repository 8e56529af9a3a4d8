"""Every failure becomes a deliberate answer: the JSON error envelope under /api, a page elsewhere.

No input may produce a 500 with a traceback: bad parameters are 400s naming the parameter,
unknown ids 404s, and a missing index a friendly 503 telling staff what to run. Anything
unexpected is logged in full and answered with a generic message.
"""

from __future__ import annotations

import re

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kb.app.params import MAX_QUERY_BYTES, BadParam
from kb.search.engine import IndexMissing
from kb.store import StoreError
from kb.web.headers import is_api_path


def error_response(status: int, code: str, message: str, param: str | None = None) -> Response:
    """The error envelope of DESIGN.md for API paths, a small page for people elsewhere."""
    if is_api_path(request.path):
        body: dict[str, str] = {"code": code, "message": message}
        if param is not None:
            body["param"] = param
        response = jsonify({"error": body})
    else:
        response = Response(
            render_template("message.html", status=status, code=code, message=message),
            mimetype="text/html",
        )
    response.status_code = status
    return response


def install_error_handlers(app: Flask) -> None:
    """Register the handlers; the generic one is the last line of defence, never the plan."""

    @app.before_request
    def refuse_long_queries() -> Response | None:
        if len(request.query_string) > MAX_QUERY_BYTES:
            message = f"The query string is longer than {MAX_QUERY_BYTES} bytes."
            return error_response(414, "uri_too_long", message)
        return None

    @app.errorhandler(BadParam)
    def bad_param(exc: BadParam) -> Response:
        return error_response(400, "bad_request", exc.message, exc.param)

    @app.errorhandler(IndexMissing)
    def no_index(_exc: IndexMissing) -> Response:
        return error_response(503, "index_missing", "No search index yet: run `kb update`.")

    @app.errorhandler(StoreError)
    def no_store(_exc: StoreError) -> Response:
        return error_response(503, "store_missing", "No record store yet: run `kb update`.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = re.sub(r"[^a-z]+", "_", (exc.name or "error").lower()).strip("_")
        response = error_response(status, code, exc.description or exc.name or code)
        for name, value in exc.get_headers():  # e.g. Allow on a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        app.logger.exception("unhandled error on %s", request.path, exc_info=exc)
        return error_response(500, "internal_error", "The request could not be completed.")
