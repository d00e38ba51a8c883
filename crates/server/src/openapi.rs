//! The one table of routes: the router and the OpenAPI document are both
//! built from [`ENDPOINTS`].

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use crate::{App, api, desk};

/// Which handler serves an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// Liveness and counts.
    Health,
    /// Documents, one page.
    Documents,
    /// Ingest.
    PostDocuments,
    /// One document.
    Document,
    /// Events, one page.
    Events,
    /// Incidents, one page.
    Incidents,
    /// One incident with its reports.
    Incident,
    /// Incidents as map points.
    Points,
    /// Full-text search.
    Search,
    /// Statistics.
    Stats,
    /// Trends.
    Trends,
    /// Trends as a picture.
    TrendsSvg,
    /// Warnings.
    Alerts,
    /// Exports.
    Export,
    /// The live monitor's sources.
    Sources,
    /// Country shapes.
    Countries,
    /// This document.
    OpenApi,
    /// Warnings as Atom.
    AlertsAtom,
    /// The desk: warnings with their states.
    Desk,
    /// One warning on the desk with its trail.
    DeskWarning,
    /// A change of a warning's state.
    DeskState,
}

/// One parameter.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Name.
    pub name: &'static str,
    /// `query` or `path`.
    pub location: &'static str,
    /// `string` or `integer`.
    pub kind: &'static str,
    /// Whether it must be given.
    pub required: bool,
    /// What it does.
    pub description: &'static str,
    /// The smallest and largest value of an integer (a 400 outside).
    pub range: (i64, i64),
}

const fn q(name: &'static str, kind: &'static str, description: &'static str) -> Param {
    Param { name, location: "query", kind, required: false, description, range: (0, 0) }
}

/// An integer query parameter with its range.
const fn n(name: &'static str, description: &'static str, min: i64, max: i64) -> Param {
    Param {
        name,
        location: "query",
        kind: "integer",
        required: false,
        description,
        range: (min, max),
    }
}

/// The most parameters a query string may have, and its longest length.
pub const MAX_PARAMS: usize = 32;
/// The longest query string, in bytes.
pub const MAX_QUERY: usize = 4096;
/// The most items of one comma-separated list (countries, groups, types).
pub const MAX_LIST: usize = 64;

/// The range of an integer parameter (any endpoint's, by name).
pub fn range(name: &str) -> Option<(i64, i64)> {
    ENDPOINTS
        .iter()
        .flat_map(|e| e.params.iter())
        .chain(FILTER)
        .find(|p| p.name == name && p.kind == "integer")
        .map(|p| p.range)
}

/// One route.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path, `{name}` for path parameters.
    pub path: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Parameters.
    pub params: &'static [Param],
    /// Whether the filter parameters apply.
    pub filtered: bool,
    /// Its handler.
    pub handler: Handler,
    /// Media type of a success.
    pub produces: &'static str,
}

/// The filter parameters shared by the queries.
pub const FILTER: &[Param] = &[
    q("since", "string", "On or after this day, month or year (YYYY, YYYY-MM, YYYY-MM-DD)."),
    q("until", "string", "On or before this day, month or year."),
    q("country", "string", "Countries: ISO codes or English names, comma-separated."),
    q("place", "string", "A place: English or Arabic name, province, or gazetteer id."),
    q("group", "string", "Groups: id, English or Arabic name; comma-separated."),
    q("type", "string", "Event types, comma-separated."),
    n("min_killed", "At least this many killed.", 0, 1_000_000),
    q("min_confidence", "number", "At least this confidence, 0 to 1."),
    q(
        "include_history",
        "boolean",
        "true: also events told as recalled history (dated more than a month before their article).",
    ),
    q("sort", "string", "newest (default), oldest or killed."),
    n("limit", "Results per page (default 50, at most 1000).", 1, 1000),
    n("offset", "Results to skip.", 0, 1_000_000),
];

/// The parameters of the trends, as data and as a picture.
const TRENDS: &[Param] = &[
    q("by", "string", "group (default), country or type."),
    q("period", "string", "week or month (default)."),
    n("top", "Series kept (default 8).", 0, 100),
];

const ID: Param = Param {
    name: "id",
    location: "path",
    kind: "integer",
    required: true,
    description: "The id.",
    range: (1, i64::MAX),
};

