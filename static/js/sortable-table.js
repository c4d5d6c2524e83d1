/* Sort a table by a column when its header button is pressed.
 *
 * Markup: <table data-sortable>, header cells <th scope="col" aria-sort="...">
 * holding <button type="button" data-sort-type="number|text">. A cell may carry
 * data-sort-value (e.g. the raw number behind "£1,480"); otherwise its text is used.
 * Only <tbody> rows move; <tfoot> totals stay put. aria-sort tells screen readers
 * the current order, and a polite live region announces each change.
 */
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) { return type === "number" ? -Infinity : ""; }
    var raw = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    if (type === "number") {
      var number = parseFloat(String(raw).replace(/[^0-9.\-]/g, ""));
      return isNaN(number) ? -Infinity : number;
    }
    return String(raw).toLocaleLowerCase();
  }

  function sortBy(table, header, status) {
    var headers = Array.prototype.slice.call(header.parentNode.children);
    var index = headers.indexOf(header);
    var button = header.querySelector("button");
    var type = button.getAttribute("data-sort-type") || "text";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type);
      var y = cellValue(b, index, type);
      var order = type === "number" ? x - y : x.localeCompare(y);
      return ascending ? order : -order;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    headers.forEach(function (other) {
      if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    if (status) {
      status.textContent = "Sorted by " + button.textContent.trim() + ", " +
        (ascending ? "ascending" : "descending") + ".";
    }
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var status = document.getElementById(table.getAttribute("data-sort-status"));
    table.querySelectorAll("thead th[aria-sort] button").forEach(function (button) {
      button.addEventListener("click", function () {
        sortBy(table, button.closest("th"), status);
      });
    });
  });
})();
