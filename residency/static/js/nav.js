/*
 * Main navigation as a disclosure on small screens.
 * The page comes with a <details> whose summary opens and closes the list beside it, so the menu
 * is collapsed from the first paint and works without this script. The script swaps the summary
 * for a <button aria-expanded aria-controls> of the same size and look, which names the list it
 * controls, and lets Escape close the menu.
 */
(function () {
    "use strict";

    var disclosure = document.querySelector("[data-nav-disclosure]");
    var menu = disclosure && document.getElementById(disclosure.getAttribute("data-nav-disclosure"));
    var summary = disclosure && disclosure.querySelector("summary");
    if (!menu || !summary) {
        return;
    }

    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = summary.className;
    toggle.setAttribute("aria-controls", menu.id);
    toggle.setAttribute("data-nav-toggle", "");
    while (summary.firstChild) {
        toggle.appendChild(summary.firstChild);
    }

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function isOpen() {
        return toggle.getAttribute("aria-expanded") === "true";
    }

    // Keep whatever the reader did before the script arrived.
    var hadFocus = document.activeElement === summary;
    setOpen(disclosure.open);
    disclosure.replaceWith(toggle);
    if (hadFocus) {
        toggle.focus();
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
