"""Describe the JSON API as an OpenAPI 3.1 document, kept beside the routes it describes and
served at /api/v1/openapi.json; tests hold the two together."""

from app.api import bp
from app.api.encoding import json_answer
from app.api.paging import LIMIT_DEFAULT, LIMIT_MAX
from app.api.routes import PAGE_SIZE_MAX
from app.debates.exporting import EXPORTS
from app.imports import FORMATS
from app.models import DebateStatus, EvidenceKind, ModerationState, Round, Side, StanceChoice
from app.models.argument import MAX_DEPTH
from app.search.queries import KINDS as SEARCH_KINDS
from app.search.queries import LAST_PAGE as SEARCH_LAST_PAGE
from app.search.queries import QUERY_LENGTH as SEARCH_QUERY_LENGTH


def ref(name: str) -> dict:
    """Point at a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """Allow null beside a schema, as JSON Schema 2020-12 spells it."""
    return {"anyOf": [schema, {"type": "null"}]}


def values(enum) -> list[str]:
    """List an enum's values as the API writes them."""
    return [member.value for member in enum]


def record(required: dict, optional: dict | None = None, closed: bool = True) -> dict:
    """Describe a JSON object with the fields it always has and those it may have."""
    schema = {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
ID = {"type": "integer", "minimum": 1}
URL = {"type": "string", "format": "uri"}
TIME = {"type": "string", "format": "date-time"}

RATING = record({"mean": nullable({"type": "number"}), "count": nullable(INTEGER)})
STANCES = record({choice: INTEGER for choice in values(StanceChoice)})

CHOICES = values(StanceChoice)
COUNTS = record({choice: {"type": "integer", "minimum": 0} for choice in CHOICES})
PERCENTS = record({choice: {"type": "number"} for choice in CHOICES})
VOTES = record({vote: {"type": "integer", "minimum": 0} for vote in values(Round)})
RESULTS = record({
    "pre": COUNTS, "post": COUNTS, "pre_percent": PERCENTS, "post_percent": PERCENTS,
    "delta": record({"for": {"type": "number"}, "against": {"type": "number"}}),
    "winner": {"enum": ["for", "against", "tie"],
               "description": "The side whose share grew more in percentage points; an exact "
                              "tie (compared as fractions, not rounded) is a tie."},
    "transitions": record({choice: COUNTS for choice in CHOICES}),
    "changed_minds": {"type": "integer", "minimum": 0},
    "turnout": record({"devices": INTEGER, "pre": INTEGER, "post": INTEGER, "both": INTEGER}),
})

DEBATE_SUMMARY = record({
    "id": ID, "title": STRING, "question": nullable(STRING),
    "status": {"enum": values(DebateStatus)}, "created_at": nullable(TIME),
    "material_id": nullable(ID), "url": URL,
})
POSITION_SUMMARY = record({
    "id": ID, "statement": STRING,
    "anchors": {"type": "array", "items": ref("Anchor")}, "url": URL,
    "moderation": {"enum": values(ModerationState),
                   "description": "Pending, hidden or rejected only for its author and the "
                                  "moderators; others never get such a position."},
    "moderation_reason": nullable(STRING),
})

NUMBER = {"type": "number"}
CHOICE_COUNTS = record({choice: INTEGER for choice in values(StanceChoice)})
CHOICE_SHARES = record({choice: NUMBER for choice in values(StanceChoice)})
PERSUASIVE = {"type": "array", "items": record(
    {"argument": ID, "claim": STRING, "changes": INTEGER})}
BRIEF_ITEM = record({
    "argument": ID, "claim": STRING, "side": {"enum": ["for", "against"]}, "ratings": INTEGER,
    "strength": nullable(NUMBER), "spread": nullable(NUMBER), "cross_side": nullable(NUMBER),
    "replies": INTEGER, "evidence": INTEGER,
})
BRIEF_ITEMS = {"type": "array", "items": BRIEF_ITEM}
BY_SIDE = record({"for": BRIEF_ITEMS, "against": BRIEF_ITEMS})

SCHEMAS = {
    "PositionInsight": record({
        "position_id": ID,
        "cross_side": {
            "type": "array",
            "description": "The arguments the caller may see, and whose tally they may read, "
                           "best cross-side score first.",
            "items": record({"argument": ID, "score": NUMBER}),
        },
        "method": nullable({"enum": ["bridging", "stances"]}),
        "ratings": INTEGER, "raters": INTEGER, "computed_at": nullable(TIME),
        "pending": BOOLEAN, "since": nullable(TIME), "until": nullable(TIME),
        "opinion_change": record({
            "people": INTEGER, "changed": INTEGER,
            "transitions": record({choice: CHOICE_COUNTS for choice in values(StanceChoice)}),
            "first": CHOICE_COUNTS, "current": CHOICE_COUNTS,
            "first_shares": CHOICE_SHARES, "current_shares": CHOICE_SHARES,
            "normalised_gain": record({"for": nullable(NUMBER), "against": nullable(NUMBER)}),
            "series": {"type": "array", "items": record(
                {"date": {"type": "string", "format": "date"}, "shares": CHOICE_SHARES})},
        }),
        "most_persuasive": record({choice: PERSUASIVE for choice in values(StanceChoice)}),
        "opinion_map": nullable(record({
            "participants": INTEGER,
            "dots": {"type": "array", "items": record({
                "x": NUMBER, "y": NUMBER, "stance": {"enum": ["for", "against", "none"]},
                "group": INTEGER})},
            "groups": {"type": "array", "items": record({
                "group": INTEGER, "size": INTEGER,
                "distinctive": {"type": "array", "items": record({
                    "argument": ID, "claim": STRING, "group_mean": NUMBER,
                    "others_mean": NUMBER})},
            })},
        })),
    }),
    "DebateBrief": record({
        "debate_id": ID, "title": STRING,
        "participation": record({"people": INTEGER, "arguments": INTEGER}),
        "tallies_shown": BOOLEAN,
        "positions": {"type": "array", "items": record({
            "position": ID, "statement": STRING, "stances": CHOICE_COUNTS,
            "arguments": record({"for": INTEGER, "against": INTEGER}),
            "balance": nullable(NUMBER), "strongest": BY_SIDE, "cross_side": BY_SIDE,
            "contested": BRIEF_ITEMS, "unanswered": BRIEF_ITEMS, "unanswered_count": INTEGER,
            "without_evidence": BRIEF_ITEMS, "without_evidence_count": INTEGER,
        })},
        "most_cited_evidence": {"type": "array", "items": record({
            "title": STRING, "url": nullable(STRING), "passage": nullable(INTEGER),
            "arguments": INTEGER})},
        "unaddressed_passages": {"type": "array", "items": record(
            {"passage": INTEGER, "text": STRING})},
    }),
    "LiveEvent": record(
        {
            "id": ID, "debate_id": ID, "position_id": ID, "title": STRING, "motion": STRING,
            "join_code": STRING, "version": {"type": "integer", "minimum": 1},
            "phase": STRING, "phase_index": {"type": "integer", "minimum": 0},
            "phases": {"type": "array", "items": record(
                {"name": STRING, "minutes": {"type": "integer", "minimum": 0}})},
            "timer": record({"running": BOOLEAN, "remaining_seconds": INTEGER,
                             "started_at": nullable(TIME)}),
            "voting": nullable({"enum": values(Round)}),
            "speaking": nullable(record({"id": ID, "name": STRING, "side": STRING})),
            "question": nullable(record({"id": ID, "body": STRING})),
            "speakers": {"type": "array", "items": record({
                "id": ID, "name": STRING, "side": STRING, "bio": STRING,
                "argument_id": nullable(ID)})},
            "revealed": BOOLEAN,
            "votes_cast": VOTES,
        },
        {"results": ref("LiveResults"), "url": URL},
    ),
    "LiveResults": RESULTS,
    "NewLiveEvent": record({"position_id": ID, "title": STRING}),
    "LiveJoin": record({"code": STRING}, {"ticket": {
        "type": "string", "description": "A single-use ticket, where the evening asks for one."}}),
    "LiveJoined": record({"token": STRING, "event": ref("LiveEvent")}),
    "LivePhase": record({"phase": {"anyOf": [STRING, {"type": "integer", "minimum": 0}]},
                         "version": {"type": "integer", "minimum": 1}}),
    "LiveVoting": record({"vote": {"enum": values(Round)}, "open": BOOLEAN},
                         {"version": {"type": "integer", "minimum": 1}}),
    "LiveVote": record({"vote": {"enum": values(Round)}, "choice": {"enum": CHOICES}}),
    "LiveVoteAnswer": record({"vote": {"enum": values(Round)}, "choice": {"enum": CHOICES},
                              "votes_cast": VOTES}),
    "Error": record({
        "error": record(
            {"status": INTEGER, "message": STRING},
            {
                "field": STRING,
                "similar": {"type": "array", "items": ref("PostedArgument"),
                            "description": "On 409: the look-alike arguments to read first."},
            },
        )
    }),
    "DebateSummary": DEBATE_SUMMARY,
    "Material": record({
        "id": ID, "title": STRING, "author": nullable(STRING), "source_url": nullable(STRING),
        "published_on": nullable({"type": "string", "format": "date"}),
    }),
    "Anchor": record({"passage": INTEGER, "kind": STRING, "quote": nullable(STRING)}),
    "PositionSummary": POSITION_SUMMARY,
    "Debate": record({
        **DEBATE_SUMMARY["properties"],
        "material": nullable(ref("Material")),
        "positions": {"type": "array", "items": ref("PositionSummary")},
    }),
    "DebatePage": record({
        "debates": {"type": "array", "items": ref("DebateSummary")},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX},
        "has_more": BOOLEAN,
    }),
    "Evidence": record({
        "id": ID, "kind": {"enum": values(EvidenceKind)}, "title": STRING,
        "url": nullable(STRING), "passage": nullable(INTEGER), "excerpt": nullable(STRING),
    }),
    "ArgumentNode": record(
        {
            "id": ID, "path": STRING, "side": {"enum": values(Side)},
            "stance": {"enum": values(Side), "deprecated": True,
                       "description": "The earlier name of side."},
            "supports_position": BOOLEAN,
            "claim": nullable(STRING),
            "link_to": nullable(ID),
            "body": nullable(STRING), "author": nullable(STRING),
            "created_at": nullable(TIME), "edited_at": nullable(TIME), "withdrawn": BOOLEAN,
            "rating": RATING, "moderation": {"enum": values(ModerationState)},
            "moderation_reason": nullable(STRING),
            "evidence": {"type": "array", "items": ref("Evidence")},
            "children": {"type": "array", "items": ref("ArgumentNode")},
        },
        {
            "more_children": {"type": "boolean",
                              "description": "In a cut tree: replies were left out here."},
            "children_url": nullable(URL),
        },
    ),
    "Position": record(
        {
            **POSITION_SUMMARY["properties"],
            "debate_id": ID, "stances": STANCES,
            "arguments": {"type": "array", "items": ref("ArgumentNode")},
        },
        {"depth": {"type": "integer", "minimum": 1, "maximum": MAX_DEPTH,
                   "description": "The depth asked, where the tree is cut."}},
    ),
    "Children": record({
        "argument_id": ID, "position_id": ID,
        "depth": {"type": "integer", "minimum": 1}, "limit": {"type": "integer", "minimum": 1},
        "children": {"type": "array", "items": ref("ArgumentNode")},
        "next": nullable(STRING), "next_url": nullable(URL),
    }),
    "LogEntry": record({
        "id": ID, "at": nullable(TIME), "actor": nullable(STRING),
        "actor_role": nullable(STRING), "action": STRING,
        "target": record({"kind": STRING, "id": nullable(INTEGER), "label": nullable(STRING)}),
        "reason": nullable(STRING),
    }),
    "ModerationLog": record({
        "debate_id": ID, "actions": {"type": "array", "items": ref("LogEntry")},
        "has_more": BOOLEAN, "next": nullable(STRING), "next_url": nullable(URL),
        "previous": nullable(STRING), "previous_url": nullable(URL),
    }),
    "NewArgument": record(
        {"side": {"enum": values(Side)}, "claim": STRING},
        {"parent_id": nullable(ID), "body": nullable(STRING), "allow_similar": BOOLEAN},
    ),
    "PostedArgument": record({
        "id": ID, "position_id": ID, "parent_id": nullable(ID), "path": STRING,
        "side": {"enum": values(Side)}, "supports_position": BOOLEAN, "claim": STRING,
        "body": nullable(STRING), "author": nullable(STRING), "created_at": nullable(TIME),
        "moderation": {"enum": values(ModerationState)}, "url": URL,
    }),
    "NewEvidence": record(
        {"kind": {"enum": values(EvidenceKind)}},
        {"title": nullable(STRING), "url": nullable(STRING),
         "passage": nullable(INTEGER), "excerpt": nullable(STRING)},
    ),
    "AttachedEvidence": record({
        "id": ID, "argument_id": ID, "kind": {"enum": values(EvidenceKind)}, "title": STRING,
        "url": nullable(STRING), "passage": nullable(INTEGER), "excerpt": nullable(STRING),
        "moderation": {"enum": values(ModerationState)},
    }),
    "Rating": record({"score": nullable({"type": "integer", "minimum": 0, "maximum": 4})}),
    "RatingAnswer": record({
        "argument_id": ID, "score": nullable({"type": "integer", "minimum": 0, "maximum": 4}),
        "rating": RATING,
    }),
    "Stance": record({"stance": nullable({"enum": values(StanceChoice)})}),
    "StanceAnswer": record({
        "position_id": ID, "stance": nullable({"enum": values(StanceChoice)}),
        "stances": STANCES,
    }),
    "ImportReport": record({
        "debate": ID, "positions": INTEGER, "arguments": INTEGER, "links": INTEGER,
        "evidence": INTEGER, "url": URL,
        "problems": {"type": "array", "items": record({"line": nullable(INTEGER),
                                                        "message": STRING})},
    }),
    "SearchResults": record({
        "results": {"type": "array", "items": record({
            "kind": {"enum": list(SEARCH_KINDS)}, "id": ID, "url": URL,
            "snippet": {"type": "string", "description": "Plain text around the match."},
            "context": {"type": "string",
                        "description": "The debate's or the material's title."},
        })},
        "total": {"type": "integer", "minimum": 0},
        "capped": {
            "type": "boolean",
            "description": "Only the best-ranked matches were read and counted; there may "
                           "be more.",
        },
        "page": {"type": "integer", "minimum": 1},
        "has_more": BOOLEAN,
    }),
}

