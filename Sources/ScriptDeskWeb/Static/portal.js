// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js-enabled");
document.addEventListener("DOMContentLoaded", function () {
  // The error summary takes focus, so a screen reader announces the problems first.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});
