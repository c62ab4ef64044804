// A spot's predicted water on the road over the scenario, with the depths at which its risk level changes, and the
// water observed there (sensors, citizens' reports) as points where a live forecast has them.
(function () {
  var el = document.getElementById('spot-chart');
  if (!el || !window.echarts) {
    return;
  }
  var depths = el.dataset.depths ? el.dataset.depths.split(',').map(Number) : [];
  var step = parseInt(el.dataset.step, 10);
  var starts = el.dataset.starts ? new Date(el.dataset.starts) : null;
  var clock = new Intl.DateTimeFormat(el.dataset.lang === 'en' ? 'en-GB' : 'zh-CN',
    { timeZone: el.dataset.zone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  var labels = depths.map(function (d, i) {
    var minutes = (i + 1) * step;
    if (starts) {
      return clock.format(new Date(starts.getTime() + minutes * 60000));
    }
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return h + ':' + (m < 10 ? '0' : '') + m;
  });
  var names = el.dataset.levels.split(',');
  var lines = [['blue', '#1570ef'], ['yellow', '#b54708'], ['orange', '#e62e05'], ['red', '#b42318']].map(function (l, i) {
    return { yAxis: Number(el.dataset[l[0]]), name: names[i], lineStyle: { color: l[1], type: 'dashed' }, label: { formatter: names[i], position: 'insideEndTop' } };
  });
  var observed = el.dataset.observed ? el.dataset.observed.split(',').map(function (p) { var kv = p.split(':'); return [Number(kv[0]), Number(kv[1])]; }) : [];
  var chart = echarts.init(el);
  chart.setOption({
    title: { text: el.dataset.title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: 'cm' },
    legend: observed.length ? { bottom: 0, data: [el.dataset.predicted, el.dataset.observedName] } : undefined,
    series: [{ name: el.dataset.predicted, type: 'line', data: depths, showSymbol: false, areaStyle: { opacity: 0.2 }, itemStyle: { color: '#0b5cad' },
      markLine: { symbol: 'none', data: lines } },
      { name: el.dataset.observedName, type: 'scatter', data: observed, symbolSize: 8, itemStyle: { color: '#b42318' } }]
  });
  el.dataset.observedPoints = observed.length;
  el.dataset.points = depths.length;
  window.addEventListener('resize', function () { chart.resize(); });
})();
