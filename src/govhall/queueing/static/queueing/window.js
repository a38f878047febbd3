// Keyboard shortcuts of the window workstation: F1 叫下一位, F2 重呼, F3 开始办理, F4 办结, F6 过号.
// A key presses the workstation button marked with data-key, if it is there and enabled.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (!/^F\d{1,2}$/.test(event.key) || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var button = document.querySelector('#workstation button[data-key="' + event.key + '"]');
    if (button === null || button.disabled) {
      return;
    }
    event.preventDefault();
    // A key can come right after a swap, before htmx has wired the new form: wire it first, so
    // the press goes through htmx like a click instead of reloading the page.
    if (window.htmx && button.form) {
      window.htmx.process(button.form);
    }
    button.click();
  });
})();

// A refused move answers 400/403/409 with the panel saying why; show it like any other answer.
document.addEventListener("htmx:beforeSwap", function (event) {
  "use strict";
  var status = event.detail.xhr.status;
  if ((status === 400 || status === 403 || status === 409) && event.detail.target.id === "workstation") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
