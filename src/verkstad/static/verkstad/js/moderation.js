/* Keyboard shortcuts for the moderation queue (documented on the page):
 *   j / k  next / previous statement      x  select or unselect it
 *   a      accept it                      r  reject it with the reason above
 * They do nothing while the focus is in a text field, a list of choices or anything
 * editable, or when a modifier key is held. Without this script the buttons do the same. */
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    var field = target.closest("input, textarea, select, [contenteditable]");
    if (!field) return false;
    if (field.tagName === "INPUT") {
      var type = (field.getAttribute("type") || "text").toLowerCase();
      return ["checkbox", "radio", "button", "submit", "reset"].indexOf(type) === -1;
    }
    return true;
  }

  function init() {
    var form = document.querySelector(".moderation__form");
    if (!form) return;
    var items = Array.prototype.slice.call(form.querySelectorAll("[data-mod-item]"));
    if (!items.length) return;
    var status = document.getElementById("moderation-status");
    var current = -1;

    function move(index) {
      if (index < 0 || index >= items.length) return;
      if (current >= 0) items[current].classList.remove("mod-item--current");
      current = index;
      items[current].classList.add("mod-item--current");
      items[current].focus();
    }

    function currentIndex(target) {
      var item = target && target.closest ? target.closest("[data-mod-item]") : null;
      var index = item ? items.indexOf(item) : -1;
      return index >= 0 ? index : current;
    }

    function hasReason() {
      var preset = form.querySelector("[name=preset]");
      var text = form.querySelector("[name=reason]");
      return (preset && preset.value) || (text && text.value.trim());
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target)) return;
      var key = event.key;
      if (["j", "k", "x", "a", "r"].indexOf(key) === -1) return;
      var index = currentIndex(event.target);
      if (key === "j") {
        move(index < 0 ? 0 : index + 1);
      } else if (key === "k") {
        move(index < 0 ? 0 : index - 1);
      } else if (index < 0) {
        move(0);
        return;
      } else if (key === "x") {
        var box = items[index].querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
      } else if (key === "a") {
        items[index].querySelector("[data-mod-accept]").click();
      } else if (key === "r") {
        if (!hasReason()) {
          if (status) status.textContent = form.getAttribute("data-need-reason");
          var preset = form.querySelector("[name=preset]");
          if (preset) preset.focus();
        } else {
          items[index].querySelector("[data-mod-reject]").click();
        }
      }
      event.preventDefault();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
