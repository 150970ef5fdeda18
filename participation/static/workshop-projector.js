// The workshop's projector: fetch the wall every few seconds while the page is visible and not
// paused (the ETag makes an unchanged wall a 304). The pause switch is there because a refresh
// the viewer cannot stop fails WCAG 2.2.1; without JavaScript the page has a reload link instead.
(function () {
  var box = document.querySelector("[data-refresh-url]");
  var wall = document.querySelector("[data-wall]");
  if (!box || !wall || !window.fetch) return;
  var toggle = box.querySelector("[data-refresh-toggle]");
  var status = box.querySelector("[data-refresh-status]");
  var seconds = Math.max(2, parseInt(box.getAttribute("data-seconds"), 10) || 5);
  var etag = null, timer = null, paused = false;
  function ask() {
    var headers = etag ? {"If-None-Match": etag} : {};
    fetch(box.getAttribute("data-refresh-url"), {headers: headers, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 304 || !response.ok) return null;
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) { if (html !== null && html !== undefined) wall.innerHTML = html; })
      .catch(function () {});
  }
  function schedule() {
    clearInterval(timer);
    timer = null;
    if (!paused && document.visibilityState === "visible") timer = setInterval(ask, seconds * 1000);
  }
  function show() {
    toggle.textContent = box.getAttribute(paused ? "data-resume" : "data-pause");
    status.textContent = box.getAttribute(paused ? "data-paused" : "data-running");
  }
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    paused = !paused;
    if (!paused) ask();
    schedule();
    show();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !paused) ask();
    schedule();
  });
  show();
  schedule();
})();
