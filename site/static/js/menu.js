/*
 * The header's "Meny" button (includes/header.html). On narrow screens it folds the search form
 * and the main menu away; from 48em up the CSS hides the button and shows both, whatever the
 * button's state. Without this script the button stays hidden and the menu stays open.
 */
(() => {
    const header = document.querySelector(".site-header");
    const button = header && header.querySelector(".menu-toggle");
    const menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
        return;
    }
    const isOpen = () => button.getAttribute("aria-expanded") === "true";
    const setOpen = (open) => {
        button.setAttribute("aria-expanded", String(open));
        header.classList.toggle("site-header--menu-open", open);
    };
    setOpen(false);
    header.classList.add("site-header--collapsible");
    button.hidden = false;
    button.addEventListener("click", () => setOpen(!isOpen()));
    // Escape closes an open menu and gives focus back to the button that opened it.
    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && isOpen() && getComputedStyle(button).display !== "none") {
            setOpen(false);
            button.focus();
        }
    });
})();
