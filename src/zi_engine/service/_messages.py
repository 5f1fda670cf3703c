"""Every message the service sends, in one place; each through ``t()`` (English and Indonesian).

Each entry is ``code: message``; codes are the ``code`` field of an error body
and never change. The service answers in Indonesian unless the request asks
for English (``Accept-Language: en``, see ``_language``); the Indonesian texts
are in ``locale/id/LC_MESSAGES/service.po``.
"""

from __future__ import annotations

from collections.abc import Callable

from zi_engine._i18n import Text, t

__all__ = ["MESSAGES", "message"]

Say = Callable[..., Text]

# fmt: off
MESSAGES: dict[str, Say] = {
    "UNAUTHORIZED": lambda **v: t(
        "service.unauthorized", "The API key is missing or not valid", **v),
    "FORBIDDEN": lambda **v: t(
        "service.forbidden",
        "The API key is valid but may not read or change the data of unit {unit_id}", **v),
    "FORBIDDEN_AGENCY": lambda **v: t(
        "service.forbidden_agency",
        "The API key is only for agency {agency_id}, not for {other}", **v),
    "DATA_NOT_FOUND": lambda **v: t(
        "service.data_not_found", "The data asked for is not in this agency's store", **v),
    "ROUND_NOT_SET": lambda **v: t(
        "service.round_not_set",
        "No proposal round is set: send ?tahun= or set the round in the store "
        "(zi-engine store init URL --round YEAR)", **v),
    "UNIT_NOT_FOUND": lambda **v: t("service.unit_not_found", "Unit {unit_id} was not found", **v),
    "LIFECYCLE_NOT_FOUND": lambda **v: t(
        "service.lifecycle_not_found",
        "Unit {unit_id} has no ZI lifecycle yet; start one with PUT /v1/units/{unit_id}/lifecycle",
        **v),
    "LIFECYCLE_EXISTS": lambda **v: t(
        "service.lifecycle_exists", "Unit {unit_id} already has a ZI lifecycle", **v),
    "ROUTE_NOT_FOUND": lambda **v: t(
        "service.route_not_found", "There is no such address on this service", **v),
    "METHOD_NOT_ALLOWED": lambda **v: t(
        "service.method_not_allowed", "This HTTP method is not served at this address", **v),
    "INVALID_REQUEST": lambda **v: t(
        "service.invalid_request", "The request is not valid; see problems", **v),
    "INVALID_REVIEW": lambda **v: t(
        "service.invalid_review", "The review document does not verify: {problem}", **v),
    "INVALID_JSON": lambda **v: t(
        "service.invalid_json", "The request body is not valid JSON", **v),
    "INVALID_SUBMISSION": lambda **v: t(
        "service.invalid_submission", "The LKE data is not valid ({count} problems)", **v),
    "AGENCY_FACTS_CONFLICT": lambda **v: t(
        "service.agency_facts_conflict",
        "The agency facts (Table 5) differ from those stored for this year ({count} facts)", **v),
    "TRANSITION_REFUSED": lambda **v: t(
        "service.transition_refused",
        "The transition {trigger} is refused from the stage {state}; see reasons", **v),
    "REVISION_CONFLICT": lambda **v: t(
        "service.revision_conflict",
        "The lifecycle of unit {unit_id} was changed by someone else: read at revision "
        "{expected}, stored at revision {actual}; read it again and retry", **v),
    "REVIEW_KIND_UNKNOWN": lambda **v: t(
        "service.review_kind_unknown", "There is no {kind} review; known: {known}", **v),
    "REVIEW_NOT_FOUND": lambda **v: t(
        "service.review_not_found",
        "Unit {unit_id} has no {kind} review yet; start one with POST on this address", **v),
    "REVIEW_REFUSED": lambda **v: t(
        "service.review_refused", "The review action {action} is refused; see reasons", **v),
    "REVIEW_OPEN": lambda **v: t(
        "service.review_open",
        "The {kind} review no. {number} of unit {unit_id} is not signed off by every tier yet; "
        "finish it before starting another", **v),
    "REVIEW_CONFLICT": lambda **v: t(
        "service.review_conflict",
        "The {kind} review of unit {unit_id} was changed by someone else: read at revision "
        "{expected}, stored at revision {actual}; read it again and retry", **v),
    "VERSION_NOT_FOUND": lambda **v: t(
        "service.version_not_found", "Unit {unit_id} has no answers version {version}", **v),
    "PAYLOAD_TOO_LARGE": lambda **v: t(
        "service.payload_too_large", "The request body is larger than {limit} bytes", **v),
    "REQUEST_TIMEOUT": lambda **v: t(
        "service.request_timeout", "The request body was not sent within {seconds} seconds", **v),
    "RATE_LIMITED": lambda **v: t(
        "service.rate_limited",
        "More than {limit} requests a minute; try again in {retry} seconds", **v),
    "INTERNAL_ERROR": lambda **v: t(
        "service.internal_error", "An error on the agency's side; please try again", **v),
    "STORE_ERROR": lambda **v: t(
        "service.store_error", "The agency's store cannot be reached; please try again", **v),
}
# fmt: on


def message(code: str, **values: object) -> Text:
    """The message for ``code`` with ``values`` filled in, in the current language."""
    return MESSAGES[code](**values)
