/* Open the data-entry grid on its newest periods.
 *
 * The grid (templates/includes/period_grid.html) runs oldest to newest, left
 * to right, and is wider than most windows: it scrolls sideways inside its own
 * box, with the row names kept in view. The newest periods are the ones people
 * come to fill in, so the box starts scrolled to its right end. Without this
 * script the grid works the same, opened on its oldest periods.
 */
(function () {
  "use strict";

  var scrollers = document.querySelectorAll(".period-grid-scroll");
  for (var i = 0; i < scrollers.length; i += 1) {
    var scroller = scrollers[i];
    // A cell the error summary links to is brought into view by the browser.
    if (!window.location.hash) {
      scroller.scrollLeft = scroller.scrollWidth;
    }
  }
})();
