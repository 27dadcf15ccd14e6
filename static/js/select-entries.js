(function () {
  var all = document.getElementById("select-all");
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="entries"]'));
  var out = document.getElementById("selected-count");
  function update() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    if (out) { out.textContent = n ? "(" + n + " selected)" : ""; }
  }
  if (all) {
    if (!boxes.length) { all.hidden = true; }  // nothing on this page can be selected
    all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); update(); });
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  var before = document.getElementById("select-before-period");
  if (before) {
    before.addEventListener("click", function () {
      boxes.forEach(function (b) { if (b.hasAttribute("data-before-period")) { b.checked = true; } });
      update();
    });
  }
  update();
})();
