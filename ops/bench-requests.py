#!/usr/bin/env python3
"""Sequential request rate of a running hub's pekko-http side, from one client.

    ops/bench-requests.py [BASE_URL]      (default http://127.0.0.1:8080)

Measures GET /api/streams on one keep-alive connection and GET /health on a new connection
each, after a warm-up. One client waits for each answer, so this is latency-bound: it shows
what a request costs end to end, not how many the hub can serve at once.
"""
import http.client
import sys
import time
from urllib.parse import urlparse

url = urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
host, port = url.hostname, url.port or 80


def keep_alive(n):
    c = http.client.HTTPConnection(host, port, timeout=10)
    for _ in range(n):
        c.request("GET", "/api/streams")
        r = c.getresponse()
        r.read()
        assert r.status == 200, r.status
    c.close()


def new_connections(n):
    for _ in range(n):
        c = http.client.HTTPConnection(host, port, timeout=10)
        c.request("GET", "/health")
        r = c.getresponse()
        r.read()
        assert r.status == 200, r.status
        c.close()


for name, run, n in (("keep-alive GET /api/streams", keep_alive, 3000),
                     ("new connection GET /health", new_connections, 1000)):
    run(n // 5)
    t = time.perf_counter()
    run(n)
    dt = time.perf_counter() - t
    print(f"{name}: {n / dt:.0f} requests/s, {dt / n * 1000:.2f} ms each")
