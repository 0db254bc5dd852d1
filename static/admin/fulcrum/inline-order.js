/*
 * Ordered inlines (authors of a commentary): move rows with the up and down
 * buttons or by dragging the handle, and number the position fields in the
 * order shown, again just before the form is sent. No dependencies.
 *
 * Applies to tabular inlines whose fieldset has the class "fulcrum-orderable"
 * and a "position" column. Rows never change their form index (their input
 * names); only the position numbers follow the order on screen.
 */
"use strict";
{
  const GROUP = ".js-inline-admin-formset";

  function orderableGroups(root) {
    return Array.from(root.querySelectorAll(GROUP)).filter((group) =>
      group.querySelector("fieldset.fulcrum-orderable")
    );
  }

  function prefixOf(group) {
    return JSON.parse(group.dataset.inlineFormset).options.prefix;
  }

  function formRows(group) {
    return Array.from(
      group.querySelectorAll("tbody > tr.form-row:not(.empty-form)")
    );
  }

  function positionInput(row) {
    return row.querySelector("td.field-position input");
  }

  // A new row with nothing filled in stays unnumbered: the server skips it.
  function isBlankNewRow(row) {
    if (row.classList.contains("has_original")) {
      return false;
    }
    const fields = row.querySelectorAll(
      "td:not(.field-position) input:not([type=hidden]):not([type=checkbox]), " +
        "td:not(.field-position) select, td:not(.field-position) textarea"
    );
    return Array.from(fields).every((field) => field.value.trim() === "");
  }

  function isMarkedForDeletion(row) {
    const box = row.querySelector("input[type=checkbox][name$='-DELETE']");
    return box !== null && box.checked;
  }

  function renumber(group) {
    // Shown from 1, as editors count; the server stores 0, 1, 2...
    let position = 1;
    for (const row of formRows(group)) {
      const input = positionInput(row);
      if (input === null) {
        continue;
      }
      if (isBlankNewRow(row) || isMarkedForDeletion(row)) {
        if (!row.classList.contains("has_original")) {
          input.value = "";
        }
        continue;
      }
      input.value = position;
      position += 1;
    }
  }

  // Keep a row's "errors" line above it when the row moves.
  function moveRow(row, reference) {
    const errors = row.previousElementSibling;
    const parent = row.parentNode;
    parent.insertBefore(row, reference);
    if (errors && errors.classList.contains("row-form-errors")) {
      parent.insertBefore(errors, row);
    }
  }

  function rowBefore(row) {
    let previous = row.previousElementSibling;
    while (previous && !previous.classList.contains("form-row")) {
      previous = previous.previousElementSibling;
    }
    return previous;
  }

  function rowAfter(row) {
    let next = row.nextElementSibling;
    while (next && !next.classList.contains("form-row")) {
      next = next.nextElementSibling;
    }
    return next && !next.classList.contains("empty-form") ? next : null;
  }

  function firstLine(row) {
    const errors = row.previousElementSibling;
    return errors && errors.classList.contains("row-form-errors") ? errors : row;
  }

  function move(group, row, direction) {
    if (direction < 0) {
      const previous = rowBefore(row);
      if (previous) {
        moveRow(row, firstLine(previous));
      }
    } else {
      const next = rowAfter(row);
      if (next) {
        moveRow(next, firstLine(row));
      }
    }
    renumber(group);
  }

  function button(label, text, className) {
    const control = document.createElement("button");
    control.type = "button";
    control.className = className;
    control.textContent = text;
    control.setAttribute("aria-label", label);
    control.title = label;
    return control;
  }

  function decorate(group, row) {
    const cell = row.querySelector("td.field-position");
    if (cell === null || cell.querySelector(".fulcrum-order-controls")) {
      return;
    }
    const controls = document.createElement("span");
    controls.className = "fulcrum-order-controls";
    const handle = button("Drag to reorder", "⠿", "fulcrum-drag-handle");
    const up = button("Move up", "↑", "fulcrum-move-up");
    const down = button("Move down", "↓", "fulcrum-move-down");
    up.addEventListener("click", () => move(group, row, -1));
    down.addEventListener("click", () => move(group, row, 1));
    // Only the handle starts a drag, so text in the row stays selectable.
    handle.addEventListener("pointerdown", () => {
      row.draggable = true;
    });
    handle.addEventListener("pointerup", () => {
      row.draggable = false;
    });
    controls.append(handle, up, down);
    cell.append(controls);
    if (row.id && !row.dataset.fulcrumIndex) {
      const match = row.id.match(/-(\d+)$/);
      if (match) {
        row.dataset.fulcrumIndex = match[1];
      }
    }
  }

  function enableDragging(group) {
    const body = group.querySelector("tbody");
    let dragged = null;
    body.addEventListener("dragstart", (event) => {
      dragged = event.target.closest("tr.form-row");
      if (!dragged || !dragged.draggable) {
        dragged = null;
        return;
      }
      dragged.classList.add("fulcrum-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
    });
    body.addEventListener("dragover", (event) => {
      const target = event.target.closest("tr.form-row:not(.empty-form)");
      if (!dragged || !target || target === dragged) {
        return;
      }
      event.preventDefault();
      const box = target.getBoundingClientRect();
      if (event.clientY > box.top + box.height / 2) {
        const next = rowAfter(target);
        moveRow(dragged, next ? firstLine(next) : target.nextElementSibling);
      } else {
        moveRow(dragged, firstLine(target));
      }
    });
    body.addEventListener("drop", (event) => {
      if (dragged) {
        event.preventDefault();
      }
    });
    body.addEventListener("dragend", () => {
      if (dragged) {
        dragged.classList.remove("fulcrum-dragging");
        dragged.draggable = false;
        dragged = null;
        renumber(group);
      }
    });
  }

  // Django renumbers the forms by their order on screen when an unsaved row
  // is removed; saved rows must keep the first indexes, so put every row
  // back on its own index, in the order they were created.
  function restoreIndexes(group) {
    const prefix = prefixOf(group);
    const pattern = new RegExp("(" + prefix + "-(\\d+|__prefix__))");
    const rows = formRows(group).sort(
      (a, b) => Number(a.dataset.fulcrumIndex) - Number(b.dataset.fulcrumIndex)
    );
    rows.forEach((row, index) => {
      const replacement = prefix + "-" + index;
      for (const element of [row, ...row.querySelectorAll("*")]) {
        for (const attribute of ["id", "name", "for"]) {
          const value = element.getAttribute(attribute);
          if (value) {
            element.setAttribute(attribute, value.replace(pattern, replacement));
          }
        }
      }
      row.dataset.fulcrumIndex = index;
    });
  }

  function setUp(group) {
    for (const row of formRows(group)) {
      decorate(group, row);
    }
    enableDragging(group);
    group.addEventListener("input", () => renumber(group));
    group.addEventListener("change", () => renumber(group));
    const form = group.closest("form");
    if (form) {
      form.addEventListener("submit", () => renumber(group));
    }
    renumber(group);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const groups = orderableGroups(document);
    groups.forEach(setUp);

    document.addEventListener("formset:added", (event) => {
      const group = event.target.closest(GROUP);
      if (group && groups.includes(group)) {
        const match = event.target.id.match(/-(\d+)$/);
        event.target.dataset.fulcrumIndex = match ? match[1] : "";
        decorate(group, event.target);
        renumber(group);
      }
    });
    document.addEventListener("formset:removed", (event) => {
      for (const group of groups) {
        if (prefixOf(group) === event.detail.formsetName) {
          // Django renumbers the forms after this event: fix them up after.
          window.setTimeout(() => {
            restoreIndexes(group);
            renumber(group);
          }, 0);
        }
      }
    });
  });
}
