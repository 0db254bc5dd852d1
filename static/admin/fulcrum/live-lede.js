/*
 * The commentary form's generated lede, written again as the authors, the
 * kind and the outlet change, before saving; and, beside an outside
 * author's name that is a spelling of an APLN member's, a button that links
 * the member instead. The server writes both (CommentaryAdmin's lede/ URL,
 * articles/admin_preview.py), so the wording is the public page's.
 */
"use strict";
{
  const WATCHED =
    "select[name=kind], select[name=outlet], [name^='authorships-']";
  let timer = null;
  let asked = 0;

  function ledeBox() {
    return document.querySelector(".field-generated_lede_display .readonly");
  }

  function linkMember(row, member) {
    const select = row.querySelector("select[name$='-member']");
    const name = row.querySelector("input[name$='-name']");
    if (select === null || name === null) {
      return;
    }
    select.append(new Option(member.name, member.id, true, true));
    name.value = "";
    // The autocomplete box (select2) listens to jQuery's change event.
    window.django.jQuery(select).trigger("change");
  }

  function offer(form, suggestions) {
    for (const old of form.querySelectorAll(".fulcrum-member-offer")) {
      old.remove();
    }
    for (const [rowId, members] of Object.entries(suggestions)) {
      const row = document.getElementById(rowId);
      const cell = row && row.querySelector("td.field-name");
      if (!cell) {
        continue;
      }
      const offerBox = document.createElement("div");
      offerBox.className = "fulcrum-member-offer";
      offerBox.setAttribute("role", "status");
      for (const member of members) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.textContent = `Link APLN member ${member.name}`;
        button.addEventListener("click", () => {
          linkMember(row, member);
          refresh(form);
        });
        offerBox.append(button);
      }
      cell.append(offerBox);
    }
  }

  async function refresh(form) {
    const url = document.getElementById("fulcrum-desk").dataset.ledeUrl;
    const mine = ++asked;
    const response = await fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok || mine !== asked) {
      return;
    }
    const answer = await response.json();
    const box = ledeBox();
    if (box) {
      box.textContent = answer.lede || "Add authors to generate a lede.";
    }
    offer(form, answer.members);
  }

  function later(form) {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => refresh(form), 250);
  }

  window.addEventListener("load", () => {
    const desk = document.getElementById("fulcrum-desk");
    const form = desk && desk.closest("form");
    if (!form || !desk.dataset.ledeUrl) {
      return;
    }
    // jQuery's handlers also hear the autocomplete boxes' changes.
    window.django.jQuery(form).on("change input", WATCHED, () => later(form));
    // Rows added, removed or moved change the authors too.
    form.addEventListener("click", (event) => {
      if (event.target.closest(".inline-deletelink, .fulcrum-order-controls")) {
        later(form);
      }
    });
    refresh(form);
  });
}
