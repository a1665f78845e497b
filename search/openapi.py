"""The OpenAPI 3.1 description of the public search API (served at /api/search/openapi.json)."""

FILTER_PARAMS = [
    ("q", "string", "Поисковый запрос"),
    ("type", "string", "Тип документа (можно несколько)"),
    ("level", "string", "Уровень: federal, regional, municipal, institutional"),
    ("region", "integer", "Субъект РФ (id)"),
    ("municipality", "integer", "Муниципалитет (id)"),
    ("organisation", "integer", "Организация (id)"),
    ("subject", "string", "Предмет"),
    ("audience", "string", "Аудитория"),
    ("date_from", "string", "Начало периода (ГГГГ-ММ-ДД), для мероприятий"),
    ("date_to", "string", "Конец периода (ГГГГ-ММ-ДД)"),
    ("in_region", "integer", "Искать в разделе региона"),
    ("in_municipality", "integer", "Искать в разделе муниципалитета"),
    ("in_organisation", "integer", "Искать в разделе организации"),
    ("page", "integer", "Страница (с 1)"),
]

HIT = {
    "type": "object",
    "properties": {
        "key": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "summary": {"type": "string"},
        "highlight": {"type": "string", "description": "HTML, совпадения в <mark>"},
        "level": {"type": "string"},
        "region": {"type": ["integer", "null"]},
        "municipality": {"type": ["integer", "null"]},
        "organisation": {"type": ["integer", "null"]},
        "start": {"type": ["string", "null"], "format": "date-time"},
        "score": {"type": "number"},
    },
}
FACET_VALUE = {
    "type": "object",
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer"},
    },
}


def _param(name, kind, description):
    schema = (
        {"type": "array", "items": {"type": kind}}
        if name in ("type", "level", "region")
        else {"type": kind}
    )
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def schema() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Поиск портала СНМС", "version": "1"},
        "paths": {
            "/api/search/": {
                "get": {
                    "summary": "Поиск по всем уровням",
                    "parameters": [_param(*p) for p in FILTER_PARAMS],
                    "responses": {
                        "200": {
                            "description": "Результаты",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": [
                                            "total",
                                            "results",
                                            "facets",
                                            "engine",
                                            "degraded",
                                        ],
                                        "properties": {
                                            "query": {"type": "string"},
                                            "total": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "engine": {"type": "string"},
                                            "degraded": {"type": "boolean"},
                                            "corrected_query": {"type": "string"},
                                            "total_exact": {
                                                "type": "boolean",
                                                "description": "false: the total is "
                                                "estimated from a sample (more than "
                                                "20,000 matches, embedded engine on "
                                                "PostgreSQL)",
                                            },
                                            "facets_exact": {
                                                "type": "boolean",
                                                "description": "false: facet counts "
                                                "estimated from a sample of a very "
                                                "large result set",
                                            },
                                            "results": {"type": "array", "items": HIT},
                                            "facets": {
                                                "type": "object",
                                                "additionalProperties": {
                                                    "type": "array",
                                                    "items": FACET_VALUE,
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/search/suggest/": {
                "get": {
                    "summary": "Подсказки при вводе",
                    "parameters": [_param("q", "string", "Начало запроса")],
                    "responses": {
                        "200": {
                            "description": "Подсказки",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "engine": {"type": "string"},
                                            "degraded": {"type": "boolean"},
                                            "suggestions": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "properties": {
                                                        "title": {"type": "string"},
                                                        "url": {"type": "string"},
                                                        "type": {"type": "string"},
                                                    },
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
        },
    }
