/*
 * Main navigation as a disclosure on small screens.
 * Without this script the navigation stays fully visible: the stylesheet collapses it only
 * when <html> has the "js" class added here.
 */
(function () {
    "use strict";

    var toggle = document.querySelector("[data-nav-toggle]");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) {
        return;
    }

    document.documentElement.classList.add("js");

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function isOpen() {
        return toggle.getAttribute("aria-expanded") === "true";
    }

    toggle.addEventListener("click", function () {
        setOpen(!isOpen());
    });

    // Escape closes the open menu and returns focus to its button.
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && isOpen() && toggle.offsetParent !== null) {
            setOpen(false);
            toggle.focus();
        }
    });
})();
