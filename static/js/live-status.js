// Pending work on a page ("PDF being generated", "Revision being published") updates in place: each
// placeholder names a status URL and which part of its answer it waits for; when that part is ready
// the placeholder becomes the link(s). The placeholder is a polite live region, so the change is read out.
(function () {
  var waiting = Array.prototype.slice.call(document.querySelectorAll("[data-status-url]"));
  if (!waiting.length || !window.fetch) { return; }
  var delay = 1500, stopAt = Date.now() + 15 * 60 * 1000;
  function links(part) { return part ? (Array.isArray(part) ? part : [part]) : []; }
  function fill(el, items) {
    el.textContent = "";
    el.classList.remove("pending");
    items.forEach(function (item, i) {
      if (i) { el.appendChild(document.createTextNode(", ")); }
      var a = document.createElement("a");
      a.href = item.href;
      a.textContent = item.text;
      el.appendChild(a);
    });
  }
  function poll() {
    var urls = {};
    waiting.forEach(function (el) { urls[el.getAttribute("data-status-url")] = true; });
    Promise.all(Object.keys(urls).map(function (url) {
      return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { return [url, body]; }, function () { return [url, null]; });
    })).then(function (answers) {
      var byUrl = {};
      answers.forEach(function (pair) { byUrl[pair[0]] = pair[1]; });
      waiting = waiting.filter(function (el) {
        var body = byUrl[el.getAttribute("data-status-url")];
        var items = body ? links(body[el.getAttribute("data-status-part")]) : [];
        if (!items.length) { return true; }
        fill(el, items);
        return false;
      });
      if (waiting.length && Date.now() < stopAt) {
        delay = Math.min(delay * 1.3, 10000);
        setTimeout(poll, delay);
      }
    });
  }
  setTimeout(poll, delay);
})();
