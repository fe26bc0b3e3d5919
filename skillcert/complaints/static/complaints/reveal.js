// "查看完整联系方式": reveal each masked field through the audited endpoint named on the button.
document.getElementById("reveal")?.addEventListener("click", async (event) => {
  const button = event.currentTarget;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value || button.dataset.csrf;
  for (const span of document.querySelectorAll("span[data-field]")) {
    const body = new URLSearchParams({field: span.dataset.field});
    const r = await fetch(button.dataset.url, {method: "POST", headers: {"X-CSRFToken": token}, body});
    if (r.ok) span.textContent = (await r.text()) || "—";
  }
});
