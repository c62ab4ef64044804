// The twin pages: a Leaflet map of the search results (GeoJSON straight from the NGSI-LD API, with CityBrain's
// context in the Link header) and an ECharts chart of an entity's numeric attribute history.
(function () {
  var LINK = '<' + location.origin + '/ngsi-ld/contexts/citybrain.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"';
  var mapEl = document.getElementById('twin-map');
  if (mapEl && window.L) {
    var map = L.map('twin-map', { attributionControl: false }).setView([34.75, 113.65], 11);
    var layer = null;
    // The districts' outlines, so results are seen in the city they lie in.
    fetch('/api/city/features?kind=DISTRICT', { headers: { Accept: 'application/geo+json' } })
      .then(function (r) { return r.json(); })
      .then(function (fc) {
        L.geoJSON(fc, {
          style: { color: '#0b5cad', weight: 2, fill: false },
          onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { sticky: true }); }
        }).addTo(map);
        mapEl.dataset.districts = fc.features ? fc.features.length : 0;
      });
    // A point picked on the map fills the "near" fields of the search.
    map.on('click', function (e) {
      var form = document.getElementById('twin-search');
      if (!form) { return; }
      form.elements.lon.value = e.latlng.lng.toFixed(5);
      form.elements.lat.value = e.latlng.lat.toFixed(5);
      if (!form.elements.radius.value) { form.elements.radius.value = 500; }
    });
    var draw = function () {
      var q = document.getElementById('map-query');
      if (!q || !q.dataset.query) { if (layer) { map.removeLayer(layer); layer = null; } return; }
      fetch('/ngsi-ld/v1/entities?' + q.dataset.query, { headers: { Accept: 'application/geo+json', Link: LINK } })
        .then(function (r) { return r.json(); })
        .then(function (fc) {
          if (layer) { map.removeLayer(layer); }
          layer = L.geoJSON(fc, {
            pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 5, color: '#b42318', fillOpacity: 0.8 }); },
            onEachFeature: function (f, l) {
              var name = f.properties.name && f.properties.name.value ? f.properties.name.value : f.id;
              l.bindTooltip(name);
              l.on('click', function () { location.href = '/twin/entity?id=' + encodeURIComponent(f.id); });
            }
          }).addTo(map);
          mapEl.dataset.features = fc.features ? fc.features.length : 0;
          if (fc.features && fc.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 15 }); }
        });
    };
    draw();
    document.body.addEventListener('htmx:afterSwap', draw);
  }
  var chartEl = document.getElementById('history-chart');
  if (chartEl && window.echarts) {
    var history = JSON.parse(chartEl.dataset.history || '{}');
    var names = Object.keys(history);
    if (!names.length) {
      chartEl.textContent = chartEl.dataset.empty;
      chartEl.style.height = 'auto';
      return;
    }
    var chart = echarts.init(chartEl);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: names },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: names.map(function (n) { return { name: n, type: 'line', showSymbol: true, data: history[n] }; })
    });
    chartEl.dataset.series = names.length;
  }
})();