/// Every route of the API.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        path: "/api/health",
        summary: "Liveness, schema version and counts.",
        params: &[],
        filtered: false,
        handler: Handler::Health,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/documents",
        summary: "Articles with an event matching the filter, newest first.",
        params: &[],
        filtered: true,
        handler: Handler::Documents,
        produces: "application/json",
    },
    Endpoint {
        method: "POST",
        path: "/api/documents",
        summary: "Ingest one article (a JSON object) or many (JSON Lines): extract, store, link incidents. Needs the bearer token.",
        params: &[],
        filtered: false,
        handler: Handler::PostDocuments,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/documents/{id}",
        summary: "One article: text, events with evidence, names mentioned.",
        params: &[ID],
        filtered: false,
        handler: Handler::Document,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/events",
        summary: "Events (one article's report each).",
        params: &[],
        filtered: true,
        handler: Handler::Events,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/incidents",
        summary: "Incidents: reports of one happening linked across articles.",
        params: &[],
        filtered: true,
        handler: Handler::Incidents,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/incidents/{id}",
        summary: "One incident, every report, each article's text and the evidence of each field (offsets in UTF-16 code units).",
        params: &[ID],
        filtered: false,
        handler: Handler::Incident,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/points",
        summary: "Every matching incident as a map point: [id, lat, lon, killed, type, date, country, place].",
        params: &[],
        filtered: true,
        handler: Handler::Points,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/search",
        summary: "Full-text Arabic search with filters, ranked, with highlighted snippets.",
        params: &[Param {
            name: "q",
            location: "query",
            kind: "string",
            required: true,
            description: "Words to find.",
            range: (0, 0),
        }],
        filtered: true,
        handler: Handler::Search,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/stats",
        summary: "Incidents, killed, injured and reports per group, country, type, week or month.",
        params: &[q(
            "by",
            "string",
            "group, country, type, week or month; comma-separated (default all but week).",
        )],
        filtered: true,
        handler: Handler::Stats,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/trends",
        summary: "Incidents and killed per period for the top groups, countries or types.",
        params: TRENDS,
        filtered: true,
        handler: Handler::Trends,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/trends.svg",
        summary: "The same trends drawn as SVG (English and Arabic names), warnings marked; at most 20 series.",
        params: TRENDS,
        filtered: true,
        handler: Handler::TrendsSvg,
        produces: "image/svg+xml",
    },
    Endpoint {
        method: "GET",
        path: "/api/alerts",
        summary: "Early warnings replayed without look-ahead: one per episode, with its states and the archive's gaps it rests on.",
        params: &[
            q("since", "string", "Replay from this day (default: the last `days` of the data)."),
            q("until", "string", "Stop after this day."),
            n("days", "Without since: days up to the latest report (default 14).", 1, 3650),
            q("kind", "string", "Kinds, comma-separated."),
        ],
        filtered: false,
        handler: Handler::Alerts,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/desk",
        summary: "The desk: warnings as records with a state (new, acknowledged, acted, dismissed), those waiting longest first, with how long each has waited (`waited_s`) and the counts per state. Brings the desk up to date with the warnings of the last 14 days first. Never cached.",
        params: &[
            q("state", "string", "new (default), acknowledged, acted, dismissed or all."),
            n("limit", "Warnings per page (default 50, at most 1000).", 1, 1000),
            n("offset", "Warnings to skip.", 0, 1_000_000),
        ],
        filtered: false,
        handler: Handler::Desk,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/desk/{id}",
        summary: "One warning on the desk: where it stands, the whole warning, and its trail of states (who, when, note), oldest first.",
        params: &[ID],
        filtered: false,
        handler: Handler::DeskWarning,
        produces: "application/json",
    },
    Endpoint {
        method: "POST",
        path: "/api/desk/{id}/state",
        summary: "Moves a warning on: new → acknowledged → acted or dismissed, in the name of the bearer token's holder, with a note. 409 when the order of states does not allow the move.",
        params: &[ID],
        filtered: false,
        handler: Handler::DeskState,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/sources",
        summary: "The live monitor's sources as `rasd monitor --status-json FILE` last wrote them (`rasd serve --sources-status FILE`): per source its last fetch, HTTP status, items seen and new, next poll and last error. `configured: false` and no sources when the server was started without the file.",
        params: &[],
        filtered: false,
        handler: Handler::Sources,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/api/export",
        summary: "Export: jsonl (eval contract), json, acled, gtd or geojson. Without the bearer token an export has the time budget of any read (a 503 `too_slow` past it); with it, ten seconds.",
        params: &[Param {
            name: "format",
            location: "query",
            kind: "string",
            required: true,
            description: "jsonl, json, acled, gtd or geojson.",
            range: (0, 0),
        }],
        filtered: true,
        handler: Handler::Export,
        produces: "application/octet-stream",
    },
    Endpoint {
        method: "GET",
        path: "/api/map/countries",
        summary: "Country shapes (Natural Earth 1:50m, public domain) as GeoJSON.",
        params: &[],
        filtered: false,
        handler: Handler::Countries,
        produces: "application/geo+json",
    },
    Endpoint {
        method: "GET",
        path: "/api/openapi.json",
        summary: "This document.",
        params: &[],
        filtered: false,
        handler: Handler::OpenApi,
        produces: "application/json",
    },
    Endpoint {
        method: "GET",
        path: "/alerts.atom",
        summary: "Warnings of the last 14 days as an Atom feed.",
        params: &[],
        filtered: false,
        handler: Handler::AlertsAtom,
        produces: "application/atom+xml",
    },
];

