// A QR code on a printed letter opens /umfragen/<slug>#code=ABCDE-23456. The code stays in the
// fragment, which browsers never send to the server, so no log ever sees it. This fills it in
// and removes it from the address bar; typing the code works just as well without JavaScript.
(function () {
  var match = /[#&]code=([A-Za-z0-9-]{1,40})/.exec(window.location.hash);
  var field = document.getElementById("code");
  if (!match || !field) return;
  field.value = match[1];
  history.replaceState(null, "", window.location.pathname + window.location.search);
})();
