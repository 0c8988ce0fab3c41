// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js-enabled");
document.addEventListener("DOMContentLoaded", function () {
  // The error summary takes focus, so a screen reader announces the problems first.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});

// Live status: every tag marked data-request-status follows its request's status through
// server-sent events. A request's own page reloads once its copy is ready, to offer the download.
document.addEventListener("DOMContentLoaded", function () {
  var tags = document.querySelectorAll("[data-request-status]");
  if (!tags.length || !window.EventSource) return;
  var ids = Array.prototype.map.call(tags, function (tag) { return tag.getAttribute("data-request-status"); });
  var source = new EventSource("/requests/live?ids=" + encodeURIComponent(ids.join(",")));
  source.onmessage = function (event) {
    var change = JSON.parse(event.data);
    Array.prototype.forEach.call(tags, function (tag) {
      if (tag.getAttribute("data-request-status") !== change.id) return;
      var changed = tag.textContent !== change.label;
      tag.textContent = change.label;
      tag.className = "tag " + change.tag;
      if (changed && tag.hasAttribute("data-live") && (change.status === "ready" || change.status === "failed")) {
        window.location.reload();
      }
    });
  };
});
