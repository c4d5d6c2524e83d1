/* Keep a create form's one-time token when the browser goes Back to the form.
 *
 * Every create form carries a hidden one-time token (microsystems/forms/submissions.py),
 * so sending the same form twice creates one record. Going Back to a form that
 * was saved, though, fetches the page again with a new token while the browser
 * puts back what was typed; saving would then create a second record. So the
 * first token a page showed is kept in its own history entry (history.state), and
 * put back whenever that entry is shown again: if it was already used, the
 * server answers "already saved"; if not, the form creates as usual. A form
 * opened afresh (a link, a new tab) is a new history entry with a new token.
 * Without this script the forms still work; only Back-and-Save is not caught.
 */
(function () {
  "use strict";

  var input = document.querySelector('input[type="hidden"][name="submission_token"]');
  if (!input || !window.history || typeof window.history.replaceState !== "function") {
    return;
  }
  var state = window.history.state;
  if (state && typeof state === "object" && state.submissionToken) {
    input.value = state.submissionToken;
  } else {
    var kept = Object.assign({}, state && typeof state === "object" ? state : {});
    kept.submissionToken = input.value;
    window.history.replaceState(kept, "");
  }
})();