/// Adds every endpoint, and the UI's files, to a router.
pub fn routes(mut r: Router<Arc<App>>) -> Router<Arc<App>> {
    for e in ENDPOINTS {
        let m = match e.handler {
            Handler::Health => get(api::health),
            Handler::Documents => get(api::documents),
            // The handler checks the token, then reads the body itself
            // within `max_body`.
            Handler::PostDocuments => post(api::post_documents).layer(DefaultBodyLimit::disable()),
            Handler::Document => get(api::document),
            Handler::Events => get(api::events),
            Handler::Incidents => get(api::incidents),
            Handler::Incident => get(api::incident),
            Handler::Points => get(api::points),
            Handler::Search => get(api::search),
            Handler::Stats => get(api::stats),
            Handler::Trends => get(api::trends),
            Handler::TrendsSvg => get(api::trends_svg),
            Handler::Alerts => get(api::alerts),
            Handler::Export => get(api::export),
            Handler::Sources => get(api::sources),
            Handler::Countries => get(api::countries),
            Handler::OpenApi => get(api::openapi),
            Handler::AlertsAtom => get(api::alerts_atom),
            Handler::Desk => get(desk::desk),
            Handler::DeskWarning => get(desk::desk_warning),
            // The handler checks the token, then reads the small body
            // itself.
            Handler::DeskState => post(desk::set_state).layer(DefaultBodyLimit::disable()),
        };
        r = r.route(e.path, m);
    }
    r.route("/", get(api::ui_index))
        .route("/app.js", get(api::ui_js))
        .route("/app.css", get(api::ui_css))
        .fallback(api::not_found)
}

fn param(p: &Param) -> Value {
    let mut schema = json!({"type": p.kind});
    if p.kind == "integer" {
        schema["minimum"] = json!(p.range.0);
        schema["maximum"] = json!(p.range.1);
    } else if p.kind == "number" {
        // The one decimal parameter is a confidence.
        schema["minimum"] = json!(0.0);
        schema["maximum"] = json!(1.0);
    } else if p.kind == "string" && p.location == "query" {
        schema["maxLength"] = json!(MAX_QUERY);
    }
    json!({"name": p.name, "in": p.location, "required": p.required,
           "description": p.description, "schema": schema})
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let error = json!({"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let mut params: Vec<Value> = e.params.iter().map(param).collect();
        if e.filtered {
            params.extend(FILTER.iter().map(param));
        }
        let mut op = json!({
            "summary": e.summary,
            "operationId": format!("{}_{}", e.method.to_lowercase(), e.path.trim_matches('/').replace(['/', '.', '{', '}'], "_")),
            "parameters": params,
            "responses": {
                "200": {"description": "Success.", "content": {e.produces: {}}},
                "400": error.clone(),
                "404": error.clone(),
                "500": error.clone(),
                "503": error.clone(),
                "414": {"description": "The URI is longer than the server reads."},
                "431": {"description": "The headers are larger than the server reads."},
            }
        });
        if e.method == "POST" {
            op["security"] = json!([{"bearer": []}]);
            op["requestBody"] = if e.handler == Handler::DeskState {
                json!({"required": true, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/StateChange"}}
                }})
            } else {
                json!({"required": true, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Article"}},
                    "application/x-ndjson": {"schema": {"type": "string", "description": "One article a line."}}
                }})
            };
            let r = op["responses"].as_object_mut().expect("an object");
            for (code, what) in [
                ("401", "No or wrong bearer token."),
                ("403", "The server is read-only (no token configured)."),
                ("409", "The warning's state does not allow this change."),
                ("413", "The body is larger than the server accepts."),
                ("408", "The body did not arrive in time."),
            ] {
                if code == "409" && e.handler != Handler::DeskState {
                    continue;
                }
                r.insert(code.into(), json!({"description": what, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}));
            }
        }
        let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
        entry[e.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "rasd", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Violent events from Arabic news: articles, events with evidence, incidents linked across outlets, search, statistics, trends, warnings and exports."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
                "StateChange": {"type": "object", "required": ["state"], "additionalProperties": false, "properties": {
                    "state": {"type": "string", "enum": ["acknowledged", "acted", "dismissed"], "description": "The state to move to."},
                    "note": {"type": "string", "maxLength": rasd_store::desk::MAX_NOTE, "description": "Why, in your words."}}},
                "Article": {"type": "object", "required": ["text"], "properties": {
                    "id": {"type": "string"}, "url": {"type": "string"}, "source": {"type": "string"},
                    "published": {"type": "string", "description": "ISO 8601"}, "title": {"type": "string"}, "text": {"type": "string"}}}
            }
        }
    })
}
