// Page behaviours declared in the markup with data attributes, so that no template needs an inline
// script or an on* handler: the Content-Security-Policy forbids both (issue #17).
//   <form data-confirm="...">           asks before submitting
//   <button data-print>                  prints the page
//   <input type="checkbox" data-check-all="selector">  (un)checks every box matching the selector
//   <form data-no-submit>                never submits by itself (its script handles it)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-no-submit")) { event.preventDefault(); return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) window.print();
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-check-all")) return;
    document.querySelectorAll(box.getAttribute("data-check-all")).forEach(function (other) {
      if (other !== box) other.checked = box.checked;
    });
  });
})();
