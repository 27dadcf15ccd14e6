"""Django's RedisCache, keeping one client per connection pool instead of building one per call.

Building a redis-py client sets up its reply callbacks each time, which costs more than a cache hit on
loopback; the client is thread-safe and its pool is already shared, so one per pool does.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_detainer_client", None)
        if client is None:
            client = pool._detainer_client = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient
