# The front cache: keeps anonymous responses, shares the load between the app instances, and takes
# PURGE from the app (Wagtail's frontend-cache HTTP backend) for the exact URL and Host that changed.
# deploy/cluster.py fills in the @...@ values; on a real host, write the backends out by hand.
vcl 4.1;

import directors;

@BACKENDS@

# Only the app, on this machine, may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
@DIRECTOR_ADD@
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from " + client.ip));
        }
        # The object stored under this URL and this Host, and nothing else.
        return (purge);
    }

    # Health checks answer for this moment and this instance: never from the cache.
    if (req.url ~ "^/(healthz|readyz)(\?|$)") {
        return (pass);
    }
    # The admin and everything a signed-in editor asks for go straight to the app.
    if (req.url ~ "^/admin(/|$)" || req.http.Cookie ~ "(^|; )sessionid=") {
        return (pass);
    }
    # Otherwise Varnish's built-in rules apply: GET and HEAD without Cookie or Authorization are cached.
}

sub vcl_backend_fetch {
    # A retry goes to the next instance (the director is round-robin).
    set bereq.backend = app.backend();
}

sub vcl_backend_error {
    # An instance that stopped or restarted: try another one for requests that are safe to repeat.
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        return (retry);
    }
}

sub vcl_backend_response {
    # A page past its lifetime is delivered from the cache while it is fetched again in the background;
    # when that fetch fails (the app's 503 while the database is down, any 5xx), the stored page is kept
    # and served on, instead of being replaced by the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # An instance answering 502/503 while it stops: the same, for safe requests. The app's own 503 (the
    # database is down, for every instance alike) says Retry-After and is passed on at once.
    if (beresp.status >= 502 && beresp.status <= 504 && !beresp.http.Retry-After && (bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        return (retry);
    }
    # Pages stay servable for a while after they expire when every instance is down or failing.
    set beresp.grace = 1h;
    # Pages print their full URLs with the visitor's scheme (nginx's X-Forwarded-Proto): an http and an https
    # visitor each get a copy of their own. A PURGE of the URL drops both.
    if (!beresp.http.Vary) {
        set beresp.http.Vary = "X-Forwarded-Proto";
    } elsif (beresp.http.Vary !~ "(?i)x-forwarded-proto") {
        set beresp.http.Vary = beresp.http.Vary + ", X-Forwarded-Proto";
    }
    # Pages and other text are stored compressed, once: browsers (Accept-Encoding: gzip) get the stored
    # copy as it is, nginx at the edge need not compress each answer again, and Varnish unzips it for
    # the rare client that takes no gzip.
    if (beresp.http.Content-Type ~ "^(text/|application/(json|javascript|xml))" && !beresp.http.Content-Encoding) {
        set beresp.do_gzip = true;
    }
}

sub vcl_deliver {
    # Hit or miss, for the tests and for anyone reading the headers.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
