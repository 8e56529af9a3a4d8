"""The JSON API's answers to a fixed set of requests, compared with a recorded set.

Restructuring code must not change what other tools receive. The fixture corpus of
test_web_corpus is deterministic (ids come from fixed URLs), so every answer can be kept in
`tests/data/api_snapshot.json` and compared field by field. Only what varies from run to run
is left out: timings and the index generation.

A change that is meant to alter answers (better ranking, a new field) re-records the set with
`KB_UPDATE_SNAPSHOT=1 pytest tests/test_api_snapshot.py`, and the diff of the JSON file is
reviewed with the change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from test_web_corpus import build_site, corpus, rec

from kb.core.config import load_config
from kb.web import create_app

SNAPSHOT = Path(__file__).parent / "data" / "api_snapshot.json"

REQUESTS: tuple[str, ...] = (
    "/api/search",
    "/api/search?q=BTBU",
    "/api/search?q=北京工商大学",
    "/api/search?q=btbu&topic=online_meeting",
    '/api/search?q="online exchange"',
    "/api/search?q=线上",
    "/api/search?q=Sheffield",
    "/api/search?q=-BTBU&per_page=5",
    "/api/search?q=BTBU OR ILO&sort=newest",
    "/api/search?partner=btbu&partner=sheffield",
    "/api/search?lang=zh&hl=zh",
    "/api/search?from=2021&to=2021-07",
    "/api/search?sort=oldest&page=2&per_page=5",
    "/api/search?q=研讨会&source=culr-ic",
    "/api/search?q=agreement",
    "/api/search?q=留学",
    "/api/search?q=GUFI",
    "/api/search?q=Hong Kong",
    "/api/search?topic=research&topic=planning&lang=en",
    "/api/search?q=workshop&from=2020&sort=newest&per_page=3",
    "/api/search?from=2022&to=2021",
    "/api/search?from=bad",
    "/api/search?per_page=0",
    f"/api/records/{rec(1)}",
    f"/api/records/{rec(9)}?hl=zh",
    "/api/records/nope",
    "/api/partners",
    "/api/partners?sort=name&hl=zh",
    "/api/partners/btbu",
    "/api/partners/gufi",
    "/api/partners/nope",
    "/api/topics?hl=zh",
    "/healthz",
)

#: Fields that differ between runs over identical data.
VOLATILE = {"took_ms", "generation", "started_at", "finished_at"}
#: Long lists (the 400 bundled partners) are kept as their head and their length.
LIST_HEAD = 25


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        head = [_stable(v) for v in value[:LIST_HEAD]]
        return head if len(value) <= LIST_HEAD else [*head, {"more": len(value) - LIST_HEAD}]
    return value


def answers(client: FlaskClient) -> dict[str, Any]:
    """Status and JSON body of every request, volatile fields removed."""
    found = {}
    for url in REQUESTS:
        response = client.get(url)
        found[url] = {"status": response.status_code, "body": _stable(response.get_json())}
    return found


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    config = load_config(build_site(tmp_path_factory.mktemp("snapshot"), corpus()))
    return create_app(config).test_client()


def test_api_answers_match_the_recorded_set(client: FlaskClient) -> None:
    found = answers(client)
    if os.environ.get("KB_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(
            json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(recorded)
    for url in REQUESTS:
        assert found[url] == recorded[url], url
