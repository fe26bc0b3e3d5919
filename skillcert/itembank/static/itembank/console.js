// Refresh the progress every 10 s unless the proctor is typing a reason.
setInterval(async function () {
  const active = document.activeElement;
  if (active && active.closest && active.closest("#console-rows")) return;
  const response = await fetch("?fragment=rows", { credentials: "same-origin" });
  if (response.ok) document.getElementById("console-rows").innerHTML = await response.text();
}, 10000);
