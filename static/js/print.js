/* Before printing: open every disclosure, so the tables it holds are on paper,
 * and size each chart to the printed page; afterwards put both back. */
(function () {
  "use strict";

  var PRINT_WIDTH = 680; // pixels across an A4 page inside its margins
  var opened = [];

  function charts() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".plotly-graph-div"),
      function (chart) { return chart._fullLayout && window.Plotly; }
    );
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
    charts().forEach(function (chart) {
      window.Plotly.relayout(chart, { width: PRINT_WIDTH });
    });
  });

  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
    charts().forEach(function (chart) {
      window.Plotly.relayout(chart, { width: null, autosize: true });
    });
  });
})();
