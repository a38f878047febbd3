// Window intake form: show only the chosen applicant kind's fields (without JavaScript both groups
// stay visible and the chosen kind decides which are read), and mark checklist rows by outcome: a row
// marked 已收 gets the expected counts in the count boxes the clerk left empty.
(function () {
  "use strict";

  function showKind(form) {
    var checked = form.querySelector('input[name="applicant-kind"]:checked');
    var kind = checked ? checked.value : "person";
    form.querySelectorAll("[data-kind-group]").forEach(function (group) {
      group.hidden = group.getAttribute("data-kind-group") !== kind;
    });
  }

  function markRow(select) {
    var row = select.closest("tr");
    if (row === null) {
      return;
    }
    row.setAttribute("data-outcome", select.value);
    if (select.value === "received") {
      row.querySelectorAll("input[data-expected]").forEach(function (count) {
        if (count.value === "") {
          count.value = count.getAttribute("data-expected");
        }
      });
    }
    if (select.value === "not_compliant") {
      var problem = row.querySelector('input[name$="-problem"]');
      if (problem !== null && problem.value === "") {
        problem.focus();
      }
    }
  }

  document.querySelectorAll("form.intake-form").forEach(function (form) {
    form.classList.add("js");
    showKind(form);
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === "applicant-kind") {
        showKind(form);
      } else if (target.hasAttribute("data-material-outcome")) {
        markRow(target);
      }
    });
  });
})();
