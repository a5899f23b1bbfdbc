"use strict";
(function () {
  var body = document.body;
  // The server's clock, not the browser's: the offset is kept from each answer.
  var skew = Number(body.getAttribute("data-now")) * 1000 - Date.now();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // As the CLI writes a countdown: -H:MM:SS when overdue.
  function countdown(secs) {
    var s = Math.abs(secs);
    return (secs < 0 ? "-" : "") + Math.floor(s / 3600) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }
  function tick() {
    var now = Math.floor((Date.now() + skew) / 1000);
    var cells = document.querySelectorAll("[data-deadline]");
    for (var i = 0; i < cells.length; i++) {
      var left = Number(cells[i].getAttribute("data-deadline")) - now;
      cells[i].textContent = countdown(left);
      cells[i].classList.toggle("late", left < 0);
    }
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  // The open jobs again from data.json: text only through textContent, never as HTML.
  function render(d) {
    var list = document.getElementById("open");
    var out = document.createDocumentFragment();
    if (d.jobs.length === 0) { out.appendChild(el("p", "No open jobs.", "note")); }
    d.jobs.forEach(function (j) {
      var a = el("article", null, "job");
      a.appendChild(el("h3", "#" + j.id + " " + j.summary));
      a.appendChild(el("p", j.priority + " · logged " + j.logged + " · " + j.status, "sub"));
      var t = el("table");
      var h = el("tr");
      ["Clock", "State", "Deadline", "Business time left", "Due in"].forEach(function (x) { h.appendChild(el("th", x)); });
      t.appendChild(h);
      j.clocks.forEach(function (c) {
        var r = el("tr", null, c.state);
        r.appendChild(el("td", c.clock));
        r.appendChild(el("td", c.state, "state"));
        r.appendChild(el("td", c.deadline_text));
        r.appendChild(el("td", c.business_left_text));
        var due = el("td", c.due_text, "left");
        if (c.state === "running" && c.deadline_at !== null) { due.setAttribute("data-deadline", c.deadline_at); }
        r.appendChild(due);
        t.appendChild(r);
      });
      a.appendChild(t);
      out.appendChild(a);
    });
    list.replaceChildren(out);
    tick();
  }
  var refreshed = 0;
  function refresh() {
    fetch(body.getAttribute("data-feed"), { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        skew = d.now * 1000 - Date.now();
        render(d);
        refreshed += 1;
        body.setAttribute("data-refreshed", String(refreshed));
      })
      .catch(function () { /* offline a moment: the countdown keeps going */ });
  }
  body.setAttribute("data-live", "on");
  tick();
  setInterval(tick, 1000);
  if (body.hasAttribute("data-feed")) { setInterval(refresh, 30000); }
})();
