"""The replay server is as strict as a provider and as the recordings: a request that does not match is refused,
so a test cannot pass on a prompt or a correction other than the one recorded."""
from __future__ import annotations

import httpx

CORRECTED = "list the loyalty tier of each customer"


def chat(url: str, messages: list[dict], headers: dict | None = None) -> httpx.Response:
    body = {"model": "m", "messages": [{"role": "system", "content": "..."}, *messages]}
    return httpx.post(f"{url}/v1/chat/completions", json=body, trust_env=False,
                      headers={"Authorization": "Bearer sk-test"} if headers is None else headers)


def test_a_correction_that_does_not_name_the_recorded_problem_is_refused(replay):
    first = {"role": "user", "content": f"## Tables\ntable customers ...\n\n## Question\n{CORRECTED}"}
    assert chat(replay.url, [first]).status_code == 200
    vague = [first, {"role": "assistant", "content": "{}"}, {"role": "user", "content": "Try again."}]
    r = chat(replay.url, vague)
    assert r.status_code == 400 and "does not hold" in r.json()["error"]["message"]
    assert len(replay.mismatches) == 1
    replay.mismatches.clear()


def test_an_unrecorded_question_and_a_request_without_a_key_are_refused(replay):
    assert chat(replay.url, [{"role": "user", "content": "## Question\nwhat is the meaning of life"}]).status_code == 400
    assert chat(replay.url, [{"role": "user", "content": f"## Question\n{CORRECTED}"}], headers={}).status_code == 401
    r = httpx.post(f"{replay.url}/v1/messages", trust_env=False, headers={"x-api-key": "k"},
                   json={"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 400 and "anthropic-version" in r.json()["error"]["message"]
    assert len(replay.mismatches) == 3
    replay.mismatches.clear()
