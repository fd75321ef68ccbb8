"""`make lighthouse`: Lighthouse (mobile) on every public page, served as in production, with Debian's Chromium."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .driver import BenchError, format_table, gunicorn, prepare, production_env, say

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME = "/usr/bin/chromium"


def summary(report):
    """The four category scores (0–100), CLS and LCP (ms) from a Lighthouse JSON report."""
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = report["audits"]
    return {
        **scores,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
    }


def summary_rows(results):
    """[(path, summary)] as table rows."""
    return [
        [path, *(str(scores[name]) for name in CATEGORIES), f"{scores['cls']:.3f}", f"{scores['lcp_ms']:.0f}"]
        for path, scores in results
    ]


SUMMARY_HEADERS = ["page", *CATEGORIES, "CLS", "LCP ms"]


def run(paths, port=8404, out=None):
    """Serve the site under gunicorn on loopback, run Lighthouse on each path, return the table as text."""
    npx = shutil.which("npx")
    if not npx:
        raise BenchError("`npx` is not installed: `apt-get install npm`.")
    chrome = os.environ.get("CHROME_PATH", CHROME)
    if not Path(chrome).exists():
        raise BenchError(f"No Chromium at {chrome}: `apt-get install chromium`, or set CHROME_PATH.")
    tmp = Path(tempfile.mkdtemp(prefix="residency-lighthouse-"))
    server = None
    try:
        env = production_env(tmp)
        prepare(env)
        server = gunicorn("site", port, env, tmp).start()
        server.wait_until_ready()
        results = []
        for path in paths:
            if out:
                say(out, f"Lighthouse {path} …")
            report = tmp / "report.json"
            argv = [npx, "-y", LIGHTHOUSE, server.url(path), "--quiet", "--output=json", f"--output-path={report}"]
            argv += [f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox"]
            result = subprocess.run(  # noqa: S603 (our own fixed argv)
                argv, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300
            )
            if result.returncode or not report.exists():
                raise BenchError(f"Lighthouse failed on {path}:\n{result.stdout}{result.stderr}")
            results.append((path, summary(json.loads(report.read_text()))))
        return format_table(SUMMARY_HEADERS, summary_rows(results))
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
