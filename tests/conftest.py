"""Fixtures for every test."""

import pytest
from django.core.cache import cache

from core import pagecache


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: no page cached by an earlier test."""
    cache.clear()
    # And no cache failure remembered from an earlier test.
    pagecache.reset()
