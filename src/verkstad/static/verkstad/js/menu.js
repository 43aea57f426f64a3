/* The main menu folds behind a "Menu" button on narrow screens (a phone in a live session
 * should show the question, not six rows of links). Without JavaScript the menu stays open.
 */
(function () {
  "use strict";

  var button = document.querySelector(".menu-toggle");
  var narrow = window.matchMedia("(max-width: 40rem)");
  if (!button) {
    return;
  }

  function set(expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
  }

  function fit() {
    button.hidden = !narrow.matches;
    set(!narrow.matches);
  }

  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  narrow.addEventListener("change", fit);
  fit();
})();
