// Voting with htmx on the conversation page (the page works without this file).
// - An answer that says "no" (400: a bad vote, 429: too fast) still replaces the
//   statement card, so its message shows where the person is looking.
// - After a vote, focus moves to the new statement's heading; the page's live
//   region (#vote-status) announces that the vote was saved.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if ((status === 400 || status === 429) && target && target.id === "vote-card") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Fired on each element the swap settled; the new card is one of them.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "vote-card") {
      return;
    }
    var heading = document.getElementById("statement-heading");
    if (heading) {
      heading.focus();
    }
  });
})();
