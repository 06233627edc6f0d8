"""Which origins get CORS headers (endpoint/cors.py), without a socket."""

import pytest

from endpoint.cors import Cors, origin_key


@pytest.mark.parametrize(
    "given, key",
    [
        ("http://app.example:8080", "http://app.example:8080"),
        ("HTTP://App.Example:8080/", "http://app.example:8080"),
        ("http://app.example:80", "http://app.example"),
        ("https://app.example:443", "https://app.example"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("*", "*"),
        ("null", "null"),
    ],
)
def test_origins_are_compared_as_browsers_send_them(given, key):
    assert origin_key(given) == key


def test_only_the_configured_origins_are_answered():
    cors = Cors(["http://app.example:8080/"])
    assert cors.headers("http://app.example:8080") == [
        ("Access-Control-Allow-Origin", "http://app.example:8080")
    ]
    for other in ("http://app.example:8081", "https://app.example:8080", "http://evil.example", "null", None):
        assert cors.headers(other) == [] and not cors.allows(other)
    assert cors.vary  # answers differ by origin
    assert not Cors().allows("http://app.example:8080") and not Cors().vary  # off by default


def test_any_origin():
    cors = Cors(["*"])
    assert cors.headers("http://anything.example") == [("Access-Control-Allow-Origin", "*")]
    assert not cors.vary


def test_preflight_only_for_an_allowed_origin_asking():
    cors = Cors(["http://app.example:8080"])
    assert dict(cors.preflight("http://app.example:8080", "POST")) == {
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Headers": "Content-Type, Accept",
        "Access-Control-Max-Age": "7200",
    }
    assert cors.preflight("http://evil.example", "POST") == []
    assert cors.preflight("http://app.example:8080", None) == []  # a plain OPTIONS, not a preflight
