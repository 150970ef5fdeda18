// The organiser's page: ask for the number of answers every few seconds while the page is
// visible (a hidden tab asks nothing), with the ETag, so an unchanged count costs a 304.
(function () {
  var box = document.querySelector("[data-count-url]");
  if (!box || !window.fetch) return;
  var target = box.querySelector("[data-count]");
  var seconds = Math.max(2, parseInt(box.getAttribute("data-seconds"), 10) || 5);
  var etag = null, timer = null;
  function ask() {
    var headers = etag ? {"If-None-Match": etag} : {};
    fetch(box.getAttribute("data-count-url"), {headers: headers, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) return null;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data && target.textContent !== String(data.answered)) target.textContent = data.answered;
        if (data && data.status !== "open") window.location.reload();
      })
      .catch(function () {});
  }
  function schedule() {
    clearInterval(timer);
    timer = null;
    if (document.visibilityState === "visible") {
      timer = setInterval(ask, seconds * 1000);
    }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") ask();
    schedule();
  });
  schedule();
})();
