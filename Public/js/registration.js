// Registration: «Weitere Person hinzufügen» without a round trip. The server does the same when
// this script does not run; the new block comes from the page's <template> and takes over what
// household members usually share from the first person.
(function () {
  "use strict";
  var form = document.getElementById("registration");
  var template = document.getElementById("person-template");
  var list = document.getElementById("persons");
  var add = document.getElementById("add-person");
  if (!form || !template || !list || !add || !("content" in template)) { return; }
  var carried = ["familyName", "nationality", "motherTongue", "entryDate", "moveInDate", "status", "permit", "asylumStatus"];
  var maximum = 20;

  function blocks() { return list.querySelectorAll("fieldset.person-block"); }

  // Gives a block the index `to`: names, ids, labels, descriptions and the remove button follow.
  function renumber(block, to) {
    var from = block.getAttribute("data-index");
    if (from === String(to)) { return; }
    var names = ["name", "id", "for", "aria-describedby", "aria-labelledby", "value"];
    var nodes = [block].concat(Array.prototype.slice.call(block.querySelectorAll("*")));
    nodes.forEach(function (node) {
      names.forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value === null) { return; }
        if (attribute === "value" && value !== "removePerson:" + from) { return; }
        var next = value.split("persons[" + from + "]").join("persons[" + to + "]")
          .split("p" + from + "-").join("p" + to + "-")
          .split("removePerson:" + from).join("removePerson:" + to);
        if (next !== value) { node.setAttribute(attribute, next); }
      });
    });
    block.setAttribute("data-index", String(to));
    var legend = block.querySelector("legend");
    if (legend && legend.firstChild && legend.firstChild.nodeType === 3) {
      legend.firstChild.nodeValue = legend.firstChild.nodeValue.replace(/\d+/, String(to + 1));
    }
  }

  add.addEventListener("click", function (event) {
    var count = blocks().length;
    if (count >= maximum) { return; }
    event.preventDefault();
    var block = template.content.querySelector("fieldset").cloneNode(true);
    renumber(block, count);
    carried.forEach(function (field) {
      var source = form.elements["persons[0][" + field + "]"];
      var target = block.querySelector("[name=\"persons[" + count + "][" + field + "]\"]");
      if (source && target && source.value !== undefined) { target.value = source.value; }
    });
    list.appendChild(block);
    var first = block.querySelector("[name=\"persons[" + count + "][givenName]\"]");
    if (first) { first.focus(); }
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[value^=\"removePerson:\"]") : null;
    if (!button || blocks().length < 2) { return; }
    event.preventDefault();
    var block = button.closest("fieldset.person-block");
    block.parentNode.removeChild(block);
    Array.prototype.forEach.call(blocks(), function (each, index) { renumber(each, index); });
    add.focus();
  });
})();
