// "Demand in my area": draws each chart from the data the page embeds (#my-area-data) with
// Chart.js; without scripts the tables below the charts carry the same numbers.
(function () {
  'use strict';
  var node = document.getElementById('my-area-data');
  if (!node || typeof window.Chart === 'undefined') return;
  var data;
  try { data = JSON.parse(node.textContent); } catch (e) { return; }
  var colours = ['#0d6efd', '#198754', '#fd7e14', '#6f42c1', '#d63384', '#20c997', '#6c757d', '#dc3545', '#0dcaf0', '#ffc107'];
  (data.charts || []).forEach(function (chart) {
    var canvas = document.querySelector('canvas[data-chart="' + chart.key + '"]');
    if (!canvas || !chart.series) return;
    var stacked = chart.kind === 'stacked-bar';
    var type = chart.kind === 'line' ? 'line' : 'bar';
    var percent = chart.series.some(function (s) { return s.percent; });
    var datasets = chart.series.map(function (s, i) {
      var colour = colours[i % colours.length];
      return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
    });
    new window.Chart(canvas, {
      type: type,
      data: { labels: chart.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: {
          x: { stacked: stacked },
          y: {
            stacked: stacked,
            beginAtZero: true,
            ticks: { callback: function (v) { return percent ? v + ' %' : v; } }
          }
        }
      }
    });
    canvas.setAttribute('data-drawn', 'true');
  });
})();
