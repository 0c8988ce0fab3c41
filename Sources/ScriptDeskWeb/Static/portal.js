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

// The queue console's overview: the part of the page marked data-console-live is replaced
// by each version the server sends (once a second while anything changes). A version that
// arrives while the keyboard is inside that part waits for the next, so focus is never
// lost; tables opened under the charts stay open.
document.addEventListener("DOMContentLoaded", function () {
  var region = document.querySelector("[data-console-live]");
  if (!region || !window.EventSource) return;
  var source = new EventSource(region.getAttribute("data-console-live"));
  source.onmessage = function (event) {
    if (region.contains(document.activeElement)) return;
    var open = Array.prototype.map.call(region.querySelectorAll("details"), function (item) { return item.open; });
    region.innerHTML = JSON.parse(event.data).html;
    Array.prototype.forEach.call(region.querySelectorAll("details"), function (item, index) {
      if (open[index]) item.open = true;
    });
  };
});

// A background action's page: its progress follows the server's, and the page reloads
// once to show the outcome when the action ends.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-action-live]");
  if (!box || !window.EventSource) return;
  var source = new EventSource(box.getAttribute("data-action-live"));
  source.onmessage = function (event) {
    var progress = JSON.parse(event.data);
    var bar = box.querySelector("progress");
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.done;
    bar.textContent = progress.text;
    box.querySelector("[data-action-text]").textContent = progress.text;
    box.querySelector("[data-action-state]").textContent = progress.state;
    if (!progress.running) {
      source.close();
      window.location.reload();
    }
  };
});
