// The rich-text editor's toolbar in the admin's language. django-prose-editor
// passes its dialogs' words through Django's gettext (the admin's JavaScript
// catalogue), but writes its toolbar's tooltips and block names ("Heading 2",
// "Paragraph") in English: translate them through the same catalogue
// (locale_overrides/*/LC_MESSAGES/djangojs.po). A file, for the admin's CSP.
"use strict";
{
  const translate = window.gettext || ((text) => text);

  function translateMenubar(menubar) {
    for (const button of menubar.querySelectorAll("[title]")) {
      button.title = translate(button.title);
    }
    for (const option of menubar.querySelectorAll("h1, h2, h3, h4, h5, h6, p")) {
      option.textContent = translate(option.textContent);
    }
  }

  // The editor is ready before its toolbar is in the page: wait for it.
  document.addEventListener("prose-editor:ready", ({ detail: { editor } }) => {
    const wrapper = editor.options.element.closest(".prose-editor");
    if (!wrapper) return;
    const menubar = () => wrapper.querySelector(".prose-menubar");
    if (menubar()) return translateMenubar(menubar());
    const observer = new MutationObserver(() => {
      if (!menubar()) return;
      observer.disconnect();
      translateMenubar(menubar());
    });
    observer.observe(wrapper, { childList: true, subtree: true });
  });
}
