// The city overview map: our own GeoJSON on a blank canvas. A city's closed network has no tile server,
// so the districts themselves are the base map.
(function () {
  var styles = {
    DISTRICT: { color: '#0d2a4a', weight: 2, fillColor: '#dbe8f6', fillOpacity: 0.5 },
    STREET: { color: '#6b8db5', weight: 1, fillOpacity: 0 },
    COMMUNITY: { color: '#9fb6cf', weight: 0.5, fillOpacity: 0 },
    ROAD_SEGMENT: { color: '#7a4b00', weight: 3 }
  };
  var dots = {
    HOSPITAL: '#b42318', SCHOOL: '#1b7f3b', CHECKPOINT: '#6941c6', WATERLOGGING_SPOT: '#0086c9', VENUE: '#dc6803', ENTERPRISE: '#475467'
  };
  var shownAtStart = { DISTRICT: true, ROAD_SEGMENT: true, HOSPITAL: true, CHECKPOINT: true, WATERLOGGING_SPOT: true };
  var map = L.map('city-map', { zoomSnap: 0.25, attributionControl: false });
  map.setView([34.62, 113.47], 9);
  var control = L.control.layers(null, null, { collapsed: window.innerWidth < 1600 }).addTo(map);
  var layers = document.querySelectorAll('.map-layer');
  var districtsLoaded = false;
  layers.forEach(function (el) {
    var kind = el.dataset.kind;
    fetch('/api/city/features?kind=' + kind + '&limit=50000', { headers: { Accept: 'application/geo+json' } })
      .then(function (r) { return r.json(); })
      .then(function (fc) {
        var layer = L.geoJSON(fc, {
          style: function () { return styles[kind] || {}; },
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, { radius: kind === 'ENTERPRISE' ? 2 : 4, color: dots[kind] || '#333', weight: 1, fillOpacity: 0.8 });
          },
          onEachFeature: function (f, l) {
            l.bindTooltip(f.properties.name + (f.properties.code ? ' (' + f.properties.code + ')' : ''));
          }
        });
        layer.options.kind = kind;
        control.addOverlay(layer, el.textContent + ' (' + fc.features.length + ')');
        if (shownAtStart[kind]) {
          layer.addTo(map);
        }
        if (kind === 'DISTRICT' && !districtsLoaded) {
          districtsLoaded = true;
          map.fitBounds(layer.getBounds());
          document.getElementById('city-map').dataset.districts = fc.features.length;
        }
      });
  });

  var chartEl = document.getElementById('district-chart');
  if (chartEl && window.echarts) {
    var chart = echarts.init(chartEl);
    chart.setOption({
      title: { text: chartEl.dataset.title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: {},
      grid: { left: 90, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: chartEl.dataset.names.split(','), inverse: true },
      series: [{ type: 'bar', data: chartEl.dataset.values.split(',').map(Number), itemStyle: { color: '#0b5cad' } }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
})();
