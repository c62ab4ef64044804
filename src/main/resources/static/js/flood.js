// A scenario's waterlogging spots on the map, coloured by the depth predicted at the time the slider shows: the
// spot's risk at that moment in the headquarters' words (blue, yellow, orange, red), its depth in the tooltip.
(function () {
  var el = document.getElementById('flood-map');
  if (!el || !window.L) {
    return;
  }
  var colours = { NONE: '#667085', BLUE: '#1570ef', YELLOW: '#b54708', ORANGE: '#e62e05', RED: '#b42318' };
  var fills = { NONE: '#d0d5dd', BLUE: '#84adff', YELLOW: '#fdb022', ORANGE: '#fb6514', RED: '#f04438' };
  var slider = document.getElementById('flood-time');
  var label = document.getElementById('flood-time-label');
  var map = L.map('flood-map', { zoomSnap: 0.25, attributionControl: false });
  var thresholds = null;
  var markers = [];
  var step = 5;
  var starts = el.dataset.starts ? new Date(el.dataset.starts) : null;
  var clock = new Intl.DateTimeFormat(el.dataset.lang === 'en' ? 'en-GB' : 'zh-CN',
    { timeZone: el.dataset.zone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

  function riskAt(cm) {
    if (!thresholds) {
      return 'NONE';
    }
    if (cm >= thresholds.red) { return 'RED'; }
    if (cm >= thresholds.orange) { return 'ORANGE'; }
    if (cm >= thresholds.yellow) { return 'YELLOW'; }
    return cm >= thresholds.blue ? 'BLUE' : 'NONE';
  }

  function timeLabel(index) {
    var minutes = (index + 1) * step;
    if (starts) {
      return clock.format(new Date(starts.getTime() + minutes * 60000));
    }
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return el.dataset.after.replace('{0}', h + ':' + (m < 10 ? '0' : '') + m);
  }

  function show(index) {
    markers.forEach(function (mk) {
      var cm = mk.depths[index] || 0;
      var risk = riskAt(cm);
      mk.layer.setStyle({ color: colours[risk], fillColor: fills[risk], radius: 5 + Math.min(10, cm / 10) });
      mk.layer.setTooltipContent(mk.name + ' · ' + el.dataset.depth.replace('{0}', cm.toFixed(1)));
    });
    label.textContent = timeLabel(index);
    el.dataset.shown = index;
  }

  fetch(el.dataset.geojson, { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (fc) {
      step = fc.stepMinutes;
      thresholds = fc.riskCm;
      var longest = 0, peakIndex = 0, peakSum = -1;
      var layer = L.geoJSON(fc, {
        pointToLayer: function (f, latlng) {
          var mk = L.circleMarker(latlng, { radius: 5, weight: 2, fillOpacity: 0.85 });
          mk.bindTooltip(f.properties.name);
          markers.push({ layer: mk, depths: f.properties.depthsCm, name: f.properties.name });
          longest = Math.max(longest, f.properties.depthsCm.length);
          return mk;
        }
      }).addTo(map);
      if (markers.length) {
        map.fitBounds(layer.getBounds().pad(0.1));
      } else {
        map.setView([34.75, 113.65], 12);
      }
      // open at the moment most water stands in the city
      for (var i = 0; i < longest; i++) {
        var sum = 0;
        markers.forEach(function (mk) { sum += mk.depths[i] || 0; });
        if (sum > peakSum) { peakSum = sum; peakIndex = i; }
      }
      slider.max = Math.max(0, longest - 1);
      slider.value = peakIndex;
      el.dataset.spots = markers.length;
      show(peakIndex);
    });
  slider.addEventListener('input', function () { show(parseInt(slider.value, 10)); });
})();
