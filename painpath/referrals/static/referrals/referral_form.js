/* The referral form: before sending, check completeness once more and ask the referrer to
   confirm when points are missing (DOMAIN.md D3). Without JavaScript the server asks instead. */
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("referral-form");
    var dialog = document.getElementById("confirm-dialog");
    if (!form || !dialog || typeof dialog.showModal !== "function") return;
    var live = document.getElementById("live-check");
    var list = document.getElementById("confirm-missing");
    var confirmed = false;
    var checking = false;

    function sendConfirmed() {
      confirmed = true;
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirm_incomplete";
      flag.value = "1";
      form.appendChild(flag);
      dialog.close();
      form.submit();
    }

    form.addEventListener("submit", function (event) {
      if (confirmed || event.submitter && event.submitter.name === "confirm_incomplete") return;
      event.preventDefault();
      if (checking) return;  // a second click while the check runs
      checking = true;
      var data = new FormData(form);
      data.delete("attachments");
      var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      fetch(form.dataset.checkUrl, { method: "POST", body: data, headers: { "X-CSRFToken": token } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
        .then(function (html) {
          checking = false;
          if (window.htmx) { htmx.swap(live, html, { swapStyle: "innerHTML" }); } else { live.innerHTML = html; }
          var summary = live.querySelector("[data-missing]");
          var missing = summary ? parseInt(summary.dataset.missing, 10) : 0;
          if (!missing) { confirmed = true; form.submit(); return; }
          list.innerHTML = "";
          live.querySelectorAll(".missing-list li a").forEach(function (a) {
            var li = document.createElement("li");
            li.textContent = a.textContent;
            list.appendChild(li);
          });
          dialog.showModal();
        })
        .catch(function () { confirmed = true; form.submit(); });
    });
    document.getElementById("confirm-send").addEventListener("click", sendConfirmed);
    document.getElementById("confirm-back").addEventListener("click", function () { dialog.close(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
