// «Alle auswählen»: checks every box of the named group in place. Without this script the link
// loads the same page with every box checked.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-select-all]") : null;
    if (!link) { return; }
    var group = document.getElementById(link.getAttribute("data-select-all"));
    if (!group) { return; }
    event.preventDefault();
    var boxes = group.querySelectorAll("input[type=checkbox]");
    var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
    Array.prototype.forEach.call(boxes, function (box) { box.checked = !all; });
  });
})();