ERRORS = {
    400: "The query or body is malformed.",
    401: "The bearer token is missing, unknown or revoked.",
    403: "The caller may not do this.",
    404: "There is no such thing, or the caller may not see it.",
    409: "A similar argument exists (read the ones listed, or send allow_similar); for live "
         "events: voting is closed, or the version sent is out of date.",
    413: "The request body is too large.",
    422: "A field holds a value that is refused; error.field names it.",
    429: "Too many requests; see Retry-After.",
}


def error(code: int) -> dict:
    """Describe an error answer."""
    return {"description": ERRORS[code],
            "content": {"application/json": {"schema": ref("Error")}}}


def answer(schema: str, description: str, *codes: int, status: int = 200) -> dict:
    """Describe the answers of an operation: its success and the errors it may give."""
    responses = {str(status): {"description": description,
                               "content": {"application/json": {"schema": ref(schema)}}}}
    responses.update({str(code): error(code) for code in sorted(codes)})
    return responses


def path_id(name: str, what: str) -> dict:
    """Describe a numeric id in the path."""
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id.",
            "schema": {"type": "integer", "minimum": 1}}


def query(name: str, description: str, schema: dict) -> dict:
    """Describe an optional query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


def json_body(schema: str) -> dict:
    """Describe a required JSON request body."""
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


# AIF and the archive are JSON documents of their own formats; the rest are text.
EXPORT_SCHEMAS = {"application/json": {"type": "object"}}

WRITE = [{"bearer": []}]
READ = [{}, {"bearer": []}]
# Every write may also be refused for the token (401, 403) or the thing written to (404).
WRITE_ERRORS = (400, 401, 403, 404, 413, 422, 429)

PATHS = {
    "/api/v1/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.", "security": READ,
        "responses": {"200": {"description": "The OpenAPI document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
    "/api/v1/debates": {"get": {
        "operationId": "debates", "summary": "List the debates the caller may see, newest first.",
        "security": READ,
        "parameters": [
            query("page", "The page, from 1.", {"type": "integer", "minimum": 1}),
            query("per_page", f"Debates on a page, up to {PAGE_SIZE_MAX}.",
                  {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX}),
        ],
        "responses": answer("DebatePage", "A page of debates.", 400, 401),
    }},
    "/api/v1/debates/{debate_id}": {"get": {
        "operationId": "debate", "summary": "Describe a debate with its material and positions.",
        "security": READ, "parameters": [path_id("debate_id", "debate")],
        "responses": answer("Debate", "The debate.", 401, 404),
    }},
    "/api/v1/debates/{debate_id}/export/{format}": {"get": {
        "operationId": "export", "summary": "Download what everyone may read of a debate.",
        "security": READ,
        "parameters": [
            path_id("debate_id", "debate"),
            {"name": "format", "in": "path", "required": True,
             "schema": {"enum": list(EXPORTS)}},
        ],
        "responses": {
            "200": {"description": "The debate in the format asked, as an attachment.",
                    "content": {mimetype: {"schema": EXPORT_SCHEMAS.get(mimetype, STRING)}
                                for _label, _extension, mimetype in EXPORTS.values()}},
            "401": error(401), "404": error(404),
        },
    }},
    "/api/v1/debates/{debate_id}/moderation-log": {"get": {
        "operationId": "moderation_log",
        "summary": "List a page of a debate's moderation actions, newest first.",
        "security": READ,
        "parameters": [
            path_id("debate_id", "debate"),
            query("after", "The cursor of the next page.", STRING),
            query("before", "The cursor of the previous page.", STRING),
        ],
        "responses": answer("ModerationLog", "A page of the log.", 400, 401, 404),
    }},
    "/api/v1/positions/{position_id}": {"get": {
        "operationId": "position",
        "summary": "Describe a position with its stance tally and argument tree, whole or cut "
                   "at a depth.",
        "security": READ,
        "parameters": [
            path_id("position_id", "position"),
            query("depth", "Levels of the tree to give; the whole tree without it.",
                  {"type": "integer", "minimum": 1, "maximum": MAX_DEPTH}),
        ],
        "responses": answer("Position", "The position.", 400, 401, 404),
    }},
    "/api/v1/positions/{position_id}/insight": {"get": {
        "operationId": "position_insight",
        "summary": "Rank a position's arguments by cross-side score (with the method used) "
                   "and sum up how minds moved on it.",
        "security": READ,
        "parameters": [
            path_id("position_id", "position"),
            query("since", "Compare stances from this day (YYYY-MM-DD) instead of first ones.",
                  {"type": "string", "format": "date"}),
            query("until", "Compare with stances at the end of this day instead of now.",
                  {"type": "string", "format": "date"}),
        ],
        "responses": answer("PositionInsight", "The ranking and opinion change.", 400, 401,
                            404),
    }},
    "/api/v1/debates/{debate_id}/brief": {"get": {
        "operationId": "debate_brief",
        "summary": "Brief a reader on the state of a debate.",
        "security": READ,
        "parameters": [path_id("debate_id", "debate")],
        "responses": answer("DebateBrief", "The brief.", 400, 401, 404),
    }},
    "/api/v1/positions/{position_id}/brief": {"get": {
        "operationId": "position_brief",
        "summary": "Brief a reader on the state of one position: a debate's brief with that "
                   "position alone and no passages.",
        "security": READ,
        "parameters": [path_id("position_id", "position")],
        "responses": answer("DebateBrief", "The brief.", 400, 401, 404),
    }},
    "/api/v1/arguments/{argument_id}/children": {"get": {
        "operationId": "children",
        "summary": "List a page of an argument's direct replies, each with its replies to the "
                   "depth asked.",
        "security": READ,
        "parameters": [
            path_id("argument_id", "argument"),
            query("depth", "Levels under each reply.",
                  {"type": "integer", "minimum": 1, "maximum": MAX_DEPTH, "default": 1}),
            query("limit", "Replies on a page.",
                  {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX,
                   "default": LIMIT_DEFAULT}),
            query("after", "The cursor (next) of the previous page.", STRING),
        ],
        "responses": answer("Children", "A page of replies.", 400, 401, 404),
    }},
    "/api/v1/positions/{position_id}/arguments": {"post": {
        "operationId": "post_argument",
        "summary": "Post an argument on a position, or a reply to one of its arguments.",
        "security": WRITE, "parameters": [path_id("position_id", "position")],
        "requestBody": json_body("NewArgument"),
        "responses": answer("PostedArgument", "The argument posted, pending or shown.",
                            *WRITE_ERRORS, 409, status=201),
    }},
    "/api/v1/arguments/{argument_id}/evidence": {"post": {
        "operationId": "attach_evidence",
        "summary": "Back an argument with a web source or a passage of the debate's material.",
        "security": WRITE, "parameters": [path_id("argument_id", "argument")],
        "requestBody": json_body("NewEvidence"),
        "responses": answer("AttachedEvidence", "The evidence attached, pending or shown.",
                            *WRITE_ERRORS, status=201),
    }},
    "/api/v1/arguments/{argument_id}/rating": {"put": {
        "operationId": "rate",
        "summary": "Set (0 to 4) or clear (null) one's rating of an argument's strength.",
        "security": WRITE, "parameters": [path_id("argument_id", "argument")],
        "requestBody": json_body("Rating"),
        "responses": answer("RatingAnswer", "The rating and the tally the caller may see.",
                            *WRITE_ERRORS),
    }},
    "/api/v1/positions/{position_id}/stance": {"put": {
        "operationId": "take_stance",
        "summary": "Take (or, with null, withdraw) one's stance on a position.",
        "security": WRITE, "parameters": [path_id("position_id", "position")],
        "requestBody": json_body("Stance"),
        "responses": answer("StanceAnswer", "The stance and the position's tally.",
                            *WRITE_ERRORS),
    }},
    "/api/v1/imports": {"post": {
        "operationId": "import_debate",
        "summary": "Import a debate file and answer as the CLI does.",
        "security": WRITE,
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary"},
                "format": {"enum": list(FORMATS),
                           "description": "Detected from the content when not given."},
                "material": {"type": "integer", "minimum": 1,
                             "description": "The material to attach the debate to."},
                "open": {"type": "boolean", "description": "Open the debate at once."},
            },
        }}}},
        "responses": answer("ImportReport", "The imported debate's id and counts.",
                            *WRITE_ERRORS, status=201),
    }},
    "/api/v1/search": {"get": {
        "operationId": "search",
        "summary": "Search passages, positions, arguments and evidence titles the caller may "
                   "read, best match first.",
        "security": READ,
        "parameters": [
            {"name": "q", "in": "query", "required": True,
             "description": "Words, \"quoted phrases\", -left-out words, OR.",
             "schema": {"type": "string", "maxLength": SEARCH_QUERY_LENGTH}},
            query("kind", "Only this kind of item.", {"enum": list(SEARCH_KINDS)}),
            query("debate", "Only in this debate (and its material).",
                  {"type": "integer", "minimum": 1}),
            query("page", "The page, from 1.", {"type": "integer", "minimum": 1,
                                                 "maximum": SEARCH_LAST_PAGE}),
        ],
        "responses": answer("SearchResults", "A page of results.", 400, 401),
    }},
}

LIVE_PATHS = {
    "/api/v1/debates/{debate_id}/events": {"post": {
        "operationId": "create_live_event",
        "summary": "Set up a live event on one of the debate's positions (its organisers).",
        "security": WRITE, "parameters": [path_id("debate_id", "debate")],
        "requestBody": json_body("NewLiveEvent"),
        "responses": answer("LiveEvent", "The event, with its join code.", *WRITE_ERRORS,
                            status=201),
    }},
    "/api/v1/live/join": {"post": {
        "operationId": "join_live_event",
        "summary": "Join an event by its code, without an account; answers an audience token "
                   "to send as Authorization: Bearer <token> when voting.",
        "security": [{}],
        "requestBody": json_body("LiveJoin"),
        "responses": answer("LiveJoined", "The audience token and the event.",
                            400, 403, 404, 413, 422, 429, status=201),
    }},
    "/api/v1/live/{event_id}": {"get": {
        "operationId": "live_event",
        "summary": "Describe an event: phase, version, open vote, counts once revealed.",
        "security": READ, "parameters": [path_id("event_id", "live event")],
        "responses": answer("LiveEvent", "The event's state.", 401, 404),
    }},
    "/api/v1/live/{event_id}/phase": {"post": {
        "operationId": "live_phase",
        "summary": "Move the event to a phase (by name or place) if the version is current.",
        "security": WRITE, "parameters": [path_id("event_id", "live event")],
        "requestBody": json_body("LivePhase"),
        "responses": answer("LiveEvent", "The event's new state.", *WRITE_ERRORS, 409),
    }},
    "/api/v1/live/{event_id}/voting": {"post": {
        "operationId": "live_voting",
        "summary": "Open or close the pre-vote or the post-vote.",
        "security": WRITE, "parameters": [path_id("event_id", "live event")],
        "requestBody": json_body("LiveVoting"),
        "responses": answer("LiveEvent", "The event's new state.", *WRITE_ERRORS, 409),
    }},
    "/api/v1/live/{event_id}/vote": {"post": {
        "operationId": "live_vote",
        "summary": "Cast or change a device's vote while it is open; needs the audience token "
                   "from joining. Limited per token, not per address.",
        "security": WRITE, "parameters": [path_id("event_id", "live event")],
        "requestBody": json_body("LiveVote"),
        "responses": answer("LiveVoteAnswer", "The vote as counted, and the turnout.",
                            *WRITE_ERRORS, 409),
    }},
    "/api/v1/live/{event_id}/results": {"get": {
        "operationId": "live_results",
        "summary": "Give an event's result: counts, shares, swing, winner, transitions and "
                   "turnout; never who voted what. Organisers anytime, others once revealed.",
        "security": READ, "parameters": [path_id("event_id", "live event")],
        "responses": answer("LiveResults", "The result.", 401, 403, 404),
    }},
}
PATHS.update(LIVE_PATHS)

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Agora API",
        "version": "1",
        "description": "Read debates, positions and argument trees as the pages show them; "
                       "write with a personal access token of write scope.",
    },
    "servers": [{"url": "/"}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "A personal access token (flask --app app create-token). A token "
                           "reads what its owner sees; only write scope writes.",
        }},
    },
}


@bp.get("/openapi.json")
def openapi():
    """Describe the API as an OpenAPI 3.1 document."""
    return json_answer(DOCUMENT)
