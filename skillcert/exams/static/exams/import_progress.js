// Polls the import's status once a second and moves the progress bar; reloads when it ends (R-EXAM-3).
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished) { return; }
  var bar = document.getElementById("import-bar");
  var percent = document.getElementById("import-percent");
  var state = document.getElementById("import-state");
  var counts = document.getElementById("import-counts");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        percent.textContent = s.percent + "%";
        state.textContent = s.status_display;
        counts.textContent = s.counts_text;
        if (s.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
