// The admin's language menu (templates/admin/base_site.html) switches as soon
// as a language is chosen; without JavaScript its button sends the form. A
// file, so the admin's CSP lets it run without a nonce.
"use strict";
{
  const form = document.querySelector("form.admin-language");
  if (form) {
    form.querySelector("button[type=submit]").hidden = true;
    form.elements.language.addEventListener("change", () => form.requestSubmit());
  }
}
