// Enhancements only: every page works without this file.
// "/" jumps to the search box, as on most search sites.
document.addEventListener("keydown", (event) => {
  const box = document.querySelector(".searchbar input[name=q]");
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (event.key === "/" && box && !typing) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

// Browsers that cannot style a closed <details> open (see app.css) open the filters on wide
// screens, where they stand beside the results.
if (!CSS.supports("selector(::details-content)") && matchMedia("(min-width: 801px)").matches) {
  for (const filters of document.querySelectorAll("details.filters")) filters.open = true;
}
