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
