// The candidate's computer-based exam page (R-BANK-4).
// Every change gets the next sequence number and goes into a queue kept in localStorage; the
// queue is sent in order, one save at a time, and survives a reload, a crash or a lost
// connection. The server keeps the newest save per item, so a replayed save does no harm.
(function () {
  "use strict";
  const API = "/api/v1/public/itembank/";
  const root = document.getElementById("cbt");
  const $ = (sel) => root.querySelector(sel);
  const KEY = "skillcert.cbt";
  let store = JSON.parse(localStorage.getItem(KEY) || "null");
  let paper = null;
  let flushing = false;
  let secondsLeft = 0;
  let deadlineTimer = null;

  function persist() { localStorage.setItem(KEY, JSON.stringify(store)); }
  function setStatus(text, kind) {
    const el = $("#cbt-status");
    el.textContent = text;
    el.dataset.kind = kind || "";
  }
  function pendingText() {
    const n = store && store.queue ? store.queue.length : 0;
    if (!navigator.onLine) return "网络已断开：" + n + " 条作答待同步，恢复连接后自动提交";
    return n ? "正在保存（" + n + " 条待同步）" : "全部作答已保存";
  }
  function showError(message) { const el = $("#cbt-error"); el.textContent = message || ""; el.hidden = !message; }

  async function call(method, path, body) {
    const headers = { "Content-Type": "application/json" };
    if (store && store.token) headers["X-Sitting-Token"] = store.token;
    const response = await fetch(API + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data };
  }

  function merge(state) {
    // The server's saved answers, unless this page holds a newer one (still queued).
    store.answers = store.answers || {};
    for (const [key, saved] of Object.entries(state.answers || {})) {
      const local = store.answers[key];
      if (!local || local.seq <= saved.seq) store.answers[key] = saved;
    }
    store.seq = Math.max(store.seq || 0, state.last_seq || 0);
    persist();
  }

  function render(state) {
    paper = state;
    $("#cbt-signin").hidden = true;
    $("#cbt-exam").hidden = state.status !== "answering";
    $("#cbt-done").hidden = state.status === "answering";
    $("#cbt-who").textContent = state.name + "（准考证号 " + state.exam_number + "）· " + state.room + " · " + state.variant;
    paintWatermark(state.watermark);
    if (state.status !== "answering") {
      $("#cbt-result").textContent = state.score !== null ? "卷面得分：" + state.score : "已交卷，简答题评阅完成后公布成绩";
      clearInterval(deadlineTimer);
      return;
    }
    const list = $("#cbt-items");
    list.innerHTML = "";
    const nav = $("#cbt-nav");
    nav.innerHTML = "";
    state.items.forEach((item, index) => {
      const number = index + 1;
      const fs = document.createElement("fieldset");
      fs.className = "cbt-item";
      fs.id = "item-" + item.key;
      fs.dataset.key = item.key;
      const legend = document.createElement("legend");
      legend.textContent = number + ". " + item.stem + "（" + item.points + "分）";
      fs.appendChild(legend);
      const saved = (store.answers[item.key] || {}).response || [];
      if (item.type === "single" || item.type === "true_false" || item.type === "multiple") {
        const kind = item.type === "multiple" ? "checkbox" : "radio";
        item.options.forEach((option, i) => {
          const label = document.createElement("label");
          label.className = "cbt-option";
          const input = document.createElement("input");
          input.type = kind;
          input.name = "q-" + item.key;
          input.value = option.key;
          input.checked = saved.includes(option.key);
          input.addEventListener("change", () => changed(item));
          label.appendChild(input);
          const shown = item.type === "true_false" ? option.text : String.fromCharCode(65 + i) + ". " + option.text;
          label.appendChild(document.createTextNode(" " + shown));
          fs.appendChild(label);
        });
      } else {
        const label = document.createElement("label");
        label.className = "sr-only";
        label.htmlFor = "text-" + item.key;
        label.textContent = "第" + number + "题作答";
        const input = document.createElement(item.type === "short_answer" ? "textarea" : "input");
        input.id = "text-" + item.key;
        input.name = "q-" + item.key;
        if (input.tagName === "INPUT") input.type = "text";
        else input.rows = 4;
        input.value = saved[0] || "";
        let typing = null;
        input.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => changed(item), 600); });
        input.addEventListener("change", () => { clearTimeout(typing); changed(item); });
        fs.appendChild(label);
        fs.appendChild(input);
      }
      list.appendChild(fs);
      const link = document.createElement("a");
      link.href = "#item-" + item.key;
      link.textContent = number;
      link.dataset.key = item.key;
      link.setAttribute("aria-label", "第" + number + "题");
      nav.appendChild(link);
    });
    markAnswered();
    secondsLeft = state.seconds_left;
    tick();
    clearInterval(deadlineTimer);
    deadlineTimer = setInterval(tick, 1000);
    setStatus(pendingText(), store.queue.length ? "pending" : "ok");
  }

  function paintWatermark(text) {
    // The room and exam number, repeated faintly over the page; screen readers skip it.
    let mark = document.getElementById("cbt-watermark");
    if (!mark) {
      mark = document.createElement("div");
      mark.id = "cbt-watermark";
      mark.className = "cbt-watermark";
      mark.setAttribute("aria-hidden", "true");
      document.body.appendChild(mark);
    }
    mark.innerHTML = "";
    for (let i = 0; i < 24; i += 1) {
      const span = document.createElement("span");
      span.textContent = text || "";
      mark.appendChild(span);
    }
  }

  function responseOf(item) {
    const inputs = root.querySelectorAll('[name="q-' + item.key + '"]');
    if (item.type === "fill_in" || item.type === "short_answer") return [inputs[0].value];
    return Array.from(inputs).filter((i) => i.checked).map((i) => i.value);
  }

  function markAnswered() {
    root.querySelectorAll("#cbt-nav a").forEach((a) => {
      const answer = (store.answers[a.dataset.key] || {}).response || [];
      a.classList.toggle("answered", answer.some((r) => r && r.trim()));
    });
  }

  function changed(item) {
    const response = responseOf(item);
    store.seq = (store.seq || 0) + 1;
    store.answers[item.key] = { response, seq: store.seq };
    store.queue.push({ key: item.key, response, seq: store.seq });
    persist();
    markAnswered();
    flush();
  }

  async function flush() {
    if (flushing || !store || !store.queue.length) { if (store) setStatus(pendingText(), store.queue.length ? "pending" : "ok"); return; }
    flushing = true;
    setStatus(pendingText(), "pending");
    try {
      while (store.queue.length) {
        const save = store.queue[0];
        let result;
        try {
          result = await call("POST", "sittings/" + store.sitting + "/answers/", save);
        } catch (e) {
          setStatus(pendingText(), "offline");
          setTimeout(flush, 2000);
          return;
        }
        if (result.status === 200 || (result.status === 400 && result.data.code === "stale_sequence")) {
          store.queue.shift();
          persist();
          continue;
        }
        if (result.status === 400 && (result.data.code === "time_up" || result.data.code === "submitted")) {
          store.queue = [];
          persist();
          await refresh();
          return;
        }
        if (result.status === 403) { signedOut(result.data.detail); return; }
        setStatus("保存失败，稍后重试：" + (result.data.detail || result.status), "offline");
        setTimeout(flush, 3000);
        return;
      }
      setStatus(pendingText(), "ok");
    } finally {
      flushing = false;
    }
  }

  function tick() {
    if (secondsLeft <= 0) { $("#cbt-clock").textContent = "00:00"; clearInterval(deadlineTimer); finish(); return; }
    secondsLeft -= 1;
    const m = Math.floor(secondsLeft / 60), s = secondsLeft % 60;
    $("#cbt-clock").textContent = String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
  }

  async function refresh() {
    if (!store || !store.token) return;
    let result;
    try { result = await call("GET", "sittings/" + store.sitting + "/"); } catch (e) { return; }
    if (result.status === 403) { signedOut(result.data.detail); return; }
    if (result.status !== 200) return;
    merge(result.data);
    if (!paper || paper.status !== result.data.status) render(result.data);
    else { secondsLeft = result.data.seconds_left; }
  }

  async function finish() {
    await flush();
    let result;
    try { result = await call("POST", "sittings/" + store.sitting + "/submit/"); } catch (e) { setStatus("网络已断开，恢复后自动交卷", "offline"); setTimeout(finish, 3000); return; }
    if (result.status === 200 || (result.status === 400 && result.data.code === "submitted")) {
      if (result.status === 200) render(result.data); else await refresh();
      return;
    }
    showError(result.data.detail || "交卷失败");
  }

  function signedOut(message) {
    store = null;
    localStorage.removeItem(KEY);
    $("#cbt-exam").hidden = true;
    $("#cbt-done").hidden = true;
    $("#cbt-signin").hidden = false;
    showError(message || "请重新登录");
  }

  $("#cbt-signin form").addEventListener("submit", async (event) => {
    event.preventDefault();
    showError("");
    const form = event.target;
    const body = { exam_number: form.exam_number.value, id_number: form.id_number.value, session_code: form.session_code.value };
    let result;
    try { result = await fetch(API + "sign-in/", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }); }
    catch (e) { showError("无法连接服务器，请检查网络后重试"); return; }
    const data = await result.json();
    if (result.status !== 200) { showError(data.detail || "登录失败"); return; }
    const previous = store && store.sitting === data.state.sitting ? store : null;
    store = { token: data.token, sitting: data.state.sitting, seq: previous ? previous.seq : 0, queue: previous ? previous.queue : [], answers: previous ? previous.answers : {} };
    merge(data.state);
    render(data.state);
    flush();
  });

  $("#cbt-submit").addEventListener("click", async () => {
    const unanswered = paper.items.filter((i) => !((store.answers[i.key] || {}).response || []).some((r) => r && r.trim())).length;
    const question = unanswered ? "还有 " + unanswered + " 题未作答，确定交卷吗？交卷后不能再修改。" : "确定交卷吗？交卷后不能再修改。";
    if (window.confirm(question)) finish();
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", () => setStatus(pendingText(), "offline"));
  setInterval(refresh, 30000);
  setInterval(flush, 5000);

  if (store && store.token) {
    store.queue = store.queue || [];
    store.answers = store.answers || {};
    refresh().then(flush);
  } else {
    store = null;
  }
})();
