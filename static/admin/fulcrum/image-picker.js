/*
 * A piece's image, chosen by sight: "Choose from the library" opens a grid
 * of thumbnails searchable by caption, credit, alt text and file name
 * (CommentaryAdmin's images/ URL, articles/admin_images.py); choosing one
 * fills the Image box. Whatever fills the box, the thumbnail and credit line
 * under it follow.
 */
"use strict";
{
  function isWeb(url) {
    return /^https?:\/\//i.test(url);
  }

  function thumbnail(image, size) {
    const img = document.createElement("img");
    img.src = image.url;
    img.alt = image.alt;
    img.width = size;
    img.className = "fulcrum-thumb";
    img.loading = "lazy";
    return img;
  }

  function showChosen(box, image) {
    if (!box) {
      return;
    }
    if (!image) {
      box.textContent = "No image chosen.";
      return;
    }
    const chosen = document.createElement("span");
    chosen.className = "fulcrum-image-chosen";
    const words = document.createElement("span");
    const credit = document.createElement("small");
    credit.textContent = image.credit;
    if (image.source && isWeb(image.source)) {
      const link = document.createElement("a");
      link.href = image.source;
      link.rel = "noopener noreferrer";
      link.textContent = "source";
      credit.append(" ", link);
    }
    words.append(image.label, document.createElement("br"), credit);
    chosen.append(thumbnail(image, 120), words);
    box.replaceChildren(chosen);
  }

  async function fetchImages(url, params) {
    const address = new URL(url, window.location.href);
    for (const [key, value] of Object.entries(params)) {
      address.searchParams.set(key, value);
    }
    const response = await fetch(address, { credentials: "same-origin" });
    return response.ok ? (await response.json()).images : [];
  }

  function attach(select, url) {
    const $ = window.django.jQuery;
    const row = select.closest(".form-row") || select.parentElement;
    const chosenBox = document.querySelector(".field-image_chosen .readonly");
    const open = document.createElement("button");
    open.type = "button";
    open.className = "button fulcrum-library-open";
    open.textContent = "Choose from the library";
    open.setAttribute("aria-expanded", "false");
    const panel = document.createElement("div");
    panel.className = "fulcrum-library";
    panel.hidden = true;
    const search = document.createElement("input");
    search.type = "search";
    search.className = "vTextField";
    search.placeholder = "Search captions, credits, file names";
    search.setAttribute("aria-label", "Search the image library");
    const grid = document.createElement("ul");
    grid.className = "fulcrum-library-grid";
    panel.append(search, grid);
    row.append(open, panel);
    let asked = 0;

    function choose(image) {
      if (!select.querySelector(`option[value="${image.id}"]`)) {
        select.append(new Option(image.label, image.id, false, false));
      }
      select.value = String(image.id);
      $(select).trigger("change");
      showChosen(chosenBox, image);
      panel.hidden = true;
      open.setAttribute("aria-expanded", "false");
      open.focus();
    }

    async function fill() {
      const mine = ++asked;
      const images = await fetchImages(url, { q: search.value.trim() });
      if (mine !== asked) {
        return;
      }
      grid.replaceChildren();
      for (const image of images) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.title = image.label;
        button.setAttribute("aria-label", `Choose ${image.label}`);
        const credit = document.createElement("span");
        credit.textContent = image.credit;
        button.append(thumbnail(image, 96), credit);
        button.addEventListener("click", () => choose(image));
        item.append(button);
        grid.append(item);
      }
      if (!images.length) {
        const none = document.createElement("li");
        none.textContent = "No image matches.";
        grid.append(none);
      }
    }

    let timer = null;
    search.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(fill, 200);
    });
    open.addEventListener("click", () => {
      panel.hidden = !panel.hidden;
      open.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) {
        fill();
        search.focus();
      }
    });
    // Chosen in the autocomplete box, or cleared: the thumbnail follows.
    $(select).on("change", async () => {
      if (!select.value) {
        showChosen(chosenBox, null);
        return;
      }
      const [image] = await fetchImages(url, { id: select.value });
      showChosen(chosenBox, image);
    });
  }

  window.addEventListener("load", () => {
    const desk = document.getElementById("fulcrum-desk");
    const select = document.querySelector("select[name=image]");
    if (desk && select && desk.dataset.imagesUrl && window.django) {
      attach(select, desk.dataset.imagesUrl);
    }
  });
}
