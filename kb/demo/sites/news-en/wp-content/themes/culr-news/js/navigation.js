/* Toggles the small-screen navigation menu. */
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.querySelector('.menu-toggle'), m = document.getElementById('primary-menu');
    if (!b || !m) { return; }
    b.addEventListener('click', function () {
      var open = b.getAttribute('aria-expanded') === 'true';
      b.setAttribute('aria-expanded', open ? 'false' : 'true');
      m.classList.toggle('toggled', !open);
    });
  });
})();
