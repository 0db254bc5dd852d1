"""Fixtures for every test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: no page cached by an earlier test."""
    cache.clear()
