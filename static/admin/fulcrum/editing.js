/*
 * Presence on a change form (core.editing): every data-interval seconds,
 * post a heartbeat to data-url, then show who else is editing the record and
 * whether someone has saved it since this form was opened. Leaving the page
 * says so. Messages come from the server as text. No dependencies.
 */
"use strict";
{
  function show(element, text) {
    element.textContent = text || "";
    element.hidden = !text;
  }

  function start(box) {
    const form = box.closest("form");
    const csrf = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!csrf) {
      return;
    }
    const token = form.querySelector("input[name=edit_token]");
    const others = box.querySelector(".fulcrum-presence-others");
    const changed = box.querySelector(".fulcrum-presence-changed");
    const seconds = Math.max(1, Number(box.dataset.interval) || 30);

    function body(leaving) {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrf.value);
      data.append("ticket", box.dataset.ticket);
      if (token) {
        data.append("token", token.value);
      }
      if (leaving) {
        data.append("leave", "1");
      }
      return data;
    }

    let busy = false;
    async function beat() {
      if (busy) {
        return;
      }
      busy = true;
      try {
        const response = await fetch(box.dataset.url, {
          method: "POST",
          body: body(false),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (response.ok) {
          const answer = await response.json();
          show(others, answer.message);
          show(changed, answer.changed);
        }
      } catch {
        // Offline or the server restarting: the next heartbeat tries again.
      } finally {
        busy = false;
      }
    }

    window.setInterval(beat, seconds * 1000);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") {
        beat();
      }
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        beat();
      }
    });
    window.addEventListener("pagehide", () => {
      navigator.sendBeacon(box.dataset.url, body(true));
    });
  }

  function init() {
    const box = document.getElementById("fulcrum-presence");
    if (box) {
      start(box);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}
