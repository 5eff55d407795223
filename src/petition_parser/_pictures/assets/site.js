// petition-parser's site: sorting and filtering of the index table.  The page is
// complete without this script; it only adds the controls.
"use strict";
(function () {
  var table = document.getElementById("petitions");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;

  function value(row, column, type) {
    var text = row.cells[column].getAttribute("data-sort");
    return type === "number" ? parseFloat(text) : text.toLowerCase();
  }

  function sortBy(column, direction) {
    var type = headers[column].getAttribute("data-type");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, column, type), y = value(b, column, type);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return direction === "ascending" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    for (var i = 0; i < headers.length; i++) {
      if (i === column) { headers[i].setAttribute("aria-sort", direction); }
      else { headers[i].removeAttribute("aria-sort"); }
    }
  }

  Array.prototype.forEach.call(headers, function (header, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = header.textContent;
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", function () {
      var now = header.getAttribute("aria-sort");
      var first = header.getAttribute("data-type") === "number" ? "descending" : "ascending";
      var other = first === "ascending" ? "descending" : "ascending";
      sortBy(column, now === first ? other : first);
    });
  });
  headers[1].setAttribute("aria-sort", "descending");

  var controls = document.getElementById("controls");
  var label = document.createElement("label");
  label.htmlFor = "filter";
  label.textContent = "Filter petitions";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "filter";
  input.placeholder = "words in the title, or an id";
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  controls.appendChild(label);
  controls.appendChild(input);
  controls.appendChild(status);
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.cells[0].textContent.toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = words.length ? shown + " of " + body.rows.length + " petitions shown" : "";
  });
})();
