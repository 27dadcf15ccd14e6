// Behaviour every page shares. Pages work without it; it only moves focus and keeps forms honest.
(function () {
  // The error summary gets focus, so a screen reader announces it and Tab goes on to its links.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // A link in the summary moves focus to its field, not just the page to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
  });
  // A saved link to a notice on the list (/corrections/#CN-…, from before the list had pages) whose notice is no
  // longer on this page opens the notice's own page instead.
  var hash = window.location.hash.slice(1);
  if (window.location.pathname === "/corrections/" && /^CN-\d{4}-\d+$/.test(hash) && !document.getElementById(hash)) {
    window.location.replace("/corrections/" + hash + "/");
  }
})();
