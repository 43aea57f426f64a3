/* Live sessions: keep the phone, the projector and the facilitator's page current.
 *
 * The page's [data-live] element names its mode and its event stream. Updates arrive as
 * server-sent events; after repeated failures the page polls the JSON state instead and
 * tries the stream again a minute later. Phone answers are sent with fetch and retried
 * with back-off if the connection blinks; the server stores one answer per question, so a
 * retry counts once. Without JavaScript every form still posts and redirects.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-live]");
  if (!root) {
    return;
  }
  var mode = root.getAttribute("data-live");
  var streamUrl = root.getAttribute("data-stream-url");
  var stateUrl = root.getAttribute("data-state-url");
  var activityUrl = root.getAttribute("data-activity-url");
  var token = root.getAttribute("data-token") || "";
  var announcer = document.getElementById("live-announce");
  var offline = document.querySelector("[data-live-offline]");
  var source = null;
  var failures = 0;
  var pollTimer = null;

  function announce(text) {
    if (!announcer || !text) {
      return;
    }
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text.replace(/\s+/g, " ").trim();
    }, 100);
  }

  function showOffline(on) {
    if (offline) {
      offline.hidden = !on;
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    });
  }

  function headers() {
    return { "X-Requested-With": "live" };
  }

  function focusMessage(container) {
    var target = container.querySelector("[data-live-focus]");
    if (target) {
      target.focus();
    }
  }

  // Activities this phone has answered: the stream's shared question does not show its
  // own answer, so for these the phone fetches its own page instead.
  var answeredKey = "verkstad-live-answered:" + (streamUrl || "");
  var answered = {};
  try {
    answered = JSON.parse(window.sessionStorage.getItem(answeredKey) || "{}") || {};
  } catch (error) {
    answered = {};
  }

  function noteAnswered(container) {
    var fragment = container.querySelector("[data-activity]");
    if (fragment && fragment.hasAttribute("data-answered")) {
      answered[fragment.getAttribute("data-activity")] = true;
      try {
        window.sessionStorage.setItem(answeredKey, JSON.stringify(answered));
      } catch (error) {
        // Private mode may refuse storage; the in-page record still works.
      }
    }
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // A question from the stream is rendered once for many phones, without a CSRF token.
  function giveForms(container) {
    var token = csrfToken();
    container.querySelectorAll("form[data-live-form]").forEach(function (form) {
      if (!form.querySelector("input[name=csrfmiddlewaretoken]")) {
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = "csrfmiddlewaretoken";
        field.value = token;
        form.insertBefore(field, form.firstChild);
      }
    });
  }

  function showQuestion(container, html, results) {
    container.innerHTML = html;
    giveForms(container);
    var section = document.getElementById("live-results");
    if (section && results) {
      section.innerHTML = results;
    }
    var prompt = container.querySelector(".live-prompt");
    announce(prompt ? prompt.textContent : "");
  }

  function refreshActivity() {
    var container = document.getElementById("live-activity");
    if (!container || !activityUrl) {
      return;
    }
    fetch(activityUrl, { headers: headers(), credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        showQuestion(container, html, "");
        noteAnswered(container);
      })
      .catch(function () {
        showOffline(true);
      });
  }

  function update(data) {
    showOffline(false);
    if (mode === "phone") {
      if (data.token !== token) {
        token = data.token;
        var container = document.getElementById("live-activity");
        var usable =
          typeof data.question === "string" &&
          (data.question_for === "everyone" || !answered[String(data.activity)]);
        if (container && usable) {
          showQuestion(container, data.question, data.results);
        } else {
          refreshActivity();
        }
      } else if (data.results) {
        var results = document.getElementById("live-results");
        if (results && results.innerHTML !== data.results) {
          results.innerHTML = data.results;
        }
      }
      return;
    }
    var board = document.getElementById("live-board");
    if (board && typeof data.html === "string") {
      board.innerHTML = data.html;
    }
    if (data.token !== token) {
      token = data.token;
      var status = board ? board.querySelector("[data-announce]") : null;
      if (mode === "presenter" && status) {
        announce(status.textContent);
      }
    }
  }

  function poll() {
    if (!stateUrl) {
      return;
    }
    fetch(stateUrl, { headers: headers(), credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          update(data);
        }
      })
      .catch(function () {
        showOffline(true);
      });
  }

  function startPolling() {
    if (pollTimer !== null) {
      return;
    }
    poll();
    pollTimer = window.setInterval(poll, 2000);
    // Try the stream again later: the failure may have been passing.
    window.setTimeout(function () {
      window.clearInterval(pollTimer);
      pollTimer = null;
      connect();
    }, 60000);
  }

  function connect() {
    if (!streamUrl || !window.EventSource) {
      startPolling();
      return;
    }
    failures = 0;
    source = new window.EventSource(streamUrl);
    source.addEventListener("update", function (event) {
      failures = 0;
      update(JSON.parse(event.data));
    });
    source.addEventListener("gone", function () {
      source.close();
      window.location.reload();
    });
    source.onerror = function () {
      failures += 1;
      showOffline(true);
      // The browser reconnects by itself; give up on the stream only if that keeps failing.
      if (source.readyState === window.EventSource.CLOSED || failures > 3) {
        source.close();
        startPolling();
      }
    };
  }

  async function send(form) {
    var container = document.getElementById("live-activity");
    var button = form.querySelector("[type=submit]");
    var body = new FormData(form);
    if (button) {
      button.disabled = true;
    }
    for (var attempt = 0; attempt < 6; attempt += 1) {
      try {
        var response = await fetch(form.action, {
          method: "POST",
          body: body,
          headers: headers(),
          credentials: "same-origin",
        });
        if (response.status >= 500 && attempt < 5) {
          throw new Error("server error " + response.status);
        }
        var html = await response.text();
        if (response.status === 403) {
          window.location.reload();
          return;
        }
        showOffline(false);
        container.innerHTML = html;
        noteAnswered(container);
        var fresh = container.querySelector("[data-token]");
        if (fresh) {
          token = fresh.getAttribute("data-token");
        }
        focusMessage(container);
        return;
      } catch (error) {
        showOffline(true);
        await sleep(400 * Math.pow(2, attempt));
      }
    }
    if (button) {
      button.disabled = false;
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (mode !== "phone" || !form.hasAttribute("data-live-form")) {
      return;
    }
    event.preventDefault();
    send(form);
  });

  var initial = document.getElementById("live-activity");
  if (initial) {
    noteAnswered(initial);
  }
  connect();
})();
