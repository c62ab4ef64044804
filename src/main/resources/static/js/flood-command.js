// The headquarters' map: the districts' outlines, the rain gauges with their last reading and recent sums, the
// incidents citizens reported (sized by depth) and the open tasks with a place (red when overdue). Data comes with the
// page (a JSON script element), so the map shows what the lists beside it show.
(function () {
  var el = document.getElementById('command-map');
  var dataEl = document.getElementById('command-data');
  if (!el || !dataEl || !window.L) {
    return;
  }
  var data = JSON.parse(dataEl.textContent || '{}');
  var map = L.map('command-map', { attributionControl: false }).setView([34.76, 113.66], 12);
  var points = [];
  fetch('/api/city/features?kind=DISTRICT', { headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.json(); })
    .then(function (fc) {
      L.geoJSON(fc, { style: { color: '#0b5cad', weight: 1.5, fill: false } }).addTo(map);
    });
  (data.gauges || []).forEach(function (g) {
    var sums = Object.keys(g.sums || {}).map(function (h) { return h + 'h ' + g.sums[h].toFixed(1) + ' mm'; }).join(' · ');
    L.circleMarker([g.lat, g.lon], { radius: 7, color: '#0b5cad', fillColor: '#84adff', fillOpacity: 0.9, className: 'gauge-marker' })
      .bindTooltip(g.name + '<br>' + el.dataset.gauge.replace('{0}', g.lastMm.toFixed(1)) + '<br>' + sums).addTo(map);
    points.push([g.lat, g.lon]);
  });
  (data.incidents || []).forEach(function (i) {
    L.circleMarker([i.lat, i.lon], { radius: 5 + Math.min(12, i.cm / 8), color: '#b42318', fillColor: '#f04438', fillOpacity: 0.7, className: 'incident-marker' })
      .bindTooltip(i.name + '<br>' + el.dataset.incident.replace('{0}', i.cm).replace('{1}', i.reports)).addTo(map);
    points.push([i.lat, i.lon]);
  });
  (data.tasks || []).forEach(function (t) {
    var m = L.circleMarker([t.lat, t.lon], { radius: 5, color: t.overdue ? '#b42318' : '#475467', fillColor: t.overdue ? '#fda29b' : '#f2f4f7',
      fillOpacity: 1, className: 'task-marker' }).bindTooltip(t.title).addTo(map);
    m.on('click', function () { location.href = '/flood/tasks/' + t.id; });
    points.push([t.lat, t.lon]);
  });
  if (points.length > 1) {
    map.fitBounds(L.latLngBounds(points).pad(0.15));
  }
  el.dataset.markers = points.length;
})();
