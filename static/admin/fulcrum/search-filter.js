/*
 * List filters that search (articles/admin_filters.py): picking a value in
 * the filter's autocomplete box shows the list filtered by it; clearing the
 * box shows the list without that filter. Other filters and the search stay.
 */
"use strict";
window.addEventListener("load", () => {
  const $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  $(document).on("change", "select.fulcrum-filter-search", (event) => {
    const select = event.target;
    const url = new URL(window.location.href);
    url.searchParams.delete("p");
    if (select.value) {
      url.searchParams.set(select.dataset.parameter, select.value);
    } else {
      url.searchParams.delete(select.dataset.parameter);
    }
    window.location.assign(url.toString());
  });
});
