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

    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
        var when = new Date(element.getAttribute("datetime"));
        var output = element.parentElement.querySelector("[data-local-time-output]");
        if (!output || isNaN(when.getTime())) {
            return;
        }
        output.textContent = "In your time zone" + (zone ? " (" + zone + ")" : "") + ": " + format.format(when);
        output.hidden = false;
    });
})();
