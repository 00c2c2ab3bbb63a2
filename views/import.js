// The Import page's script: "select all on this page", the third-party search, and the progress of an import
// running in the background. The page works without it (plain forms); this only saves clicks.
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

  var progress = document.querySelector('[data-run-url]');
  if (progress) {
    var bar = progress.querySelector('progress');
    var poll = function () {
      fetch(progress.getAttribute('data-run-url'), { credentials: 'same-origin' })
        .then(function (res) { return res.json(); })
        .then(function (run) {
          if (bar) {
            bar.max = run.total || 1;
            bar.value = run.done;
          }
          if (run.status === 'running') setTimeout(poll, 1000);
          else window.location.reload();
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 1000);
  }
})();
