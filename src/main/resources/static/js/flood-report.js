// The citizen's flood report: the place from the phone's location or a tap on the map (the districts' outlines and
// the main roads show where one is), kept in the form's hidden lat/long fields and marked on the map.
(function () {
  var el = document.getElementById('report-map');
  if (!el || !window.L) {
    return;
  }
  var lat = document.getElementById('report-lat-value');
  var lon = document.getElementById('report-long-value');
  var said = document.getElementById('report-place');
  var map = L.map('report-map', { attributionControl: false }).setView([34.76, 113.66], 12);
  var marker = null;
  fetch('/api/city/features?kind=DISTRICT', { headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.json(); })
    .then(function (fc) { L.geoJSON(fc, { style: { color: '#0b5cad', weight: 1.5, fill: false }, interactive: false }).addTo(map); });
  fetch('/api/city/features?kind=ROAD_SEGMENT&limit=5000', { headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.json(); })
    .then(function (fc) { L.geoJSON(fc, { style: { color: '#98a2b3', weight: 2 }, interactive: false }).addTo(map); });

  function choose(la, lo) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    if (marker) {
      marker.setLatLng([la, lo]);
    } else {
      marker = L.marker([la, lo]).addTo(map);
    }
    said.textContent = el.dataset.chosen;
    el.dataset.chosenAt = lat.value + ',' + lon.value;
  }
  if (lat.value && lon.value) {
    choose(parseFloat(lat.value), parseFloat(lon.value));
    map.setView([parseFloat(lat.value), parseFloat(lon.value)], 15);
  }
  map.on('click', function (e) { choose(e.latlng.lat, e.latlng.lng); });
  var locate = document.getElementById('report-locate');
  if (locate) {
    locate.addEventListener('click', function () {
      if (!navigator.geolocation) { return; }
      navigator.geolocation.getCurrentPosition(function (p) {
        choose(p.coords.latitude, p.coords.longitude);
        map.setView([p.coords.latitude, p.coords.longitude], 16);
      });
    });
  }
})();
