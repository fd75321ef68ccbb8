/*
 * Shows a date and time given in US Eastern time in the reader's own time zone too.
 * Each <time data-local-time datetime="…"> fills the [data-local-time-output] element beside it,
 * whose space the stylesheet keeps free, so the page does not move when the line appears.
 * Without this script the page still gives every time in Eastern Time.
 */
(function () {
    "use strict";

    // Short names ("Sat, Sep 27", "GMT+2") keep the line within the two lines kept for it, even in
    // the narrow facts panel.
    var format;
    try {
        format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
            weekday: "short",
            year: "numeric",
            month: "short",
            day: "numeric",
            hour: "numeric",
            minute: "2-digit",
            timeZoneName: "short"
        });
    } catch (error) {
        return;
    }

    // Minutes east of UTC written at the end of an ISO 8601 time, e.g. "-04:00" gives -240.
    function writtenOffset(value) {
        var match = /([+-])(\d{2}):(\d{2})$/.exec(value);
        if (!match) {
            return null;
        }
        var minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
        return match[1] === "-" ? -minutes : minutes;
    }

    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
        var value = element.getAttribute("datetime");
        var when = new Date(value);
        var output = element.parentElement.querySelector("[data-local-time-output]");
        if (!output || isNaN(when.getTime())) {
            return;
        }
        // A reader whose clock already shows Eastern Time at that moment needs no second line.
        if (writtenOffset(value) === -when.getTimezoneOffset()) {
            return;
        }
        output.textContent = "In your time zone: " + format.format(when);
    });
})();
