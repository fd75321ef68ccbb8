"""Django's Redis cache, except that an unreachable or hung Redis reads as a miss instead of an error.

Wagtail and the page cache both use the default cache on every request; without this, Redis going
down would turn every page into a 500. After a failure the process leaves Redis alone for
RETRY_SECONDS, so a hung server costs one timeout, not one per cache call; the log says once that
Redis went away and once that it is back.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
# Per process, per Redis address: until when the cache is skipped after a failure.
down_until = {}
# Per process: the Redis addresses found unreachable and not yet seen working again. The log says once
# when one goes down and once when it is back, however many cache calls the outage cost.
outages = set()


def _degrade(default):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            fallback = default(args, kwargs) if callable(default) else default
            servers = tuple(self._servers)
            if down_until.get(servers, 0) > time.monotonic():
                return fallback
            try:
                result = method(self, *args, **kwargs)
            except RedisError as error:
                down_until[servers] = time.monotonic() + RETRY_SECONDS
                if servers not in outages:
                    outages.add(servers)
                    logger.warning(
                        "Cache unavailable (%s: %s): pages are served uncached; Redis is tried again every %s s.",
                        type(error).__name__,
                        error,
                        RETRY_SECONDS,
                    )
                return fallback
            if servers in outages:
                outages.discard(servers)
                logger.warning("Cache available again: Redis answers.")
            return result

        return wrapper

    return decorator


def _get_default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are skipped while Redis cannot be reached."""

    get = _degrade(_get_default)(RedisCache.get)
    get_many = _degrade({})(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    add = _degrade(False)(RedisCache.add)
    set = _degrade(None)(RedisCache.set)
    set_many = _degrade(lambda args, kwargs: list(args[0]) if args else [])(RedisCache.set_many)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    delete_many = _degrade(None)(RedisCache.delete_many)
    clear = _degrade(None)(RedisCache.clear)
