/*
 * A piece's Tags field suggests existing tags as the editor types the
 * current one (after the last comma); choosing one replaces what was typed
 * and leaves the others, in their order. New tags may still be typed by
 * those who may create them; for the others the list says so (the server
 * refuses new tags for them either way: CommentaryAdminForm.clean_tags).
 */
"use strict";
{
  function current(input) {
    const parts = input.value.split(",");
    return parts[parts.length - 1].trim().replace(/^"|"$/g, "");
  }

  function replaceCurrent(input, name) {
    const parts = input.value.split(",");
    const shown = name.includes(" ") || name.includes(",") ? `"${name}"` : name;
    parts[parts.length - 1] = (parts.length > 1 ? " " : "") + shown;
    input.value = `${parts.join(",")}, `;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.focus();
  }

  function attach(input) {
    const list = document.createElement("ul");
    list.className = "fulcrum-tag-suggestions";
    list.id = `${input.id}_suggestions`;
    list.setAttribute("aria-label", "Existing tags");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.after(list);
    let asked = 0;
    let timer = null;

    function show(names, term) {
      list.replaceChildren();
      for (const name of names) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = name;
        button.addEventListener("click", () => {
          replaceCurrent(input, name);
          list.hidden = true;
        });
        item.append(button);
        list.append(item);
      }
      const known = names.some((name) => name.toLowerCase() === term.toLowerCase());
      if (!known && input.dataset.mayAdd !== "yes") {
        const note = document.createElement("li");
        note.className = "fulcrum-tag-note";
        note.textContent = `“${term}” is not a tag yet: only editors create tags.`;
        list.append(note);
      }
      list.hidden = list.children.length === 0;
    }

    async function suggest() {
      const term = current(input);
      const mine = ++asked;
      if (!term) {
        list.hidden = true;
        return;
      }
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("term", term);
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok && mine === asked) {
        show((await response.json()).tags, term);
      }
    }

    input.addEventListener("input", (event) => {
      if (!event.isTrusted) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && !list.hidden) {
        const first = list.querySelector("button");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    list.addEventListener("keydown", (event) => {
      const buttons = Array.from(list.querySelectorAll("button"));
      const at = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < buttons.length - 1) {
        event.preventDefault();
        buttons[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? buttons[at - 1] : input).focus();
      } else if (event.key === "Escape") {
        list.hidden = true;
        input.focus();
      }
    });
  }

  window.addEventListener("DOMContentLoaded", () => {
    for (const input of document.querySelectorAll("input.fulcrum-tags")) {
      if (input.dataset.suggestUrl) {
        attach(input);
      }
    }
  });
}
