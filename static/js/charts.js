/* Draw every chart on the page with plotly.js.
 *
 * The server writes each figure as a JSON data block (core.tables.
 * figure_html): <div class="plotly-graph-div"><script type="application/json"
 * data-chart-figure>{"data": [...], "layout": {...}, "config": {...}}</script></div>.
 * A data block is never run, so the page needs no inline script and its
 * Content-Security-Policy can refuse them all. Without JavaScript the table of
 * numbers beside each chart still tells the same story.
 */
(function () {
  "use strict";

  document.querySelectorAll("script[data-chart-figure]").forEach(function (block) {
    var figure = JSON.parse(block.textContent);
    Plotly.newPlot(block.parentElement, figure.data, figure.layout, figure.config);
  });
})();
