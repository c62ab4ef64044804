// The services' statistics as charts (ECharts): volume by department, and the on-time and online shares. The figures
// come from the page itself (data attributes the server wrote), so the charts and the table below never disagree.
(function () {
  if (!window.echarts) {
    return;
  }
  function numbers(el, name) {
    return el.dataset[name] ? el.dataset[name].split(',').map(Number) : [];
  }
  function bars(el, series, max) {
    var chart = echarts.init(el);
    var names = el.dataset.names ? el.dataset.names.split(',') : [];
    chart.setOption({
      title: { text: el.dataset.title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 150, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'value', max: max },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
      series: series
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
  var volume = document.getElementById('volume-chart');
  if (volume) {
    bars(volume, [
      { name: volume.dataset.submittedLabel, type: 'bar', data: numbers(volume, 'submitted'), itemStyle: { color: '#0b5cad' } },
      { name: volume.dataset.decidedLabel, type: 'bar', data: numbers(volume, 'decided'), itemStyle: { color: '#1b7f3b' } }
    ]);
  }
  var share = document.getElementById('share-chart');
  if (share) {
    bars(share, [
      { name: share.dataset.onTimeLabel, type: 'bar', data: numbers(share, 'onTime'), itemStyle: { color: '#1b7f3b' } },
      { name: share.dataset.onlineLabel, type: 'bar', data: numbers(share, 'online'), itemStyle: { color: '#dc6803' } }
    ], 100);
  }
})();
