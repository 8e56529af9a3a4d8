/* template helpers */
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var items = document.querySelectorAll('.wp-menu .menu-item');
    for (var i = 0; i < items.length; i++) {
      items[i].addEventListener('mouseenter', function () { this.className += ' hover'; });
      items[i].addEventListener('mouseleave', function () { this.className = this.className.replace(' hover', ''); });
    }
  });
})();
