// The Import page's script: "select all on this page" and the third-party search. The page works without it
// (plain forms); this only saves clicks. An import running in the background is followed by gcontacts.js.
(function () {
  'use strict';
  var all = document.querySelector('[data-select-page]');
  if (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('[data-pick]').forEach(function (box) { box.checked = all.checked; });
    });
  }

  document.querySelectorAll('[data-tp-search]').forEach(function (input) {
    var select = document.getElementById(input.getAttribute('data-tp-search'));
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch('/m/gcontacts/import/third-parties?q=' + encodeURIComponent(input.value), { credentials: 'same-origin' })
          .then(function (res) { return res.ok ? res.json() : []; })
          .then(function (list) {
            // Built with textContent: third-party names are data, never markup.
            select.replaceChildren();
            list.forEach(function (tp) {
              var option = document.createElement('option');
              option.value = String(tp.id);
              option.textContent = tp.name;
              select.appendChild(option);
            });
            var mode = document.getElementById('import-tp');
            if (mode && list.length > 0) mode.value = 'existing';
          });
      }, 250);
    });
  });

})();
