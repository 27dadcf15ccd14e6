// The decision form: the correction-only choices apply only to "Corrected". With "Upheld" chosen they
// are disabled (not sent, and shown as not applying) and hidden, so nothing checked there can mislead.
(function () {
  var outcome = document.querySelectorAll('input[name="outcome"]');
  var fields = document.querySelector("fieldset.correction-fields");
  if (!outcome.length || !fields) { return; }
  var note = document.createElement("p");
  note.className = "help";
  note.id = "correction-fields-note";
  note.textContent = "Upheld: the entries stay as published, so there is nothing to remove or amend.";
  fields.parentNode.insertBefore(note, fields);
  function update() {
    var chosen = document.querySelector('input[name="outcome"]:checked');
    var upheld = chosen && chosen.value === "upheld";
    fields.disabled = upheld;
    fields.hidden = upheld;
    note.hidden = !upheld;
  }
  Array.prototype.forEach.call(outcome, function (radio) { radio.addEventListener("change", update); });
  update();
})();
