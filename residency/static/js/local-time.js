/*
 * Shows a date and time given in US Eastern time in the reader's own time zone too.
 * Each <time data-local-time datetime="…"> fills the [data-local-time-output] element beside it.
 * Without this script the page still gives every time in Eastern Time.
 */
(function () {
    "use strict";

    var zone;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
        return;
    }
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        weekday: "long",
        year: "numeric",
        month: "long",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZoneName: "short"
    });

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
        output.textContent = "In your time zone" + (zone ? " (" + zone + ")" : "") + ": " + format.format(when);
        output.hidden = false;
    });
})();
