/* The running total of a "share 100 points" form, as you type.
 *
 * Progressive enhancement: the page works without this script (the server
 * checks the total and shows the same message). Markup: inputs marked
 * data-points, and one element marked data-points-total (with
 * data-points-target, e.g. 100) that is an aria-live="polite" region, so a
 * screen reader hears the new total after each change without losing its place.
 */
(function () {
  "use strict";

  var output = document.querySelector("[data-points-total]");
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input[data-points]"));
  if (!output || !inputs.length) { return; }
  var target = parseInt(output.getAttribute("data-points-target"), 10) || 100;

  function total() {
    var sum = 0;
    var unreadable = false;
    inputs.forEach(function (input) {
      var text = input.value.trim();
      if (text === "") { return; }
      if (!/^\d+$/.test(text)) { unreadable = true; return; }
      sum += parseInt(text, 10);
    });
    return unreadable ? null : sum;
  }

  function sentence(sum) {
    if (sum === null) { return "Total: enter whole numbers of points to see the total."; }
    if (sum === target) { return "Total: " + sum + " of " + target + " points. Ready to save."; }
    if (sum < target) { return "Total: " + sum + " of " + target + " points. " + (target - sum) + " left to share."; }
    return "Total: " + sum + " of " + target + " points. " + (sum - target) + " too many: take some off.";
  }

  var timer = null;
  function update() {
    // Wait for a pause in typing, so each keystroke is not read out.
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var sum = total();
      output.textContent = sentence(sum);
      output.classList.toggle("text-success", sum === target);
      output.classList.toggle("text-danger-emphasis", sum !== null && sum !== target);
    }, 400);
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
