/*
 * Warn before leaving a change form whose fields were changed and not saved
 * (the browser's own "Leave site?" question). No dependencies.
 *
 * The form's values are read once the page has settled (the summary's
 * editor and the autocomplete boxes set theirs as they start) and again
 * when leaving: a difference means unsaved changes. Sending the form (any
 * of its buttons) is no loss, and a preview opens in another tab.
 */
"use strict";
{
  const SKIPPED = new Set(["csrfmiddlewaretoken", "edit_token"]);

  function state(form) {
    const pairs = [];
    for (const [name, value] of new FormData(form)) {
      if (!SKIPPED.has(name)) {
        pairs.push([name, value instanceof File ? value.name : value]);
      }
    }
    return JSON.stringify(pairs);
  }

  function watch(form) {
    let opened = state(form);
    let leaving = false;
    form.addEventListener("submit", (event) => {
      const button = event.submitter;
      // A preview posts to another tab: this one stays, with its changes.
      if (!button || button.getAttribute("formtarget") !== "_blank") {
        leaving = true;
      }
    });
    // Saved forms reopen with what was saved: that is the state to keep.
    form.fulcrumMarkSaved = () => {
      opened = state(form);
    };
    window.addEventListener("beforeunload", (event) => {
      if (leaving || state(form) === opened) {
        return;
      }
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function start() {
    const form = document.querySelector("#content-main form[method=post]");
    if (form && form.querySelector(".submit-row")) {
      watch(form);
    }
  }

  window.addEventListener("load", () => {
    // After the editors' own start-up writes.
    window.setTimeout(start, 300);
  });
}
