"""The benchmark's own arithmetic and parsing (the benchmark itself runs with `make bench`, not here)."""

import pytest

from residency.bench import cluster, lighthouse
from residency.bench.driver import (
    THROUGHPUT_HEADERS,
    WrkResult,
    child_pids,
    format_table,
    parse_duration_ms,
    parse_wrk,
    peak_rss_kib,
    throughput_rows,
)

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8400/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.91ms    2.10ms  41.07ms   88.12%
    Req/Sec     2.06k   201.33     2.51k    71.00%
  Latency Distribution
     50%  612.00us
     75%    4.02ms
     90%    5.96ms
     99%    1.20s
  20512 requests in 5.01s, 301.29MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:   4094.21
Transfer/sec:     60.14MB
"""


def test_wrk_output_gives_rate_percentiles_in_milliseconds_and_errors():
    assert parse_wrk(WRK_OUTPUT) == WrkResult(requests_per_second=4094.21, p50_ms=0.612, p99_ms=1200.0, errors=12)


def test_wrk_output_without_errors_counts_none():
    clean = "\n".join(line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line)

    assert parse_wrk(clean).errors == 0


def test_wrk_output_without_latency_distribution_is_refused():
    without = "\n".join(line for line in WRK_OUTPUT.splitlines() if "%  " not in line or "Stdev" in line)

    with pytest.raises(ValueError, match="--latency"):
        parse_wrk(without)


@pytest.mark.parametrize(
    ("text", "milliseconds"), [("250.00us", 0.25), ("1.50ms", 1.5), ("2.00s", 2000.0), ("1.00m", 60_000.0)]
)
def test_wrk_durations_in_every_unit(text, milliseconds):
    assert parse_duration_ms(text) == pytest.approx(milliseconds)


def test_unknown_duration_unit_is_refused():
    with pytest.raises(ValueError):
        parse_duration_ms("3h")


def test_each_figure_is_set_against_both_yardsticks():
    plain = WrkResult(5000.0, 2.0, 8.0)
    nginx = {"/": WrkResult(20000.0, 0.5, 2.0)}
    page = WrkResult(4500.0, 3.0, 9.0, errors=1)

    (row,) = throughput_rows([("overview cached", "/", page)], plain, nginx)

    assert dict(zip(THROUGHPUT_HEADERS[:2], row[:2], strict=True)) == {"run": "overview cached", "req/s": "4500"}
    # req/s as a fraction of each yardstick, then p50 and p99 as multiples of each.
    assert row[2:] == ["0.900", "0.225", "3.00", "1.500", "6.000", "9.00", "1.125", "4.500", "1"]


def test_a_page_nginx_did_not_serve_has_no_nginx_ratio():
    (row,) = throughput_rows([("plain", "/elsewhere/", WrkResult(10.0, 1.0, 1.0))], WrkResult(10.0, 1.0, 1.0), {})

    assert row[2:4] == ["1.000", "-"]


def test_a_yardstick_that_served_nothing_gives_no_ratio_rather_than_failing():
    (row,) = throughput_rows([("page", "/", WrkResult(10.0, 1.0, 1.0))], WrkResult(0.0, 0.0, 0.0), {})

    assert row[2] == "-"


def test_table_columns_line_up():
    table = format_table(["run", "req/s"], [["overview cached", "4500"], ["apply miss", "90"]]).splitlines()

    assert table == [
        "run              req/s",
        "---------------  -----",
        "overview cached   4500",
        "apply miss          90",
    ]


def fake_process(proc, pid, parent, command="gunicorn: worker [residency.wsgi:application]", hwm_kib=123456):
    folder = proc / str(pid)
    folder.mkdir()
    # /proc/<pid>/stat: pid (comm) state ppid …; the command name may hold spaces and brackets.
    (folder / "stat").write_text(f"{pid} ({command}) S {parent} {pid} {pid} 0 -1 4194560\n")
    (folder / "status").write_text(f"Name:\tgunicorn\nVmPeak:\t  999999 kB\nVmHWM:\t  {hwm_kib} kB\nVmRSS:\t 100 kB\n")


def test_workers_are_the_children_of_the_master(tmp_path):
    fake_process(tmp_path, 100, 1, command="python")
    fake_process(tmp_path, 101, 100)
    fake_process(tmp_path, 102, 100)
    fake_process(tmp_path, 200, 1)
    (tmp_path / "self").mkdir()

    assert child_pids(100, proc=tmp_path) == [101, 102]


def test_peak_memory_is_the_high_water_mark(tmp_path):
    fake_process(tmp_path, 101, 100, hwm_kib=120832)

    assert peak_rss_kib(101, proc=tmp_path) == 120832


@pytest.mark.django_db
def test_plain_yardstick_view_returns_16_kb(client, settings):
    settings.ROOT_URLCONF = "residency.bench.urls"

    response = client.get("/")

    assert response.status_code == 200
    assert len(response.content) == 16 * 1024


def test_lighthouse_report_gives_the_four_scores_out_of_100_and_cls_and_lcp():
    report = {
        "categories": {
            "performance": {"score": 0.96},
            "accessibility": {"score": 1},
            "best-practices": {"score": 1.0},
            "seo": {"score": 0.54},
        },
        "audits": {
            "cumulative-layout-shift": {"numericValue": 0.0012},
            "largest-contentful-paint": {"numericValue": 1436.4},
        },
    }

    scores = lighthouse.summary(report)

    assert scores == {
        "performance": 96,
        "accessibility": 100,
        "best-practices": 100,
        "seo": 54,
        "cls": 0.0012,
        "lcp_ms": 1436.4,
    }
    assert lighthouse.summary_rows([("/apply/", scores)]) == [["/apply/", "96", "100", "100", "54", "0.001", "1436"]]


def test_capacity_is_the_fastest_step_whose_p99_stays_under_the_limit():
    steps = [
        (8, WrkResult(9000.0, 0.8, 4.0)),
        (32, WrkResult(11000.0, 2.5, 12.0)),
        (64, WrkResult(12000.0, 6.0, 49.9)),
        (128, WrkResult(12500.0, 12.0, 50.0)),
    ]

    assert cluster.capacity(steps) == (64, WrkResult(12000.0, 6.0, 49.9))
    # The same steps against a tighter limit: the 64-connection step no longer counts.
    assert cluster.capacity(steps, p99_limit_ms=20.0) == (32, WrkResult(11000.0, 2.5, 12.0))


def test_a_step_with_errors_does_not_count_towards_capacity():
    steps = [(8, WrkResult(9000.0, 0.8, 4.0)), (16, WrkResult(15000.0, 1.0, 5.0, errors=3))]

    assert cluster.capacity(steps) == (8, WrkResult(9000.0, 0.8, 4.0))
    assert cluster.capacity_rows(steps) == [
        ["8", "9000", "0.80", "4.00", "0", "yes"],
        ["16", "15000", "1.00", "5.00", "3", "no"],
    ]


def test_no_capacity_when_every_step_is_over_the_limit():
    assert cluster.capacity([(8, WrkResult(100.0, 40.0, 80.0))]) is None
    assert cluster.capacity([]) is None


def test_stack_figures_are_set_against_nginx_static_for_the_same_page():
    nginx = {"/": WrkResult(20000.0, 0.5, 2.0), "/apply/": WrkResult(10000.0, 1.0, 4.0)}
    measured = [
        ("overview via the stack", "/", WrkResult(16000.0, 1.0, 3.0)),
        ("nginx apply", "/apply/", nginx["/apply/"]),
    ]

    assert cluster.stack_rows(measured, nginx) == [
        ["overview via the stack", "16000", "0.800", "1.00", "2.000", "3.00", "1.500", "0"],
        ["nginx apply", "10000", "1.000", "1.00", "1.000", "4.00", "1.000", "0"],
    ]


def test_cpu_time_is_user_plus_system_of_the_processes_still_there(tmp_path):
    for pid, utime, stime in [(10, 250, 50), (11, 100, 0)]:
        (tmp_path / str(pid)).mkdir()
        # Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
        (tmp_path / str(pid) / "stat").write_text(f"{pid} (cache main) S 1 1 1 0 -1 0 0 0 0 0 {utime} {stime} 0 0\n")

    assert cluster.cpu_seconds([10, 11, 99], proc=tmp_path, ticks_per_second=100) == pytest.approx(4.0)


def test_cpu_per_request_from_the_rate_and_the_seconds_measured():
    result = WrkResult(10000.0, 1.0, 2.0)

    assert cluster.microseconds_per_request(1.0, 1.5, result, seconds=5) == pytest.approx(10.0)
    assert cluster.microseconds_per_request(1.0, 1.5, WrkResult(0.0, 0.0, 0.0), seconds=5) is None
    assert cluster.cpu_rows(
        {"overview via the stack": {"edge nginx": 30.0, "Varnish": 25.5}, "nginx overview": {"edge nginx": 18.0}}
    ) == [
        ["overview via the stack", "30.0", "25.5", "55.5"],
        ["nginx overview", "18.0", "-", "18.0"],
    ]
    assert cluster.cpu_rows({"apply via the stack": {"edge nginx": None, "Varnish": 20.0}}) == [
        ["apply via the stack", "-", "20.0", "-"]
    ]
