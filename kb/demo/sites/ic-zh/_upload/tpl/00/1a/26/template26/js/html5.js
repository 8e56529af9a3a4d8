/* html5 elements for old browsers */
(function(){var e='header,nav,article,section,aside,footer'.split(',');for(var i=0;i<e.length;i++){document.createElement(e[i]);}})();
