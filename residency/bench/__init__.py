"""`make bench`: the site under gunicorn and wrk, beside a plain Django view and nginx as yardsticks."""
