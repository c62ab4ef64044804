// htmx requests carry the CSRF token that Spring Security expects on every state-changing request.
document.addEventListener('htmx:configRequest', function (e) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    e.detail.headers[header.content] = token.content;
  }
});

// The error summary takes the focus when a refused form comes back, so a screen reader reads it first (GOV.UK pattern).
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('.error-summary[data-focus]');
  if (summary) {
    summary.focus();
  }
});

// A running clock (the code screen: a guard compares it with his own watch; a screenshot does not tick).
// The server sends the city's time zone offset in data-offset-minutes so the clock shows the city's time on any phone.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-clock]').forEach(function (el) {
    var offset = parseInt(el.getAttribute('data-offset-minutes') || '480', 10);
    function pad(n) { return (n < 10 ? '0' : '') + n; }
    function tick() {
      var t = new Date(Date.now() + offset * 60000);
      el.textContent = t.getUTCFullYear() + '-' + pad(t.getUTCMonth() + 1) + '-' + pad(t.getUTCDate()) + ' '
        + pad(t.getUTCHours()) + ':' + pad(t.getUTCMinutes()) + ':' + pad(t.getUTCSeconds());
    }
    tick();
    setInterval(tick, 1000);
  });
});

// Place pickers (ui :: place): typing searches the division list by name and offers the matches in the datalist;
// the cascade (province → city → county → street → community) fills the same field with the chosen place's label.
// The server resolves the label (or a unique name, or a code) to the division, so the form works without this script.
document.addEventListener('DOMContentLoaded', function () {
  function json(url, then) {
    var r = new XMLHttpRequest();
    r.open('GET', url);
    r.setRequestHeader('Accept', 'application/json');
    r.onload = function () { if (r.status === 200) { then(JSON.parse(r.responseText)); } };
    r.send();
  }
  function fill(select, items, chooseText) {
    select.innerHTML = '';
    var none = document.createElement('option');
    none.value = '';
    none.textContent = chooseText;
    select.appendChild(none);
    items.forEach(function (d) {
      var o = document.createElement('option');
      o.value = d.code;
      o.textContent = d.name;
      o.setAttribute('data-label', d.label);
      select.appendChild(o);
    });
    select.disabled = items.length === 0;
  }
  document.querySelectorAll('.place-picker').forEach(function (picker) {
    var input = picker.querySelector('input.place-search');
    var list = picker.querySelector('datalist');
    var scope = picker.getAttribute('data-scope') || 'ANY';
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 1) { return; }
      timer = setTimeout(function () {
        json('/api/city/divisions/search?scope=' + scope + '&q=' + encodeURIComponent(q), function (items) {
          list.innerHTML = '';
          items.forEach(function (d) {
            var o = document.createElement('option');
            o.value = d.label;
            list.appendChild(o);
          });
        });
      }, 200);
    });
    var levels = picker.querySelectorAll('select.cascade-level');
    if (levels.length === 0) { return; }
    var chooseText = levels[0].options[0].textContent;
    var details = picker.querySelector('details.cascade');
    details.addEventListener('toggle', function () {
      if (details.open && levels[0].options.length <= 1) {
        json('/api/city/divisions', function (items) { fill(levels[0], items, chooseText); });
      }
    });
    levels.forEach(function (select, i) {
      select.addEventListener('change', function () {
        for (var j = i + 1; j < levels.length; j++) { fill(levels[j], [], chooseText); }
        var chosen = select.options[select.selectedIndex];
        if (!select.value) { return; }
        input.value = chosen.getAttribute('data-label');
        input.dispatchEvent(new Event('change'));
        if (i + 1 < levels.length) {
          json('/api/city/divisions?parent=' + encodeURIComponent(select.value), function (items) {
            // A province's own cities, a municipality's districts; below a county only this city has streets.
            fill(levels[i + 1], items, chooseText);
          });
        }
      });
    });
  });
});

// A button that prints the page (a counter's receipt): inline handlers are not allowed by the content security policy.
document.addEventListener('click', function (e) {
  var b = e.target.closest && e.target.closest('[data-print]');
  if (b) {
    window.print();
  }
});

// The kiosk's card reader: fills the ID number from the reader the button names (the demo's simulated one).
document.addEventListener('click', function (e) {
  var b = e.target.closest && e.target.closest('[data-card-reader]');
  if (!b) {
    return;
  }
  var field = document.querySelector(b.getAttribute('data-target'));
  fetch(b.getAttribute('data-card-reader'), {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (card) {
      if (card && card.idNumber) {
        field.value = card.idNumber;
        field.dispatchEvent(new Event('input', {bubbles: true}));
      } else {
        alert(b.getAttribute('data-missing'));
      }
    });
});

// A kiosk ends every session after inactivity: it signs out (or, before sign-in, reloads the empty sign-in page), so
// the next person finds nothing of the last one — no page, no typed number, nothing in the browser's storage.
document.addEventListener('DOMContentLoaded', function () {
  var root = document.documentElement;
  var meta = document.querySelector('meta[name="kiosk-idle-seconds"]');
  var idle = meta ? parseInt(meta.getAttribute('content') || '0', 10) : 0;
  if (!root.classList.contains('kiosk') || !idle) {
    return;
  }
  var timer;
  function leave() {
    try { sessionStorage.clear(); localStorage.clear(); } catch (ignored) { /* storage off */ }
    var out = document.querySelector('form[action$="/logout"]');
    if (out) {
      out.submit();
    } else {
      location.replace('/login');
    }
  }
  function touched() {
    clearTimeout(timer);
    timer = setTimeout(leave, idle * 1000);
  }
  ['pointerdown', 'keydown', 'input', 'touchstart', 'scroll'].forEach(function (t) {
    document.addEventListener(t, touched, {passive: true});
  });
  touched();
});
