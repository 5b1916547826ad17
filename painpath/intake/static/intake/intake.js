// Show the part of the decision form that belongs to the chosen outcome; without script all show.
(function () {
  function sync(form) {
    var chosen = form.querySelector('input[name="outcome"]:checked');
    form.querySelectorAll(".outcome-part").forEach(function (part) {
      part.hidden = !!chosen && part.dataset.outcome !== chosen.value;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.decision-form").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function () { sync(form); });
    });
  });
})();
