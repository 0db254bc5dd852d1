/*
 * "Add another" (+) beside an autocomplete box opens its popup with the
 * name already typed in the box's search field, so nothing typed is lost:
 * the link gets ?name=..., which the admin's add form takes as the initial
 * name (members and outlets both have one).
 */
"use strict";
{
  let openSelect = null;
  const typed = new WeakMap();

  window.addEventListener("load", () => {
    const $ = window.django && window.django.jQuery;
    if (!$) {
      return;
    }
    $(document).on("select2:open", "select.admin-autocomplete", (event) => {
      openSelect = event.target;
    });
    document.addEventListener("input", (event) => {
      if (openSelect && event.target.matches(".select2-search__field")) {
        typed.set(openSelect, event.target.value.trim());
      }
    });
    // Capture: before RelatedObjectLookups opens the popup from the href.
    document.addEventListener(
      "click",
      (event) => {
        const link = event.target.closest("a.add-related");
        const wrapper = link && link.closest(".related-widget-wrapper");
        const select = wrapper && wrapper.querySelector("select.admin-autocomplete");
        if (!select) {
          return;
        }
        const url = new URL(link.href, window.location.href);
        const name = typed.get(select);
        if (name) {
          url.searchParams.set("name", name);
        } else {
          url.searchParams.delete("name");
        }
        link.href = url.toString();
      },
      true
    );
  });
}
